{{/* Names, labels and shared snippets of the geo-hub chart. */}}

{{- define "geo-hub.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Leaves room for the longest suffix (-postgresql, -migrate-env) within 63 characters. */}}
{{- define "geo-hub.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 40 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "geo-hub.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "geo-hub.selectorLabels" -}}
app.kubernetes.io/name: {{ include "geo-hub.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "geo-hub.labels" -}}
helm.sh/chart: {{ include "geo-hub.chart" . }}
{{ include "geo-hub.selectorLabels" . }}
app.kubernetes.io/version: {{ include "geo-hub.imageTag" . | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: geo-hub
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "geo-hub.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "geo-hub.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "geo-hub.imageTag" -}}
{{- default .Chart.AppVersion .Values.image.tag }}
{{- end }}

{{- define "geo-hub.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (include "geo-hub.imageTag" .) }}
{{- end }}
{{- end }}

{{/* The Secret holding JWT_SECRET and ADMIN_TOKEN. */}}
{{- define "geo-hub.authSecretName" -}}
{{- default (include "geo-hub.fullname" .) .Values.auth.existingSecret }}
{{- end }}

{{- define "geo-hub.postgresql.fullname" -}}
{{- printf "%s-postgresql" (include "geo-hub.fullname" .) }}
{{- end }}

{{- define "geo-hub.postgresql.secretName" -}}
{{- default (include "geo-hub.postgresql.fullname" .) .Values.postgresql.auth.existingSecret }}
{{- end }}

{{- define "geo-hub.redis.fullname" -}}
{{- printf "%s-redis" (include "geo-hub.fullname" .) }}
{{- end }}

{{/*
A Secret value: the one given in values, else the one already stored in the cluster (so
upgrades keep generated secrets), else a new random one.
Arguments: dict "ctx" $ "secret" name "key" key "value" given "length" n
*/}}
{{- define "geo-hub.secretValue" -}}
{{- if .value }}
{{- .value | b64enc }}
{{- else }}
{{- $existing := lookup "v1" "Secret" .ctx.Release.Namespace .secret }}
{{- $data := dict }}
{{- if $existing }}{{ $data = (get $existing "data") | default dict }}{{ end }}
{{- if hasKey $data .key }}
{{- get $data .key }}
{{- else }}
{{- randAlphaNum (int .length) | b64enc }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Environment entries that give the container DATABASE_URL. With the bundled PostgreSQL the
kubelet assembles the URL from the credentials Secret, so the password is in no spec.
Argument: dict "ctx" $ "secret" name-of-a-secret-holding-DATABASE_URL
*/}}
{{- define "geo-hub.databaseEnv" -}}
{{- $ := .ctx }}
{{- if $.Values.postgresql.enabled }}
- name: DB_USER
  value: {{ $.Values.postgresql.auth.username | quote }}
- name: DB_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "geo-hub.postgresql.secretName" $ }}
      key: {{ $.Values.postgresql.auth.passwordKey }}
- name: DATABASE_URL
  value: {{ printf "postgresql://$(DB_USER):$(DB_PASSWORD)@%s:5432/%s?sslmode=disable" (include "geo-hub.postgresql.fullname" $) $.Values.postgresql.auth.database | quote }}
{{- else if $.Values.externalDatabase.existingSecret }}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ $.Values.externalDatabase.existingSecret }}
      key: {{ $.Values.externalDatabase.existingSecretKey }}
{{- else }}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ .secret }}
      key: DATABASE_URL
{{- end }}
{{- end }}

{{/* Environment entries that give the hub REDIS_URL, when Redis is used. */}}
{{- define "geo-hub.redisEnv" -}}
{{- if .Values.redis.enabled }}
- name: REDIS_URL
  value: {{ printf "redis://%s:6379/0" (include "geo-hub.redis.fullname" .) | quote }}
{{- else if .Values.externalRedis.existingSecret }}
- name: REDIS_URL
  valueFrom:
    secretKeyRef:
      name: {{ .Values.externalRedis.existingSecret }}
      key: {{ .Values.externalRedis.existingSecretKey }}
{{- else if .Values.externalRedis.url }}
- name: REDIS_URL
  valueFrom:
    secretKeyRef:
      name: {{ include "geo-hub.fullname" . }}
      key: REDIS_URL
{{- end }}
{{- end }}

{{- define "geo-hub.redisUsed" -}}
{{- if or .Values.redis.enabled .Values.externalRedis.url .Values.externalRedis.existingSecret }}true{{ end }}
{{- end }}

{{/* Waits for the bundled PostgreSQL before the container starts (bash is in the hub image). */}}
{{- define "geo-hub.waitForPostgresql" -}}
{{- if .Values.postgresql.enabled }}
- name: wait-for-postgresql
  image: {{ include "geo-hub.image" . }}
  imagePullPolicy: {{ .Values.image.pullPolicy }}
  command:
    - bash
    - -c
    - until timeout 2 bash -c '>/dev/tcp/{{ include "geo-hub.postgresql.fullname" . }}/5432'; do echo waiting for postgresql; sleep 2; done
  securityContext:
    {{- toYaml .Values.securityContext | nindent 4 }}
  resources:
    requests:
      cpu: 10m
      memory: 16Mi
    limits:
      memory: 64Mi
{{- end }}
{{- end }}

