#!/usr/bin/env python3
"""Writes a chart's values.schema.json from its values.yaml plus the constraints below.

Types come from the defaults; every object is closed (additionalProperties: false) except the
free-form Kubernetes shapes listed in FREE_FORM. Run it after adding a value:
    scripts/lib/gen_values_schema.py helm/geo-hub
scripts/check-distribution fails when the committed schema differs from a fresh one.
"""
import json
import re
import sys
from pathlib import Path

import yaml

FREE_FORM = {
    # Kubernetes shapes and label/annotation maps: checked by the API server, not here.
    "commonLabels", "podAnnotations", "podLabels", "podSecurityContext", "securityContext",
    "resources", "nodeSelector", "affinity", "updateStrategy", "annotations", "labels",
    "postgresql.resources", "redis.resources", "migration.resources", "operator.resources",
}
FREE_LISTS = {"tolerations", "topologySpreadConstraints", "extraEnv", "extraEnvFrom",
              "ingressFrom", "extraEgress", "imagePullSecrets", "watchNamespaces", "egressPorts"}

DNS_NAME = r"^$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"
QUANTITY = r"^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|k|M|G|T)?$"
DURATION = r"^$|^[0-9]+(ms|s|m|h)$"

CONSTRAINTS = {
    "geo-hub": {
        "image.pullPolicy": {"enum": ["Always", "IfNotPresent", "Never"]},
        "image.repository": {"minLength": 1},
        "image.digest": {"pattern": r"^$|^sha256:[a-f0-9]{64}$"},
        "imagePullSecrets": {"items": {"type": "string", "minLength": 1}},
        "replicaCount": {"minimum": 0, "maximum": 50},
        "config.logLevel": {"enum": ["TRACE", "DEBUG", "INFO", "WARN", "ERROR"]},
        "config.maxPaymentHops": {"minimum": 1, "maximum": 10},
        "config.maxClearingCycleLength": {"minimum": 3, "maximum": 10},
        "config.paymentTimeoutSeconds": {"minimum": 1, "maximum": 600},
        "config.rateLimitPerMinute": {"minimum": 1, "maximum": 1000000},
        "config.clearingIntervalSeconds": {"minimum": 0, "maximum": 86400},
        "config.cleanupExpiredLocksSeconds": {"minimum": 1, "maximum": 86400},
        "config.clearingMode": {"enum": ["cycles", "optimal"]},
        "config.jwtAccessTokenExpireMinutes": {"minimum": 1, "maximum": 525600},
        "config.jwtRefreshTokenExpireDays": {"minimum": 1, "maximum": 3650},
        "config.dbPoolSize": {"minimum": 1, "maximum": 500},
        "config.trustedProxies": {"pattern": r"^[0-9A-Fa-f.:/, ]*$"},
        "externalDatabase.url": {"pattern": r"^$|^(postgres|postgresql(\+asyncpg)?)://"},
        "externalRedis.url": {"pattern": r"^$|^rediss?://"},
        "postgresql.image.pullPolicy": {"enum": ["Always", "IfNotPresent", "Never"]},
        "postgresql.auth.password": {"pattern": r"^[A-Za-z0-9._~-]*$"},
        "postgresql.auth.username": {"pattern": r"^[a-z_][a-z0-9_]*$"},
        "postgresql.auth.database": {"pattern": r"^[a-z_][a-z0-9_]*$"},
        "postgresql.persistence.size": {"pattern": QUANTITY},
        "redis.image.pullPolicy": {"enum": ["Always", "IfNotPresent", "Never"]},
        "redis.persistence.size": {"pattern": QUANTITY},
        "migration.backoffLimit": {"minimum": 0, "maximum": 20},
        "migration.activeDeadlineSeconds": {"minimum": 30},
        "tmpSizeLimit": {"pattern": QUANTITY},
        "startupProbe.periodSeconds": {"minimum": 1},
        "startupProbe.timeoutSeconds": {"minimum": 1},
        "startupProbe.failureThreshold": {"minimum": 1},
        "livenessProbe.periodSeconds": {"minimum": 1},
        "livenessProbe.timeoutSeconds": {"minimum": 1},
        "livenessProbe.failureThreshold": {"minimum": 1},
        "readinessProbe.periodSeconds": {"minimum": 1},
        "readinessProbe.timeoutSeconds": {"minimum": 1},
        "readinessProbe.failureThreshold": {"minimum": 1},
        "terminationGracePeriodSeconds": {"minimum": 0},
        "service.type": {"enum": ["ClusterIP", "NodePort", "LoadBalancer"]},
        "service.port": {"minimum": 1, "maximum": 65535},
        "service.nodePort": {"type": ["string", "integer"], "pattern": r"^$|^[0-9]+$"},
        "ingress.host": {"pattern": DNS_NAME},
        "ingress.pathType": {"enum": ["Prefix", "Exact", "ImplementationSpecific"]},
        "podDisruptionBudget.minAvailable": {"type": ["string", "integer"], "pattern": r"^$|^[0-9]+%?$"},
        "podDisruptionBudget.maxUnavailable": {"type": ["string", "integer"], "pattern": r"^$|^[0-9]+%?$"},
        "autoscaling.minReplicas": {"minimum": 1},
        "autoscaling.maxReplicas": {"minimum": 1},
        "autoscaling.targetCPUUtilizationPercentage": {"minimum": 0, "maximum": 100},
        "autoscaling.targetMemoryUtilizationPercentage": {"minimum": 0, "maximum": 100},
        "networkPolicy.egressPorts": {"items": {"type": "integer", "minimum": 1, "maximum": 65535}},
        "metrics.serviceMonitor.interval": {"pattern": DURATION},
        "metrics.serviceMonitor.scrapeTimeout": {"pattern": DURATION},
    },
    "geo-hub-operator": {
        "image.pullPolicy": {"enum": ["Always", "IfNotPresent", "Never"]},
        "image.repository": {"minLength": 1},
        "image.digest": {"pattern": r"^$|^sha256:[a-f0-9]{64}$"},
        "imagePullSecrets": {"items": {"type": "string", "minLength": 1}},
        "replicaCount": {"minimum": 1, "maximum": 5},
        "watchNamespaces": {"items": {"type": "string", "pattern": DNS_NAME}},
        "logLevel": {"enum": ["TRACE", "DEBUG", "INFO", "WARN", "ERROR"]},
        "httpPort": {"minimum": 1024, "maximum": 65535},
        "metrics.serviceMonitor.interval": {"pattern": DURATION},
        "metrics.serviceMonitor.scrapeTimeout": {"pattern": DURATION},
    },
}

