#!/usr/bin/env python3
"""Structural checks of the distribution files (no Docker, no network).

Each check prints one line; the exit status is the number of failed checks (capped at 1).
Called by scripts/check-distribution.
"""
import filecmp
import json
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
FAILURES = []


def check(name):
    def wrap(fn):
        def run():
            try:
                problems = fn() or []
            except Exception as e:  # a crash in a check is a failure of that check
                problems = [f"{type(e).__name__}: {e}"]
            if problems:
                FAILURES.append(name)
                print(f"FAIL {name}")
                for p in problems:
                    print(f"     - {p}")
            else:
                print(f"ok   {name}")
        CHECKS.append(run)
        return run
    return wrap


CHECKS = []


# ---------------------------------------------------------------- metric names in PromQL

PROMQL_WORDS = {"by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset",
                "and", "or", "unless", "inf", "nan"}


def metric_names(expr):
    """Metric names an expression reads: identifiers outside label matchers, groupings and
    ranges that are not function calls or keywords."""
    e = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)
    e = re.sub(r"\{[^}]*\}", " ", e)
    e = re.sub(r"\[[^\]]*\]", " ", e)
    e = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", e)
    names = set()
    for m in re.finditer(r"[A-Za-z_:][A-Za-z0-9_:]*", e):
        word = m.group(0)
        rest = e[m.end():].lstrip()
        if rest.startswith("(") or word.lower() in PROMQL_WORDS:
            continue
        if re.fullmatch(r"[0-9.]+[a-z]*", word):
            continue
        names.add(word)
    return names


def exported_metrics():
    lines = (ROOT / "scripts/lib/hub-metrics.txt").read_text().splitlines()
    return {l.strip() for l in lines if l.strip() and not l.startswith("#")}


# ---------------------------------------------------------------- copies

COPIES = [
    ("crds/geohubs.geoprotocol.io-v1.yml", "helm/geo-hub-operator/crds/geohubs.geoprotocol.io-v1.yml"),
    ("docs/grafana/geo-hub-dashboard.json", "helm/geo-hub/files/geo-hub-dashboard.json"),
    ("docs/grafana/geo-hub-dashboard.json", "helm/geo-hub-operator/files/geo-hub-dashboard.json"),
    ("docs/alerts/geo-hub-rules.yml", "helm/geo-hub/files/geo-hub-rules.yml"),
]


@check("chart copies of the CRD, dashboard and rules are identical to the originals")
def copies():
    return [f"{b} differs from {a} (cp {a} {b})" for a, b in COPIES
            if not (ROOT / b).exists() or not filecmp.cmp(ROOT / a, ROOT / b, shallow=False)]


# ---------------------------------------------------------------- dashboard

DASHBOARD_PANELS = ["Requests per second", "Requests per minute", "5xx error ratio",
                    "HTTP latency p50 / p95 / p99", "Payment latency p50 / p95 / p99",
                    "Payment events by event / result", "Clearing events by event / result",
                    "Routing failures by reason", "Integrity status", "Zero-sum balance",
                    "Trust limit violations", "Last checkpoint age", "Pool connections",
                    "Heap used", "GC pause time", "Live threads"]


@check("Grafana dashboard parses, has the document's panels and queries only exported metrics")
def dashboard():
    d = json.loads((ROOT / "docs/grafana/geo-hub-dashboard.json").read_text())
    problems = []
    known = exported_metrics()
    titles = {p["title"] for p in d["panels"]}
    problems += [f"panel missing: {t}" for t in DASHBOARD_PANELS if t not in titles]
    ids = [p["id"] for p in d["panels"]]
    if len(ids) != len(set(ids)):
        problems.append("duplicate panel ids")
    if d.get("uid") != "geo-hub":
        problems.append("uid must stay geo-hub (links and provisioning use it)")
    exprs = [t["expr"] for p in d["panels"] for t in p.get("targets", [])]
    exprs += [v["definition"] for v in d["templating"]["list"] if "definition" in v]
    for p in d["panels"]:
        if p["type"] != "row" and not p.get("targets"):
            problems.append(f"panel {p['title']} has no query")
    for e in exprs:
        query = re.sub(r"^label_values\((.*),\s*\w+\)$", r"\1", e)
        for m in sorted(metric_names(query) - known):
            problems.append(f"unknown metric {m} in: {e}")
    return problems


# ---------------------------------------------------------------- alert rules

