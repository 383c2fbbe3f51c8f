#!/usr/bin/env bash
# helm lint --strict and helm template of both charts with default values, every ci/*-values.yaml
# scenario, and values that must be refused. Called by scripts/check-distribution when helm is
# on PATH.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2

# A helm built with `go install` assumes Kubernetes 1.20; the charts need 1.25+.
KUBE_VERSION="${KUBE_VERSION:-1.29.0}"
failed=0
render() {  # render CHART SCENARIO EXISTING_SECRETS -- helm args...
    local chart="$1" scenario="$2" existing="$3"
    shift 4
    local out
    if ! out="$(helm template geo "helm/$chart" --namespace geo --kube-version "$KUBE_VERSION" "$@" 2>&1)"; then
        echo "FAIL helm template $chart ($scenario):"
        echo "$out" | sed 's/^/     /' | head -20
        failed=1
        return
    fi
    # shellcheck disable=SC2086
    echo "$out" | python3 scripts/lib/check_rendered.py "$chart/$scenario" $existing || failed=1
}

refuse() {  # refuse CHART WHY EXPECTED_REGEX -- helm args (messages differ between Helm 3 and 4)
    local chart="$1" why="$2" expected="$3"
    shift 4
    local out
    if out="$(helm template geo "helm/$chart" --namespace geo --kube-version "$KUBE_VERSION" "$@" 2>&1)"; then
        echo "FAIL $chart accepted $why"
        failed=1
    elif ! grep -qE -- "$expected" <<<"$out"; then
        echo "FAIL $chart refused $why, but without \"$expected\":"
        echo "$out" | sed 's/^/     /' | head -5
        failed=1
    else
        echo "ok   $chart refuses $why"
    fi
}

for chart in geo-hub geo-hub-operator; do
    if helm lint --strict --kube-version "$KUBE_VERSION" "helm/$chart" >/tmp/check-charts-lint.log 2>&1; then
        echo "ok   helm lint --strict $chart"
    else
        echo "FAIL helm lint --strict $chart"; sed 's/^/     /' /tmp/check-charts-lint.log; failed=1
    fi
    for values in "helm/$chart"/ci/*-values.yaml; do
        if ! helm lint --strict --kube-version "$KUBE_VERSION" "helm/$chart" -f "$values" \
                >/tmp/check-charts-lint.log 2>&1; then
            echo "FAIL helm lint --strict $chart -f $values"; sed 's/^/     /' /tmp/check-charts-lint.log; failed=1
        fi
    done
done

render geo-hub default "" --
render geo-hub external-secrets "geo-db geo-redis geo-auth" -- -f helm/geo-hub/ci/external-secrets-values.yaml
render geo-hub external-url "" -- -f helm/geo-hub/ci/external-url-values.yaml
render geo-hub all-features "" -- -f helm/geo-hub/ci/all-features-values.yaml
render geo-hub minimal "" -- -f helm/geo-hub/ci/minimal-values.yaml
render geo-hub-operator default "" --
render geo-hub-operator ha "" -- -f helm/geo-hub-operator/ci/ha-values.yaml
render geo-hub-operator namespaced "" -- -f helm/geo-hub-operator/ci/namespaced-values.yaml
render geo-hub-operator single "" -- -f helm/geo-hub-operator/ci/single-values.yaml

refuse geo-hub "no database" "no database" -- --set postgresql.enabled=false
refuse geo-hub "bundled and external database together" "are both set" -- --set externalDatabase.existingSecret=x
refuse geo-hub "a short JWT secret" "at least 32" -- --set auth.jwtSecret=short
refuse geo-hub "a placeholder admin token" "auth.adminToken is a placeholder" -- \
    --set auth.adminToken=REPLACE-ME-REPLACE-ME-REPLACE-ME
refuse geo-hub "an Ingress without host" "needs ingress.host" -- --set ingress.enabled=true
refuse geo-hub "minAvailable with maxUnavailable" "not both" -- --set podDisruptionBudget.minAvailable=1 \
    --set podDisruptionBudget.maxUnavailable=1
refuse geo-hub "an autoscaler without a target" "autoscaling" -- --set autoscaling.enabled=true \
    --set autoscaling.targetCPUUtilizationPercentage=0
refuse geo-hub "an unknown value" "Additional property|additional properties" -- --set replicas=3
refuse geo-hub "an unknown log level" "config.logLevel|/config/logLevel" -- --set config.logLevel=LOUD
refuse geo-hub "a non-PostgreSQL URL" "externalDatabase.url|/externalDatabase/url" -- --set postgresql.enabled=false \
    --set externalDatabase.url=mysql://x
refuse geo-hub-operator "two replicas without leader election" "leaderElection" -- --set replicaCount=2 \
    --set leaderElection.enabled=false
refuse geo-hub-operator "namespaced RBAC without namespaces" "watchNamespaces" -- --set rbac.namespaced=true

# The PrometheusRule carries exactly the groups of docs/alerts/geo-hub-rules.yml.
if helm template geo helm/geo-hub --kube-version "$KUBE_VERSION" --set metrics.prometheusRule.enabled=true \
        --set metrics.prometheusRule.postgresExporterRules=true --show-only templates/prometheusrule.yaml \
        | python3 -c '
import sys, yaml
rule = yaml.safe_load(sys.stdin)
plain = yaml.safe_load(open("docs/alerts/geo-hub-rules.yml"))
sys.exit(0 if rule["spec"]["groups"] == plain["groups"] else 1)'; then
    echo "ok   PrometheusRule groups equal docs/alerts/geo-hub-rules.yml"
else
    echo "FAIL PrometheusRule groups differ from docs/alerts/geo-hub-rules.yml"; failed=1
fi

exit "$failed"