REQUIRED = {
    "geo-hub": {"": ["image", "config", "auth", "externalDatabase", "postgresql", "service"],
                "image": ["repository", "pullPolicy"]},
    "geo-hub-operator": {"": ["image", "rbac", "leaderElection"],
                         "image": ["repository", "pullPolicy"]},
}


def schema_for(value, path, constraints, required):
    key = path.rsplit(".", 1)[-1]
    if path in FREE_FORM or key in FREE_FORM:
        node = {"type": "object"}
    elif isinstance(value, dict):
        node = {"type": "object", "additionalProperties": False,
                "properties": {k: schema_for(v, f"{path}.{k}" if path else k, constraints, required)
                               for k, v in value.items()}}
        if required.get(path):
            node["required"] = required[path]
    elif isinstance(value, list):
        node = {"type": "array"}
        if not (path in FREE_LISTS or key in FREE_LISTS):
            raise SystemExit(f"list value {path}: add it to FREE_LISTS or give item constraints")
    elif isinstance(value, bool):
        node = {"type": "boolean"}
    elif isinstance(value, int):
        node = {"type": "integer"}
    elif isinstance(value, str):
        node = {"type": "string"}
    else:
        raise SystemExit(f"cannot type {path}: {value!r}")
    node.update(constraints.get(path, {}))
    return node


def main():
    chart = Path(sys.argv[1]).resolve()
    name = chart.name
    values = yaml.safe_load((chart / "values.yaml").read_text())
    constraints, required = CONSTRAINTS[name], REQUIRED[name]
    unknown = [p for p in constraints if not has_path(values, p)]
    if unknown:
        raise SystemExit(f"constraints for values that do not exist: {unknown}")
    schema = {"$schema": "https://json-schema.org/draft-07/schema#",
              "title": f"Values of the {name} chart"}
    schema.update(schema_for(values, "", constraints, required))
    text = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    if len(sys.argv) > 2 and sys.argv[2] == "--stdout":
        sys.stdout.write(text)
    else:
        (chart / "values.schema.json").write_text(text)


def has_path(values, path):
    node = values
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return False
        node = node[part]
    return True


if __name__ == "__main__":
    main()