ALERTS = {"HighErrorRate", "PaymentLatencyHigh", "DatabaseConnectionsHigh", "DatabasePoolSaturated",
          "IntegrityCheckFailing", "ZeroSumViolated", "TrustLimitViolations", "IntegrityCheckpointStale"}
EXPORTER_ONLY = {"pg_stat_activity_count"}


@check("alert rules: structure, the document's alerts, only exported metrics")
def rules():
    doc = yaml.safe_load((ROOT / "docs/alerts/geo-hub-rules.yml").read_text())
    known = exported_metrics()
    problems, seen = [], set()
    for g in doc["groups"]:
        if not g.get("name") or not g.get("rules"):
            problems.append(f"group without name or rules: {g}")
            continue
        for r in g["rules"]:
            name = r.get("alert")
            seen.add(name)
            for key in ("alert", "expr", "for", "labels", "annotations"):
                if key not in r:
                    problems.append(f"{name}: no {key}")
            if r.get("labels", {}).get("severity") not in ("critical", "warning", "info"):
                problems.append(f"{name}: severity must be critical, warning or info")
            if "summary" not in r.get("annotations", {}):
                problems.append(f"{name}: no summary annotation")
            if not re.fullmatch(r"[0-9]+[smh]", str(r.get("for", ""))):
                problems.append(f"{name}: for={r.get('for')!r} is not a duration")
            allowed = known | (EXPORTER_ONLY if g["name"] == "geo-hub-postgres-exporter" else set())
            for m in sorted(metric_names(r.get("expr", "")) - allowed):
                problems.append(f"{name}: metric {m} is not exported by the hub")
    problems += [f"alert missing: {a}" for a in sorted(ALERTS - seen)]
    return problems


# ---------------------------------------------------------------- charts: values, schema, README

def params(values_text):
    return [m.group(1) for m in re.finditer(r"^\s*## @param (\S+)", values_text, re.M)]


def leaves(node, prefix=""):
    if isinstance(node, dict) and node:
        for k, v in node.items():
            yield from leaves(v, f"{prefix}.{k}" if prefix else k)
    else:
        yield prefix


@check("charts: every value has a @param line and a README row; the schema is current and valid")
def chart_values():
    import jsonschema
    sys.path.insert(0, str(ROOT / "scripts/lib"))
    import gen_values_schema  # noqa: E402
    problems = []
    for chart in ("geo-hub", "geo-hub-operator"):
        d = ROOT / "helm" / chart
        text = (d / "values.yaml").read_text()
        values = yaml.safe_load(text)
        documented = params(text)
        for leaf in leaves(values):
            if not any(leaf == p or leaf.startswith(p + ".") for p in documented):
                problems.append(f"{chart}: value {leaf} has no ## @param line")
        readme = (d / "README.md").read_text() if (d / "README.md").exists() else ""
        table = readme.split("<!-- params:start -->")[-1].split("<!-- params:end -->")[0]
        rows = set(re.findall(r"^\|\s*`([^`]+)`\s*\|", table, re.M))
        problems += [f"{chart}: README.md has no row for {p}" for p in documented if p not in rows]
        problems += [f"{chart}: README.md row {r} is not a value" for r in sorted(rows - set(documented))]
        schema = json.loads((d / "values.schema.json").read_text())
        try:
            jsonschema.validate(values, schema)
        except jsonschema.ValidationError as e:
            problems.append(f"{chart}: values.yaml breaks values.schema.json: {e.message}")
        import subprocess
        readme_fresh = subprocess.run([sys.executable, str(ROOT / "scripts/lib/gen_chart_readme.py"), str(d),
                                       "--stdout"],
                                      capture_output=True, text=True)
        if readme_fresh.returncode != 0 or readme_fresh.stdout != readme:
            problems.append(f"{chart}: README.md parameter table is stale: "
                            f"run scripts/lib/gen_chart_readme.py helm/{chart}")
        fresh = subprocess.run([sys.executable, str(ROOT / "scripts/lib/gen_values_schema.py"), str(d), "--stdout"],
                               capture_output=True, text=True)
        if fresh.returncode != 0 or fresh.stdout != (d / "values.schema.json").read_text():
            problems.append(f"{chart}: values.schema.json is stale: run scripts/lib/gen_values_schema.py helm/{chart} "
                            f"{fresh.stderr.strip()}")
    return problems


# ---------------------------------------------------------------- operator RBAC

