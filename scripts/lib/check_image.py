#!/usr/bin/env python3
"""Image config checks without a registry or a Docker daemon.

  check_image.py inspect IMAGE.tar hub|operator
      reads a Jib OCI tarball and checks its config (user, ports, entrypoint, environment) and
      that the entrypoint scripts are in it and executable

run_image.py runs the same tarballs.
"""
import io
import json
import sys
import tarfile


def blob(t, digest):
    return t.extractfile("blobs/sha256/" + digest.split(":", 1)[1]).read()


def inspect(path, kind):
    problems = []
    with tarfile.open(path) as t:
        names = t.getnames()
        if "index.json" in names:
            index = json.loads(t.extractfile("index.json").read())
            manifest = json.loads(blob(t, index["manifests"][0]["digest"]))
            config = json.loads(blob(t, manifest["config"]["digest"]))
            layers = [blob(t, layer["digest"]) for layer in manifest["layers"]]
        else:
            manifest = json.loads(t.extractfile("manifest.json").read())[0]
            config = json.loads(t.extractfile(manifest["Config"]).read())
            layers = [t.extractfile(name).read() for name in manifest["Layers"]]
    files = {}
    for data in layers:
        with tarfile.open(fileobj=io.BytesIO(data)) as lt:
            for member in lt.getmembers():
                files["/" + member.name.removeprefix("./").lstrip("/")] = member
    c = config.get("config", {})
    env = dict(e.split("=", 1) for e in c.get("Env", []))
    expect_port = "8000/tcp" if kind == "hub" else "8080/tcp"
    if c.get("User") != "10001:10001":
        problems.append(f"user is {c.get('User')!r}, want 10001:10001")
    if expect_port not in (c.get("ExposedPorts") or {}):
        problems.append(f"port {expect_port} not exposed: {c.get('ExposedPorts')}")
    if "MaxRAMPercentage=75" not in " ".join(c.get("Entrypoint", []) + [env.get("JAVA_TOOL_OPTIONS", "")]):
        problems.append("no -XX:MaxRAMPercentage=75 in JAVA_TOOL_OPTIONS or the entrypoint")
    executables = ["/app/bin/healthcheck"]
    if kind == "hub":
        executables += ["/app/bin/docker-entrypoint.sh", "/app/bin/geo-hub"]
        if c.get("Entrypoint") != ["/app/bin/docker-entrypoint.sh"]:
            problems.append(f"entrypoint is {c.get('Entrypoint')}")
        if c.get("Cmd") != ["serve"]:
            problems.append(f"cmd is {c.get('Cmd')}")
        if not env.get("PATH", "").startswith("/app/bin:"):
            problems.append("PATH does not start with /app/bin")
        for key, want in (("PORT", "8000"), ("GEO_DATA_DIR", "/tmp/geo-hub")):
            if env.get(key) != want:
                problems.append(f"env {key}={env.get(key)!r}, want {want!r}")
        if "/app/jib-classpath-file" not in files:
            problems.append("no /app/jib-classpath-file (bin/geo-hub needs it)")
        if not any(n.startswith("/app/classes/io/geoprotocol/hub/GeoHubLauncher") for n in files):
            problems.append("GeoHubLauncher class missing")
        if not any(n.startswith("/app/resources/db/migration/") for n in files):
            problems.append("migrations missing from /app/resources")
    else:
        if "io.geoprotocol.operator.GeoHubOperator" not in c.get("Entrypoint", []):
            problems.append(f"entrypoint does not start GeoHubOperator: {c.get('Entrypoint')}")
        if env.get("OPERATOR_HTTP_PORT") != "8080":
            problems.append("OPERATOR_HTTP_PORT is not 8080")
    for executable in executables:
        member = files.get(executable)
        if member is None:
            problems.append(f"{executable} missing")
        elif member.mode & 0o755 != 0o755:
            problems.append(f"{executable} has mode {oct(member.mode)}, want 755")
    if problems:
        print(f"{path}: " + "; ".join(problems))
        sys.exit(1)
    print(f"image {kind}: user {c['User']}, ports {list(c['ExposedPorts'])}, entrypoint {c.get('Entrypoint')[:3]}, "
          f"{len(files)} files: ok")


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] != "inspect":
        sys.exit(__doc__)
    inspect(sys.argv[2], sys.argv[3])
