#!/usr/bin/env python3
"""Runs the hub and operator image tarballs without a container runtime, as root, and checks them.

  run_image.py hub IMAGE.tar [--keep]       the hub scenario (below)
  run_image.py operator IMAGE.tar [--keep]  the operator scenario (below)
  run_image.py unpack IMAGE.tar DIR         the image's root filesystem in DIR, to look around
  run_image.py selftest                     layer unpacking on a made-up image (whiteouts, links)

--keep leaves the root filesystem and the containers' logs in the printed folder.

A container here is what a runtime would make of the image config: its layers unpacked in order
(whiteouts honoured) into a root filesystem, mounted read-only, with /proc, a minimal /dev,
/dev/shm and /tmp as tmpfs, /etc/hosts and /etc/resolv.conf of the host network; its process is
Entrypoint + Cmd (or the arguments given) with exactly the config's Env, WorkingDir and numeric
User (no supplementary groups), started as PID 1 of new mount and PID namespaces
(`unshare --mount --pid --fork`) and chrooted. `exec` into it goes through nsenter. Nothing is left
mounted: every mount lives in the container's mount namespace, which ends with its last process.

Hub: `--help`, `migrate --help`, `seed --help` and `bash -c id` through the entrypoint; the JVM
memory flags; then `serve` with RUN_MIGRATIONS=true and RUN_SEED=true and no DATABASE_URL (the
embedded PostgreSQL under GEO_DATA_DIR, as uid 10001), until `/app/bin/healthcheck /health/db`
inside passes and /health answers from outside; every process runs as 10001:10001 and PID 1 is
the JVM; SIGTERM stops it, its database first, within the grace period.
Operator: with no cluster configuration (no kubeconfig, not in a pod) it must say which API server
it could not reach and exit non-zero, so Kubernetes restarts it, rather than idle.
"""
import ctypes
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.request
import zlib  # noqa: F401  (imported before chroot: tarfile needs it for gzip layers)

HERE = os.path.abspath(__file__)
GRACE_SECONDS = 60
START_SECONDS = 300
PR_SET_PDEATHSIG = 1
FAILURES = []


def ok(msg):
    print(f"ok   {msg}", flush=True)


def fail(msg, detail=""):
    FAILURES.append(msg)
    print(f"FAIL {msg}", flush=True)
    for line in detail.rstrip().splitlines()[-40:]:
        print(f"     | {line}", flush=True)


# ---------------------------------------------------------------- image

class Image:
    """Config and layers of an OCI (Jib) or Docker-format image tarball."""

    def __init__(self, path):
        self.path = path
        with tarfile.open(path) as t:
            names = set(t.getnames())
            if "index.json" in names:
                index = json.load(t.extractfile("index.json"))
                manifest = json.loads(self._blob(t, index["manifests"][0]["digest"]))
                self.config = json.loads(self._blob(t, manifest["config"]["digest"]))
                self.layers = ["blobs/sha256/" + layer["digest"].split(":", 1)[1] for layer in manifest["layers"]]
            else:
                manifest = json.load(t.extractfile("manifest.json"))[0]
                self.config = json.load(t.extractfile(manifest["Config"]))
                self.layers = manifest["Layers"]
        c = self.config.get("config", {})
        self.env = dict(e.split("=", 1) for e in c.get("Env") or [])
        self.entrypoint = c.get("Entrypoint") or []
        self.cmd = c.get("Cmd") or []
        self.workdir = c.get("WorkingDir") or "/"
        self.user = c.get("User") or "0:0"

    @staticmethod
    def _blob(t, digest):
        return t.extractfile("blobs/sha256/" + digest.split(":", 1)[1]).read()

    def uid_gid(self, root):
        """Numeric uid and gid the way runtimes read User: "uid:gid", or "uid" with the primary group
        of that uid in the image's /etc/passwd (0 when it has no entry)."""
        uid, _, gid = self.user.partition(":")
        if not uid.isdigit() or (gid and not gid.isdigit()):
            raise ValueError(f"User {self.user!r} is not numeric (Kubernetes' runAsNonRoot needs numbers)")
        if not gid:
            gid = "0"
            try:
                with open(os.path.join(root, "etc/passwd")) as f:
                    gid = next((l.split(":")[3] for l in f if l.split(":")[2:3] == [uid]), gid)
            except OSError:
                pass
        return int(uid), int(gid)

    def unpack(self, root):
        with open(self.path, "rb") as f, tarfile.open(fileobj=f) as t:
            for name in self.layers:
                apply_layer(t.extractfile(name), root)