def define_block(tpl, name):
    m = re.search(r'\{\{-? define "' + re.escape(name) + r'" -?\}\}\n(.*?)\{\{-? end \}\}', tpl, re.S)
    return yaml.safe_load(m.group(1))


def rule_set(rules):
    out = set()
    for r in rules:
        for group in r["apiGroups"]:
            for res in r["resources"]:
                for verb in r["verbs"]:
                    out.add((group, res, verb, tuple(sorted(r.get("resourceNames", [])))))
    return out


@check("operator chart RBAC grants exactly what operator/src/main/kubernetes/rbac.yaml grants")
def operator_rbac():
    tpl = (ROOT / "helm/geo-hub-operator/templates/_helpers.tpl").read_text()
    chart_rules = (define_block(tpl, "geo-hub-operator.namespacedRules")
                   + define_block(tpl, "geo-hub-operator.clusterRules"))
    docs = list(yaml.safe_load_all((ROOT / "operator/src/main/kubernetes/rbac.yaml").read_text()))
    cluster_role = next(d for d in docs if d["kind"] == "ClusterRole")
    lease_role = next(d for d in docs if d["kind"] == "Role")
    problems = []
    want, have = rule_set(cluster_role["rules"]), rule_set(chart_rules)
    problems += [f"chart lacks {r}" for r in sorted(want - have)]
    problems += [f"chart grants more: {r}" for r in sorted(have - want)]
    rbac_tpl = (ROOT / "helm/geo-hub-operator/templates/rbac.yaml").read_text()
    lease = re.search(r"rules:\n(  - apiGroups: \[\"coordination.k8s.io\"\].*?)\n---", rbac_tpl, re.S)
    if not lease or rule_set(yaml.safe_load(lease.group(1))) != rule_set(lease_role["rules"]):
        problems.append("leader-election Role rules differ")
    return problems


# ---------------------------------------------------------------- compose, Docker, nginx

def compose_schema_errors(rel, doc):
    import jsonschema
    schema = json.loads((ROOT / "scripts/lib/compose-spec.json").read_text())
    doc = {k: v for k, v in doc.items() if k not in ("name", "include") and not k.startswith("x-")}
    return [f"{rel}: schema: {'/'.join(map(str, e.path))}: {e.message[:160]}"
            for e in jsonschema.Draft7Validator(schema).iter_errors(doc)]


@check("compose files parse and match the Compose schema; services have health checks; "
       "images, volumes, env and build files exist")
def compose():
    problems = []
    root = yaml.safe_load((ROOT / "compose.yaml").read_text())
    if root.get("include") != ["docker/docker-compose.yml"]:
        problems.append("compose.yaml must include docker/docker-compose.yml")
    for rel, needed in (("docker/docker-compose.yml", {"postgres", "redis", "app", "seed"}),
                        ("docker/docker-compose.prod.yml", {"postgres", "redis", "app", "nginx", "migrate"})):
        path = ROOT / rel
        c = yaml.safe_load(path.read_text())
        problems += compose_schema_errors(rel, c)
        services = c.get("services", {})
        problems += [f"{rel}: service {s} missing" for s in sorted(needed - set(services))]
        declared = set((c.get("volumes") or {}).keys())
        for name, s in services.items():
            if "image" not in s and "build" not in s:
                problems.append(f"{rel}: {name} has neither image nor build")
            if "healthcheck" not in s and s.get("restart") != "no":
                problems.append(f"{rel}: long-running service {name} has no healthcheck")
            for v in s.get("volumes", []):
                src = v.split(":", 1)[0]
                if src.startswith("."):
                    if not (path.parent / src).exists() and src != "./certs":
                        problems.append(f"{rel}: {name} mounts missing {src}")
                elif src not in declared:
                    problems.append(f"{rel}: {name} uses undeclared volume {src}")
            b = s.get("build")
            if b:
                ctx = (path.parent / b["context"]).resolve()
                if not (ctx / b["dockerfile"]).exists():
                    problems.append(f"{rel}: {name} build file {b['dockerfile']} missing")
            for dep in (s.get("depends_on") or {}):
                if dep not in services:
                    problems.append(f"{rel}: {name} depends on unknown {dep}")
        text = path.read_text()
        if rel.endswith("docker-compose.yml"):
            if "${GEO_API_PORT:-8000}:8000" not in text:
                problems.append(f"{rel}: app port must be ${{GEO_API_PORT:-8000}}:8000")
            env = services["app"]["environment"]
            for key in ("DATABASE_URL", "REDIS_URL", "JWT_SECRET", "ADMIN_TOKEN", "DEBUG", "RUN_MIGRATIONS"):
                if key not in env:
                    problems.append(f"{rel}: app lacks {key}")
            if services["postgres"]["image"] != "postgres:16":
                problems.append(f"{rel}: quick start uses postgres:16")
        else:
            if services["app"].get("deploy", {}).get("replicas") != 3:
                problems.append(f"{rel}: app must run 3 replicas")
            for secret in ("JWT_SECRET", "ADMIN_TOKEN", "DB_PASSWORD"):
                if "${" + secret + ":?" not in text:
                    problems.append(f"{rel}: {secret} must be required from the environment (${{{secret}:?…}})")
    return problems


