{{/* Names, labels and the RBAC rules of the geo-hub-operator chart. */}}

{{- define "geo-hub-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "geo-hub-operator.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 50 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 50 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 50 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "geo-hub-operator.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "geo-hub-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "geo-hub-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "geo-hub-operator.labels" -}}
helm.sh/chart: {{ include "geo-hub-operator.chart" . }}
{{ include "geo-hub-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ default .Chart.AppVersion .Values.image.tag | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: geo-hub
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "geo-hub-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "geo-hub-operator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "geo-hub-operator.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{- define "geo-hub-operator.namespacedRbac" -}}
{{- if and .Values.rbac.namespaced .Values.watchNamespaces }}true{{ end }}
{{- end }}

{{/*
Rules on namespaced resources: exactly operator/src/main/kubernetes/rbac.yaml (scripts/check-distribution
compares them).
*/}}
{{- define "geo-hub-operator.namespacedRules" -}}
# The custom resource: watched, and its status written.
- apiGroups: ["geoprotocol.io"]
  resources: ["geohubs"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["geoprotocol.io"]
  resources: ["geohubs/status"]
  verbs: ["get", "patch", "update"]
# Owned objects carry blockOwnerDeletion; where owner-reference permissions are enforced that
# needs the right to update the owner's finalizers.
- apiGroups: ["geoprotocol.io"]
  resources: ["geohubs/finalizers"]
  verbs: ["update"]
# Owned objects that are created, then patched when the spec changes.
- apiGroups: [""]
  resources: ["configmaps", "services"]
  verbs: ["get", "list", "watch", "create", "patch"]
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["get", "list", "watch", "create", "patch"]
# Owned objects that are also removed when their section is switched off.
- apiGroups: ["batch"]
  resources: ["cronjobs"]
  verbs: ["get", "list", "watch", "create", "patch", "delete"]
- apiGroups: ["policy"]
  resources: ["poddisruptionbudgets"]
  verbs: ["get", "list", "watch", "create", "patch", "delete"]
- apiGroups: ["networking.k8s.io"]
  resources: ["ingresses"]
  verbs: ["get", "list", "watch", "create", "patch", "delete"]
# Migration Jobs are created once and never changed; old versions' Jobs are deleted.
- apiGroups: ["batch"]
  resources: ["jobs"]
  verbs: ["get", "list", "watch", "create", "delete"]
# Secrets: the generated <name>-auth is created once; user Secrets are read for the checksum.
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "list", "watch", "create"]
# Stuck hub and migration pods (image pull errors) are reported in status.
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["list"]
# The backup target claim must exist before the backup CronJob is created.
- apiGroups: [""]
  resources: ["persistentvolumeclaims"]
  verbs: ["get"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create"]
- apiGroups: ["monitoring.coreos.com"]
  resources: ["servicemonitors", "prometheusrules"]
  verbs: ["get", "create", "patch", "delete"]
{{- end }}

{{/* Cluster-scoped: only to learn whether the Prometheus Operator is installed. */}}
{{- define "geo-hub-operator.clusterRules" -}}
- apiGroups: ["apiextensions.k8s.io"]
  resources: ["customresourcedefinitions"]
  resourceNames: ["servicemonitors.monitoring.coreos.com", "prometheusrules.monitoring.coreos.com"]
  verbs: ["get"]
{{- end }}

{{- define "geo-hub-operator.validateValues" -}}
{{- $errors := list }}
{{- if and (gt (int .Values.replicaCount) 1) (not .Values.leaderElection.enabled) }}
{{- $errors = append $errors "replicaCount > 1 needs leaderElection.enabled=true (two active operators would fight over the same objects)" }}
{{- end }}
{{- if and .Values.rbac.namespaced (not .Values.watchNamespaces) }}
{{- $errors = append $errors "rbac.namespaced=true needs watchNamespaces (the namespaces to grant)" }}
{{- end }}
{{- if and .Values.metrics.serviceMonitor.enabled (not .Values.metrics.service.enabled) }}
{{- $errors = append $errors "metrics.serviceMonitor.enabled=true needs metrics.service.enabled=true" }}
{{- end }}
{{- if $errors }}
{{- fail (printf "\n\nINVALID VALUES:\n - %s\n" (join "\n - " $errors)) }}
{{- end }}
{{- end }}