def apply_layer(stream, root):
    """Applies one layer in a child chrooted into root: absolute symlinks of the image then resolve
    inside it, so no entry can write outside, whatever the layer holds."""
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            os.chroot(root)
            os.chdir("/")
            os.umask(0o022)
            _apply(stream)
            code = 0
        except BaseException as e:  # reported by the parent through the exit status
            print(f"layer: {type(e).__name__}: {e}", file=sys.stderr, flush=True)
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError("applying a layer failed")


def _remove(path):
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    elif os.path.lexists(path):
        os.unlink(path)


def _apply(stream):
    added = set()
    with tarfile.open(fileobj=stream, mode="r|*") as layer:
        for m in layer:
            path = os.path.normpath("/" + m.name.lstrip("/"))
            parent, base = os.path.split(path)
            if base == ".wh..wh..opq":
                for child in os.listdir(parent) if os.path.isdir(parent) else []:
                    if os.path.join(parent, child) not in added:
                        _remove(os.path.join(parent, child))
                continue
            if base.startswith(".wh."):
                _remove(os.path.join(parent, base[4:]))
                continue
            if path == "/":
                continue
            exists_as_dir = os.path.isdir(path) and not os.path.islink(path)
            if os.path.lexists(path) and not (m.isdir() and exists_as_dir):
                _remove(path)
            m.name = path.lstrip("/")
            if m.islnk():
                m.linkname = os.path.normpath("/" + m.linkname.lstrip("/")).lstrip("/")
            layer.extract(m, "/", numeric_owner=True, filter="fully_trusted")
            added.add(path)


# ---------------------------------------------------------------- container

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


LIBC = ctypes.CDLL(None, use_errno=True)  # loaded before any chroot


def _die_with_parent():
    LIBC.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