@check("nginx.conf has the document's WebSocket and proxy settings")
def nginx():
    text = (ROOT / "docker/nginx.conf").read_text()
    ws = re.search(r"location /api/v1/ws \{(.*?)\}", text, re.S)
    problems = [] if ws else ["no location /api/v1/ws"]
    if ws:
        for line in ("proxy_http_version 1.1;", "proxy_set_header Upgrade $http_upgrade;",
                     'proxy_set_header Connection "upgrade";', "proxy_read_timeout 86400;"):
            if line not in ws.group(1):
                problems.append(f"WebSocket location lacks: {line}")
    for needle in ("least_conn;", "location /api/", "location ~ ^/health", "return 301 https://"):
        if needle not in text:
            problems.append(f"missing: {needle}")
    if text.count("{") != text.count("}"):
        problems.append("unbalanced braces")
    return problems


@check("Dockerfiles: multi-stage, non-root 10001, HEALTHCHECK, entrypoint, port, JVM memory setting")
def dockerfiles():
    problems = []
    for name, port, entry in (("Dockerfile.hub", "8000", "/app/bin/docker-entrypoint.sh"),
                              ("Dockerfile.operator", "8080", "/app/geo-hub-operator.jar")):
        text = (ROOT / "docker" / name).read_text()
        if len(re.findall(r"^FROM ", text, re.M)) < 2:
            problems.append(f"{name}: not multi-stage")
        if not re.search(r"^FROM eclipse-temurin:17-jre\s*$", text, re.M):
            problems.append(f"{name}: runtime stage is not eclipse-temurin:17-jre")
        for needle in ("USER 10001:10001", f"EXPOSE {port}", "HEALTHCHECK", "MaxRAMPercentage=75", entry):
            if needle not in text:
                problems.append(f"{name}: lacks {needle}")
        for src in re.findall(r"^COPY (?!--from)(?:--chmod=\S+ )?(.+) \S+$", text, re.M):
            for part in src.split():
                if not part.startswith("--") and not (ROOT / part).exists():
                    problems.append(f"{name}: COPY source {part} missing")
    for script in ("docker/docker-entrypoint.sh", "docker/bin/geo-hub", "docker/bin/healthcheck"):
        if not (ROOT / script).stat().st_mode & 0o111:
            problems.append(f"{script} is not executable")
    return problems


@check("Jib configuration of both modules: base, user, ports, entrypoint, env, tarball profile")
def jib():
    ns = {"m": "http://maven.apache.org/POM/4.0.0"}
    problems = []
    for module, port in (("hub", "8000"), ("operator", "8080")):
        pom = ET.parse(ROOT / module / "pom.xml").getroot()
        plugin = next((p for p in pom.iterfind(".//m:pluginManagement//m:plugin", ns)
                       if p.findtext("m:artifactId", namespaces=ns) == "jib-maven-plugin"), None)
        if plugin is None:
            problems.append(f"{module}: no jib-maven-plugin in pluginManagement")
            continue
        props = {c.tag.split("}")[1]: c.text for c in pom.find("m:properties", ns)}
        if props.get("jib.version") != "3.5.2" or props.get("image.base") != "eclipse-temurin:17-jre":
            problems.append(f"{module}: jib.version/image.base wrong")
        c = plugin.find("m:configuration/m:container", ns)
        if c.findtext("m:user", namespaces=ns) != "10001:10001":
            problems.append(f"{module}: container user is not 10001:10001")
        if [p.text for p in c.iterfind("m:ports/m:port", ns)] != [port]:
            problems.append(f"{module}: ports are not [{port}]")
        profile = next((p for p in pom.iterfind("m:profiles/m:profile", ns)
                        if p.findtext("m:id", namespaces=ns) == "image"), None)
        goals = [] if profile is None else [g.text for g in profile.iterfind(".//m:goal", ns)]
        if goals != ["buildTar"]:
            problems.append(f"{module}: profile image must bind jib buildTar")
        build_plugins = [p.findtext("m:artifactId", namespaces=ns)
                         for p in pom.iterfind("m:build/m:plugins/m:plugin", ns)]
        if "jib-maven-plugin" in build_plugins:
            problems.append(f"{module}: jib is in the default build (verify would need a registry)")
    return problems


