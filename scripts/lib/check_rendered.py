#!/usr/bin/env python3
"""Checks manifests rendered by `helm template` (read from stdin): Kubernetes JSON schemas (with
the kubernetes-validate package when installed), names, labels, references between objects
(Secrets, ConfigMaps, Services, ports, selectors) and the pod security settings.
    helm template x helm/geo-hub | check_rendered.py SCENARIO [existing-secret ...]"""
import re
import sys

import yaml

DNS1123 = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
LABEL_VALUE = re.compile(r"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")
CRD_KINDS = {"ServiceMonitor", "PrometheusRule"}


def pod_spec(doc):
    kind = doc["kind"]
    if kind in ("Deployment", "StatefulSet", "Job"):
        return doc["spec"]["template"]["spec"], doc["spec"]["template"]["metadata"].get("labels", {})
    if kind == "Pod":
        return doc["spec"], doc["metadata"].get("labels", {})
    return None, None


def main():
    scenario, existing = sys.argv[1], set(sys.argv[2:])
    docs = [d for d in yaml.safe_load_all(sys.stdin.read()) if d]
    problems = []
    by_kind = {}
    for d in docs:
        by_kind.setdefault(d["kind"], []).append(d)
        name = d["metadata"]["name"]
        limit = 63 if d["kind"] in ("Service", "Pod", "StatefulSet") else 253
        if not DNS1123.match(name) or len(name) > limit:
            problems.append(f"{d['kind']} name {name!r} is not a valid name")
        for k, v in (d["metadata"].get("labels") or {}).items():
            if not LABEL_VALUE.match(str(v)) or len(str(v)) > 63:
                problems.append(f"{d['kind']}/{name}: label {k}={v!r} is not a valid label value")
    secrets = {d["metadata"]["name"] for d in by_kind.get("Secret", [])} | existing
    configmaps = {d["metadata"]["name"] for d in by_kind.get("ConfigMap", [])} | existing
    services = {d["metadata"]["name"]: d for d in by_kind.get("Service", [])}
    workloads = [d for d in docs if pod_spec(d)[0] is not None]

    for d in workloads:
        spec, labels = pod_spec(d)
        where = f"{d['kind']}/{d['metadata']['name']}"
        if d["kind"] in ("Deployment", "StatefulSet"):
            sel = d["spec"]["selector"]["matchLabels"]
            if any(labels.get(k) != v for k, v in sel.items()):
                problems.append(f"{where}: selector does not match the pod labels")
        psc = spec.get("securityContext", {})
        for c in spec.get("containers", []) + spec.get("initContainers", []):
            csc = c.get("securityContext", {})
            if not (psc.get("runAsNonRoot") or csc.get("runAsNonRoot")):
                problems.append(f"{where}/{c['name']}: not runAsNonRoot")
            if csc.get("allowPrivilegeEscalation") is not False:
                problems.append(f"{where}/{c['name']}: allowPrivilegeEscalation is not false")
            if not csc.get("readOnlyRootFilesystem"):
                problems.append(f"{where}/{c['name']}: root filesystem is writable")
            if "limits" not in c.get("resources", {}) or "memory" not in c["resources"]["limits"]:
                problems.append(f"{where}/{c['name']}: no memory limit")
            if not c.get("image") or c["image"].endswith(":"):
                problems.append(f"{where}/{c['name']}: no image tag")
            for e in c.get("env", []):
                ref = (e.get("valueFrom") or {}).get("secretKeyRef")
                if ref and ref["name"] not in secrets:
                    problems.append(f"{where}/{c['name']}: env {e['name']} reads missing Secret {ref['name']}")
            for src in c.get("envFrom", []):
                ref = src.get("configMapRef") or src.get("secretRef")
                pool = configmaps if "configMapRef" in src else secrets
                if ref["name"] not in pool and ref["name"] != "extra":
                    problems.append(f"{where}/{c['name']}: envFrom missing {ref['name']}")
            mounts = {m["name"] for m in c.get("volumeMounts", [])}
            volumes = {v["name"] for v in spec.get("volumes", [])}
            claims = {t["metadata"]["name"] for t in d["spec"].get("volumeClaimTemplates", [])} \
                if d["kind"] == "StatefulSet" else set()
            for m in mounts - volumes - claims:
                problems.append(f"{where}/{c['name']}: mount {m} has no volume")

    def pods_matching(selector, namespace=None):
        out = []
        for d in workloads:
            spec, labels = pod_spec(d)
            if all(labels.get(k) == v for k, v in selector.items()):
                out.append((d, spec))
        return out

    for name, svc in services.items():
        matched = pods_matching(svc["spec"]["selector"])
        if not matched:
            problems.append(f"Service/{name}: selector matches no pod")
        for port in svc["spec"]["ports"]:
            target = port.get("targetPort")
            if isinstance(target, str):
                names = {p.get("name") for d, s in matched for c in s["containers"] for p in c.get("ports", [])}
                if target not in names:
                    problems.append(f"Service/{name}: targetPort {target} is no container port")
    for ing in by_kind.get("Ingress", []):
        for rule in ing["spec"]["rules"]:
            for path in rule["http"]["paths"]:
                backend = path["backend"]["service"]
                svc = services.get(backend["name"])
                if not svc or backend["port"].get("name") not in {p["name"] for p in svc["spec"]["ports"]}:
                    problems.append(f"Ingress/{ing['metadata']['name']}: backend {backend} does not exist")
    for kind in ("PodDisruptionBudget", "NetworkPolicy"):
        for d in by_kind.get(kind, []):
            sel = (d["spec"].get("selector") or d["spec"].get("podSelector"))["matchLabels"]
            if not pods_matching(sel):
                problems.append(f"{kind}/{d['metadata']['name']}: selector matches no pod")
    for sm in by_kind.get("ServiceMonitor", []):
        sel = sm["spec"]["selector"]["matchLabels"]
        if not any(all((s["metadata"].get("labels") or {}).get(k) == v for k, v in sel.items())
                   for s in services.values()):
            problems.append(f"ServiceMonitor/{sm['metadata']['name']}: selects no Service")
    for hpa in by_kind.get("HorizontalPodAutoscaler", []):
        target = hpa["spec"]["scaleTargetRef"]["name"]
        if target not in {d["metadata"]["name"] for d in by_kind.get("Deployment", [])}:
            problems.append(f"HPA targets missing Deployment {target}")
        if not hpa["spec"].get("metrics"):
            problems.append("HPA without metrics")

    try:
        import kubernetes_validate
        from kubernetes_validate.utils import SchemaNotFoundError, ValidationError
        for d in docs:
            if d["kind"] in CRD_KINDS:
                continue
            try:
                kubernetes_validate.validate(d, "1.29.0", strict=True)
            except ValidationError as e:
                problems.append(f"{d['kind']}/{d['metadata']['name']}: schema: {e.message} at {list(e.path)}")
            except SchemaNotFoundError as e:
                problems.append(f"{d['kind']}: no schema ({e})")
        schema_note = "Kubernetes 1.29 schemas (strict)"
    except ImportError:
        schema_note = "no Kubernetes schema check (pip install kubernetes-validate)"

    kinds = ", ".join(f"{len(v)} {k}" for k, v in sorted(by_kind.items()))
    if problems:
        print(f"FAIL rendered {scenario}:")
        for p in problems:
            print(f"     - {p}")
        sys.exit(1)
    print(f"ok   rendered {scenario}: {kinds}; {schema_note}")


if __name__ == "__main__":
    main()