class Container:
    """One run of the image; `argv` replaces Cmd like `docker run IMAGE ARGS…` does."""

    def __init__(self, image, root, argv=None, env=None, name="run"):
        self.image, self.root = image, root
        self.env = {**image.env, **(env or {})}
        self.argv = image.entrypoint + (image.cmd if argv is None else argv)
        self.uid, self.gid = image.uid_gid(root)
        self.log = os.path.join(os.path.dirname(root), name + ".log")
        self.proc = None

    def spec(self, argv=None):
        return {"root": self.root, "workdir": self.image.workdir, "uid": self.uid, "gid": self.gid,
                "env": self.env, "argv": argv or self.argv, "etc": os.path.join(os.path.dirname(self.root), "etc")}

    def start(self):
        spec = json.dumps(self.spec())
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen(
                ["unshare", "--mount", "--pid", "--fork", "--kill-child", "--", sys.executable, HERE, "_init", spec],
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, preexec_fn=_die_with_parent)
        return self

    def run(self, timeout=120):
        """Runs to the end; returns (exit status, output)."""
        self.start()
        try:
            code = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            code = "timeout"
        return code, self.output()

    def output(self):
        with open(self.log, errors="replace") as f:
            return f.read()

    def pid1(self):
        """Host pid of the container's PID 1 (the child unshare forked)."""
        try:
            with open(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children") as f:
                children = f.read().split()
            return int(children[0]) if children else None
        except OSError:
            return None

    def exec(self, argv, timeout=30):
        """`docker exec`: the same namespaces, root, user, env and working directory."""
        pid = self.pid1()
        if pid is None:
            return "not running", ""
        spec = json.dumps(self.spec(argv))
        try:
            r = subprocess.run(["nsenter", "--target", str(pid), "--mount", "--pid", "--",
                                sys.executable, HERE, "_exec", spec],
                               capture_output=True, text=True, timeout=timeout, preexec_fn=_die_with_parent)
            return r.returncode, r.stdout + r.stderr
        except subprocess.TimeoutExpired:
            return "timeout", ""

    def processes(self):
        """(pid, comm, uids, gids, groups) of PID 1 and all its descendants."""
        root = self.pid1()
        if root is None:
            return []
        parents = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat") as f:
                        parents[int(entry)] = int(f.read().rsplit(")", 1)[1].split()[1])
                except (OSError, IndexError, ValueError):
                    pass
        tree, frontier = [root], [root]
        while frontier:
            frontier = [p for p, pp in parents.items() if pp in frontier]
            tree += frontier
        out = []
        for p in tree:
            try:
                with open(f"/proc/{p}/status") as f:
                    status = dict(line.split(":", 1) for line in f if ":" in line)
                out.append((p, status["Name"].strip(), status["Uid"].split(), status["Gid"].split(),
                            status["Groups"].split()))
            except (OSError, KeyError):
                pass
        return out

    def kill(self):
        """Ends the container: killing its PID 1 ends every process of its PID namespace, and unshare
        exits once all of them are gone."""
        if self.proc and self.proc.poll() is None:
            pid = self.pid1()
            if pid is not None:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def _namespace_init(spec):
    """PID 1 of the new namespaces: mount the container's filesystems, then become its process."""
    root = spec["root"]

    def mount(*args):
        subprocess.run(["mount", *args], check=True)

    mount("--make-rprivate", "/")
    mount("--bind", root, root)
    mount("-o", "remount,bind,ro,nosuid,nodev", root)
    mount("-t", "proc", "-o", "nosuid,nodev,noexec", "proc", f"{root}/proc")
    mount("-t", "tmpfs", "-o", "nosuid,mode=755,size=64k", "tmpfs", f"{root}/dev")
    for dev in ("null", "zero", "full", "random", "urandom", "tty"):
        open(f"{root}/dev/{dev}", "w").close()
        mount("--bind", f"/dev/{dev}", f"{root}/dev/{dev}")
    os.mkdir(f"{root}/dev/shm")
    mount("-t", "tmpfs", "-o", "nosuid,nodev,noexec,mode=1777,size=64m", "shm", f"{root}/dev/shm")
    for fd, name in enumerate(("stdin", "stdout", "stderr")):
        os.symlink(f"/proc/self/fd/{fd}", f"{root}/dev/{name}")
    os.symlink("/proc/self/fd", f"{root}/dev/fd")
    mount("-t", "tmpfs", "-o", "nosuid,nodev,mode=1777", "tmpfs", f"{root}/tmp")
    for name in ("hosts", "resolv.conf", "hostname"):
        mount("--bind", "-o", "ro", os.path.join(spec["etc"], name), f"{root}/etc/{name}")
    _become(spec)


def _become(spec):
    os.chroot(spec["root"])
    os.chdir(spec["workdir"])
    os.setgroups([])
    os.setgid(spec["gid"])
    os.setuid(spec["uid"])
    # Changing the uid clears the parent-death signal (unshare's --kill-child, _die_with_parent):
    # set it again, so the container still ends when this check is killed.
    _die_with_parent()
    try:
        os.execvpe(spec["argv"][0], spec["argv"], spec["env"])
    except OSError as e:
        print(f"exec {spec['argv'][0]}: {e}", file=sys.stderr)
        os._exit(127)


def processes_in(root):
    """(pid, command) of every process whose root directory is root, i.e. of a container."""
    found = []
    for entry in os.listdir("/proc"):
        try:
            if entry.isdigit() and os.readlink(f"/proc/{entry}/root") == root:
                with open(f"/proc/{entry}/cmdline", "rb") as f:
                    found.append((int(entry), f.read().replace(b"\0", b" ").decode(errors="replace")[:80]))
        except OSError:
            pass
    return found


def prepare(image, workdir):
    root = os.path.join(workdir, "rootfs")
    os.mkdir(root)
    image.unpack(root)
    etc = os.path.join(workdir, "etc")
    os.mkdir(etc)
    with open(os.path.join(etc, "hosts"), "w") as f:
        f.write("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n")
    shutil.copy("/etc/resolv.conf", os.path.join(etc, "resolv.conf"))
    with open(os.path.join(etc, "hostname"), "w") as f:
        f.write("geo-hub-check\n")
    # Mount points a runtime creates in the container's root before it goes read-only.
    for d in ("proc", "dev", "tmp", "etc"):
        os.makedirs(os.path.join(root, d), exist_ok=True)
    for name in ("hosts", "resolv.conf", "hostname"):
        target = os.path.join(root, "etc", name)
        if os.path.islink(target):
            os.unlink(target)
        if not os.path.exists(target):
            open(target, "w").close()
    return root


# ---------------------------------------------------------------- scenarios

def http_get(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.status, r.read().decode()
    except OSError as e:
        return getattr(e, "code", None), str(e)


def check_command(image, root, argv, want, says, name, env=None):
    """`docker run --rm IMAGE ARGV…`: exit 0 and every pattern of want in the output."""
    code, out = Container(image, root, argv, env, name=name).run()
    missing = [w for w in want if not re.search(w, out)]
    shown = " ".join(argv)
    if code == 0 and not missing:
        ok(f"`{shown}` exits 0 and {says}")
    else:
        fail(f"`{shown}`: exit {code}, output lacks {missing}", out)


def wait_for(condition, seconds, container):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if container.proc.poll() is not None:
            return False
        if condition():
            return True
        time.sleep(2)
    return False


def hub(image, root):
    uid, gid = image.uid_gid(root)
    if uid == 0:
        fail(f"the hub image runs as root (User {image.user!r})")
    print(f"run  hub image {image.path} (as {image.user}, read-only root)", flush=True)
    check_command(image, root, ["--help"], ["Usage: geo-hub", r"\bmigrate\b", r"\bseed\b", r"\bserve\b"],
                  "lists the commands", "help")
    check_command(image, root, ["migrate", "--help"], ["Usage: geo-hub migrate"], "shows its usage", "migrate-help")
    check_command(image, root, ["seed", "--help"], ["Usage: geo-hub seed"], "shows its usage", "seed-help")
    ids = f"uid={uid} gid={gid} groups={gid} home=/tmp"
    check_command(image, root, ["bash", "-c", "echo uid=$(id -u) gid=$(id -g) groups=$(id -G) home=$HOME"],
                  [ids], f"prints {ids}", "bash")
    check_command(image, root, ["java", "-XX:+PrintFlagsFinal", "-version"],
                  [r"MaxRAMPercentage +=\s*75\.0+\s", r"ExitOnOutOfMemoryError +=\s*true\s"],
                  "shows MaxRAMPercentage = 75 and ExitOnOutOfMemoryError", "jvm-flags")

    port = free_port()
    c = Container(image, root, env={"PORT": str(port), "RUN_MIGRATIONS": "true", "RUN_SEED": "true"},
                  name="serve").start()
    try:
        started = time.monotonic()
        healthy = wait_for(lambda: c.exec(["/app/bin/healthcheck", "/health/db"])[0] == 0, START_SECONDS, c)
        if not healthy:
            code = c.proc.poll()
            why = f"within {START_SECONDS} s" if code is None else f"before the hub exited {code}"
            fail(f"hub: `/app/bin/healthcheck /health/db` did not pass {why}", c.output())
            return
        ok(f"hub serves on port {port} after migrate and seed: `/app/bin/healthcheck /health/db` passes "
           f"inside after {time.monotonic() - started:.0f} s")
        status, body = http_get(f"http://127.0.0.1:{port}/health")
        if status == 200 and json.loads(body).get("status") == "ok":
            ok(f"GET /health from outside: 200 {body[:80]}")
        else:
            fail(f"GET /health from outside: {status} {body[:200]}")
        code, out = c.exec(["/app/bin/healthcheck", "/no-such-path"])
        if code != 0:
            ok(f"`/app/bin/healthcheck /no-such-path` fails (exit {code})")
        else:
            fail("`/app/bin/healthcheck /no-such-path` passes: the health check cannot fail")
        log = c.output()
        for event in ("event=entrypoint_migrate", "event=entrypoint_seed", "Seed loaded;",
                      "event=embedded_postgres_started"):
            if event in log:
                ok(f"log has {event}")
            else:
                fail(f"log lacks {event}", log)
        procs = c.processes()
        want = [str(uid)] * 4, [str(gid)] * 4
        wrong = [p for p in procs if (p[2], p[3]) != want or p[4] not in ([], [str(gid)])]
        names = sorted({p[1] for p in procs})
        if procs and not wrong:
            ok(f"all {len(procs)} processes ({', '.join(names)}) run as {uid}:{gid}, no other groups")
        else:
            fail(f"processes not all {uid}:{gid}: {wrong or 'none found'}")
        if procs and procs[0][1] == "java":
            ok("PID 1 is the JVM (the entrypoint execs), so SIGTERM reaches it")
        else:
            fail(f"PID 1 is {procs[0][1] if procs else None!r}, not java: a stop signal would not reach the hub")

        stop = time.monotonic()
        os.kill(c.pid1(), signal.SIGTERM)
        try:
            code = c.proc.wait(GRACE_SECONDS)
        except subprocess.TimeoutExpired:
            fail(f"hub still running {GRACE_SECONDS} s after SIGTERM", c.output())
            return
        log = c.output()
        if code in (0, 143) and "event=embedded_postgres_stopped" in log:
            ok(f"SIGTERM: the hub stopped its database and exited {code} after {time.monotonic() - stop:.0f} s")
        else:
            fail(f"SIGTERM: exit {code}, database stopped: {'event=embedded_postgres_stopped' in log}", log)
    finally:
        c.kill()


def operator(image, root):
    uid, _ = image.uid_gid(root)
    if uid == 0:
        fail(f"the operator image runs as root (User {image.user!r})")
    print(f"run  operator image {image.path} (as {image.user}, read-only root)", flush=True)
    code, out = Container(image, root, argv=[], env={"OPERATOR_HTTP_PORT": str(free_port())},
                          name="operator").run(timeout=START_SECONDS)
    line = next((l for l in out.splitlines() if "event=operator_start_failed" in l), "")
    if code not in (0, "timeout") and "api_server=https://kubernetes.default.svc" in line:
        ok(f"operator without a cluster configuration exits {code}: {line[line.index('api_server='):][:100]}")
    else:
        fail(f"operator without a cluster configuration: exit {code}, want a non-zero exit and "
             f"event=operator_start_failed naming the API server", out)


def selftest():
    """Layer application on a made-up image: whiteouts, opaque directories, replaced files, hard
    links, and an absolute symlink that must not lead a later layer out of the root."""
    import io

    def layer(entries):
        data = io.BytesIO()
        with tarfile.open(fileobj=data, mode="w:gz") as t:
            for name, kind, arg in entries:
                info = tarfile.TarInfo(name)
                if kind == "dir":
                    info.type, info.mode = tarfile.DIRTYPE, 0o755
                    t.addfile(info)
                elif kind == "sym":
                    info.type, info.linkname = tarfile.SYMTYPE, arg
                    t.addfile(info)
                elif kind == "hard":
                    info.type, info.linkname = tarfile.LNKTYPE, arg
                    t.addfile(info)
                else:
                    info.size, info.mode = len(arg), 0o640
                    t.addfile(info, io.BytesIO(arg))
        return data.getvalue()

    planted = f"geo-hub-image-selftest-{os.getpid()}"
    layers = [
        layer([("etc", "dir", None), ("etc/keep", "file", b"1"), ("a", "dir", None), ("a/gone", "file", b"x"),
               ("a/kept", "file", b"y"), ("d", "dir", None), ("d/old", "file", b"z"),
               ("./escape", "sym", "/etc"), ("f", "file", b"first"), ("f-link", "hard", "f")]),
        layer([("a/.wh.gone", "file", b""), ("d/new", "file", b"n"), ("d/.wh..wh..opq", "file", b""),
               (f"escape/{planted}", "file", b"p"), ("f", "file", b"second"), ("f-link", "hard", "f")]),
    ]
    workdir = tempfile.mkdtemp(prefix="geo-hub-image-selftest.")
    try:
        for data in layers:
            apply_layer(io.BytesIO(data), workdir)

        def read(rel):
            with open(os.path.join(workdir, rel)) as f:
                return f.read()

        expect = {
            "whiteout removes a lower file": not os.path.lexists(f"{workdir}/a/gone"),
            "a sibling of a whiteout stays": read("a/kept") == "y",
            "an opaque directory hides the lower layer's entries": sorted(os.listdir(f"{workdir}/d")) == ["new"],
            "a later layer replaces a file": read("f") == "second" and read("f-link") == "second",
            "file modes are kept": os.stat(f"{workdir}/etc/keep").st_mode & 0o777 == 0o640,
            "an absolute symlink stays inside the root": not os.path.lexists(f"/etc/{planted}")
                and read(f"etc/{planted}") == "p",
        }
        for what, good in expect.items():
            (ok if good else fail)(f"layer unpacking: {what}")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def main():
    usage = __doc__.split("\n\nA container")[0]
    if len(sys.argv) < 2 or sys.argv[1] in ("-h", "--help", "help"):
        print(usage)
        return 0 if len(sys.argv) >= 2 else 2
    mode = sys.argv[1]
    if mode in ("hub", "operator", "unpack") and len(sys.argv) < (4 if mode == "unpack" else 3):
        print(usage, file=sys.stderr)
        return 2
    if mode not in ("hub", "operator", "unpack", "selftest", "_init", "_exec"):
        print(f"unknown mode {mode!r}\n{usage}", file=sys.stderr)
        return 2
    if mode == "_init":
        _namespace_init(json.loads(sys.argv[2]))
    if mode == "_exec":
        _become(json.loads(sys.argv[2]))
    if os.geteuid() != 0:
        print("run_image.py needs root (chroot, mount namespaces)", file=sys.stderr)
        return 2
    if mode == "selftest":
        selftest()
        return 1 if FAILURES else 0
    # A stop from outside still cleans up (the containers die with this process, see _die_with_parent).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    image = Image(sys.argv[2])
    if mode == "unpack":
        image.unpack(sys.argv[3])
        return 0
    workdir = tempfile.mkdtemp(prefix=f"geo-hub-image-{mode}.")
    root = os.path.join(workdir, "rootfs")
    try:
        prepare(image, workdir)
        {"hub": hub, "operator": operator}[mode](image, root)
    finally:
        left = processes_in(root)
        if left:
            fail(f"left running: {left}")
            for pid, _ in left:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        mounted = [line.split()[4] for line in open("/proc/self/mountinfo") if workdir in line]
        if mounted:
            fail(f"left mounted: {mounted}")
        elif "--keep" in sys.argv:
            print(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