# ---------------------------------------------------------------- docs consistency

PENDING_COMMANDS = {"clearing-run", "cleanup-locks", "check-integrity", "export-participant", "db-stats"}
IMAGE_ENV = {"RUN_MIGRATIONS", "RUN_SEED", "GEO_HUB_JAR", "JAVA_OPTS", "JAVA_TOOL_OPTIONS", "GEO_API_PORT",
             "GEO_HUB_IMAGE", "POSTGRES_PASSWORD", "DB_USER", "DB_PASSWORD", "DB_NAME", "GEO_HUB_DOMAIN",
             "OPERATOR_HTTP_PORT", "WATCH_NAMESPACES", "LEADER_ELECTION_ENABLED", "LEADER_ELECTION_NAMESPACE",
             "POD_NAMESPACE", "GEOHUB_LOG_LEVEL", "PGPASSWORD", "PGHOST", "PGUSER", "PGDATABASE", "HOME", "PATH"}
# Upper-case words in backticks that are not environment variables.
NOT_ENV = {"HS256", "HEALTHCHECK", "OFF", "TRACE", "INFO", "WARN", "ERROR", "SELECT", "VACUUM", "ANALYZE",
           "GRANT", "CREATE"}


def hub_commands():
    src = ROOT / "hub/src/main/java/io/geoprotocol/hub/cli"
    names = set()
    for f in src.glob("*.java"):
        names |= set(re.findall(r'@Command\(\s*name\s*=\s*"([^"]+)"', f.read_text()))
    names.discard("geo-hub")
    return names


def hub_env():
    names = set()
    for f in (ROOT / "hub/src/main").rglob("*"):
        if f.suffix in (".java", ".yml", ".yaml", ".properties"):
            text = f.read_text(errors="ignore")
            names |= set(re.findall(r'"([A-Z][A-Z0-9_]{2,})"', text))
            names |= set(re.findall(r"\$\{([A-Z][A-Z0-9_]{2,})", text))
    return names


def base_image_env():
    """Variables scripts/base-image reads (${NAME…}) and those its image sets ("NAME=…")."""
    text = (ROOT / "scripts/base-image").read_text()
    return set(re.findall(r"\$\{([A-Z][A-Z0-9_]{2,})", text)) | set(re.findall(r'"([A-Z][A-Z0-9_]{2,})=', text))


@check("docs: every geo-hub command and hub environment variable they name exists in the code")
def docs_consistency():
    problems, warnings = [], []
    commands = hub_commands()
    env = hub_env() | IMAGE_ENV | base_image_env()
    for doc in ["docs/quickstart.md", "docs/deployment.md", "docs/monitoring.md",
                "helm/geo-hub/README.md", "helm/geo-hub-operator/README.md"]:
        path = ROOT / doc
        if not path.exists():
            problems.append(f"{doc} missing")
            continue
        text = path.read_text()
        for m in re.finditer(r"(?:geo-hub\.jar|\bgeo-hub)[ \t]+([a-z][a-z-]+)", text):
            cmd = m.group(1)
            if cmd in commands or cmd in ("operator", "chart", "image", "server", "repository", "is", "as",
                                          "and", "the", "with", "in", "on", "to", "for", "from", "pods",
                                          "release", "namespace", "values", "helm", "dashboard"):
                continue
            if cmd in PENDING_COMMANDS:
                warnings.append(f"{doc}: `{cmd}` is documented but not in the hub yet")
            else:
                problems.append(f"{doc}: unknown hub command `{cmd}` ({m.group(0)})")
        for var in set(re.findall(r"`([A-Z][A-Z0-9_]{3,})(?:=[^`]*)?`", text)):
            if var not in env and var not in NOT_ENV:
                problems.append(f"{doc}: environment variable {var} is not read by the hub or the images")
    for w in sorted(set(warnings)):
        print(f"warn {w}")
    return problems


def main():
    for run in CHECKS:
        run()
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