{{/* Fails rendering on contradictory or unsafe values, naming the value to fix. */}}
{{- define "geo-hub.validateValues" -}}
{{- $errors := list }}
{{- $db := .Values.externalDatabase }}
{{- if and .Values.postgresql.enabled (or $db.url $db.existingSecret) }}
{{- $errors = append $errors "postgresql.enabled=true and externalDatabase.* are both set: choose the bundled PostgreSQL or an external database" }}
{{- end }}
{{- if and (not .Values.postgresql.enabled) (not $db.url) (not $db.existingSecret) }}
{{- $errors = append $errors "no database: set externalDatabase.url or externalDatabase.existingSecret, or postgresql.enabled=true (evaluation only)" }}
{{- end }}
{{- if and $db.url $db.existingSecret }}
{{- $errors = append $errors "externalDatabase.url and externalDatabase.existingSecret are both set: use one" }}
{{- end }}
{{- if and $db.url (not (regexMatch "^(postgres|postgresql(\\+asyncpg)?)://" $db.url)) }}
{{- $errors = append $errors "externalDatabase.url must start with postgresql://, postgres:// or postgresql+asyncpg://" }}
{{- end }}
{{- $r := .Values.externalRedis }}
{{- if and .Values.redis.enabled (or $r.url $r.existingSecret) }}
{{- $errors = append $errors "redis.enabled=true and externalRedis.* are both set: choose one" }}
{{- end }}
{{- if and $r.url $r.existingSecret }}
{{- $errors = append $errors "externalRedis.url and externalRedis.existingSecret are both set: use one" }}
{{- end }}
{{- if and .Values.auth.existingSecret (or .Values.auth.jwtSecret .Values.auth.adminToken) }}
{{- $errors = append $errors "auth.existingSecret is set together with auth.jwtSecret/auth.adminToken: use one" }}
{{- end }}
{{- if and .Values.auth.jwtSecret (lt (len .Values.auth.jwtSecret) 32) (not .Values.config.debug) }}
{{- $errors = append $errors "auth.jwtSecret must have at least 32 characters (the hub refuses shorter ones unless config.debug=true)" }}
{{- end }}
{{- if and .Values.auth.adminToken (lt (len .Values.auth.adminToken) 16) (not .Values.config.debug) }}
{{- $errors = append $errors "auth.adminToken must have at least 16 characters (the hub refuses shorter ones unless config.debug=true)" }}
{{- end }}
{{- range $key, $value := dict "auth.jwtSecret" .Values.auth.jwtSecret "auth.adminToken" .Values.auth.adminToken }}
{{- if and $value (not $.Values.config.debug) (regexMatch "(?i)replace-me|replace-with|change-?me" $value) }}
{{- $errors = append $errors (printf "%s is a placeholder (the hub refuses it unless config.debug=true): set a generated value or leave it empty" $key) }}
{{- end }}
{{- end }}
{{- if and .Values.ingress.enabled (not .Values.ingress.host) }}
{{- $errors = append $errors "ingress.enabled=true needs ingress.host" }}
{{- end }}
{{- if and .Values.ingress.tls.enabled (not .Values.ingress.tls.secretName) }}
{{- $errors = append $errors "ingress.tls.enabled=true needs ingress.tls.secretName" }}
{{- end }}
{{- $pdb := .Values.podDisruptionBudget }}
{{- if and $pdb.enabled (ne (toString $pdb.minAvailable) "") (ne (toString $pdb.maxUnavailable) "") }}
{{- $errors = append $errors "podDisruptionBudget: set minAvailable or maxUnavailable, not both" }}
{{- end }}
{{- if and .Values.autoscaling.enabled (gt (int .Values.autoscaling.minReplicas) (int .Values.autoscaling.maxReplicas)) }}
{{- $errors = append $errors "autoscaling.minReplicas is greater than autoscaling.maxReplicas" }}
{{- end }}
{{- if and .Values.autoscaling.enabled (not .Values.autoscaling.targetCPUUtilizationPercentage) (not .Values.autoscaling.targetMemoryUtilizationPercentage) }}
{{- $errors = append $errors "autoscaling.enabled=true needs autoscaling.targetCPUUtilizationPercentage or targetMemoryUtilizationPercentage" }}
{{- end }}
{{- if and .Values.postgresql.enabled .Values.postgresql.auth.password .Values.postgresql.auth.existingSecret }}
{{- $errors = append $errors "postgresql.auth.password and postgresql.auth.existingSecret are both set: use one" }}
{{- end }}
{{- if and .Values.postgresql.enabled .Values.postgresql.auth.password (not (regexMatch "^[A-Za-z0-9._~-]+$" .Values.postgresql.auth.password)) }}
{{- $errors = append $errors "postgresql.auth.password may only hold A-Z a-z 0-9 . _ ~ - (it goes into DATABASE_URL unencoded)" }}
{{- end }}
{{- if $errors }}
{{- fail (printf "\n\nINVALID VALUES:\n - %s\n" (join "\n - " $errors)) }}
{{- end }}
{{- end }}
