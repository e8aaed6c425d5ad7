#!/usr/bin/env python3
"""Measurement helper of bench/run.sh: cgroups, one measured command, verification.

Subcommands (all print to stdout, errors to stderr, exit 2 on a caller mistake):

  cg-create NAME          create cgroup NAME in every hierarchy used; print one cgroup.procs path a line
  cg-read NAME            print {"cpu_s":..,"user_s":..,"sys_s":..,"peak_bytes":..} for cgroup NAME
  cg-kill NAME            SIGKILL every process left in cgroup NAME (they are ours: we put them there)
  cg-remove NAME          kill what is left, then remove cgroup NAME
  methods                 print how CPU and memory are measured on this machine
  run [options] -- CMD..  run CMD once in a fresh cgroup, verify it, print one JSON line

How CPU and peak memory of a whole process tree are measured, best first:
  CPU:    cgroup v2 cpu.stat (user_usec + system_usec; present even without controllers),
          cgroup v1 cpuacct (usage_user + usage_sys), else getrusage of the waited children.
  memory: cgroup v2 memory.peak (needs the memory controller in the parent's subtree_control),
          cgroup v1 memory.max_usage_in_bytes, else ru_maxrss (largest single process, not the tree).
Both cgroup memory figures include page cache the tree itself charged; the command's stdout and stderr go
through pipes to this process (outside the cgroup), which writes them to files, so output never counts as
the tool's memory.
"""

import argparse
import json
import os
import selectors
import signal
import subprocess
import sys
import threading
import time

PREFIX = "fanout-bench"
V2_ROOTS = ("/sys/fs/cgroup", "/sys/fs/cgroup/unified")


def die(msg):
    print("measure.py: " + msg, file=sys.stderr)
    sys.exit(2)


def read_text(path):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return None


def self_cgroup_path(controller):
    """The path of this process's cgroup in the v1 hierarchy holding controller, or None."""
    text = read_text("/proc/self/cgroup") or ""
    for line in text.splitlines():
        parts = line.split(":", 2)
        if len(parts) == 3 and controller in parts[1].split(","):
            return parts[2]
    return None


class Layout:
    """Where cgroups for measured commands live on this machine (detected once)."""

    def __init__(self):
        self.v2 = None          # parent directory in the v2 hierarchy
        self.v2_memory = False  # whether memory.peak will exist in children of self.v2
        self.v1_memory = None   # parent directory in the v1 memory hierarchy
        self.v1_cpuacct = None  # parent directory in the v1 cpuacct hierarchy
        for root in V2_ROOTS:
            if os.path.exists(os.path.join(root, "cgroup.controllers")) and os.access(root, os.W_OK):
                self.v2 = root
                break
        if self.v2:
            sub = (read_text(os.path.join(self.v2, "cgroup.subtree_control")) or "").split()
            avail = (read_text(os.path.join(self.v2, "cgroup.controllers")) or "").split()
            if "memory" not in sub and "memory" in avail:
                try:
                    with open(os.path.join(self.v2, "cgroup.subtree_control"), "w") as f:
                        f.write("+memory")
                    sub.append("memory")
                except OSError:
                    pass
            self.v2_memory = "memory" in sub
        if not self.v2_memory:
            rel = self_cgroup_path("memory")
            base = "/sys/fs/cgroup/memory"
            if rel is not None and os.path.exists(os.path.join(base, "memory.max_usage_in_bytes")):
                parent = os.path.join(base, rel.lstrip("/"))
                if os.access(parent, os.W_OK):
                    self.v1_memory = parent
        if not self.v2:
            rel = self_cgroup_path("cpuacct")
            for base in ("/sys/fs/cgroup/cpuacct", "/sys/fs/cgroup/cpu,cpuacct"):
                if rel is not None and os.path.exists(os.path.join(base, "cpuacct.usage")):
                    parent = os.path.join(base, rel.lstrip("/"))
                    if os.access(parent, os.W_OK):
                        self.v1_cpuacct = parent
                        break

    def cpu_method(self):
        if self.v2:
            return "cgroup v2 cpu.stat"
        if self.v1_cpuacct:
            return "cgroup v1 cpuacct"
        return "rusage of waited children"

    def mem_method(self):
        if self.v2_memory:
            return "cgroup v2 memory.peak"
        if self.v1_memory:
            return "cgroup v1 memory.max_usage_in_bytes"
        return "ru_maxrss (largest single process)"

    def dirs(self, name):
        full = PREFIX + "-" + name
        out = []
        if self.v2:
            out.append(("v2", os.path.join(self.v2, full)))
        if self.v1_memory:
            out.append(("v1mem", os.path.join(self.v1_memory, full)))
        if self.v1_cpuacct:
            out.append(("v1cpu", os.path.join(self.v1_cpuacct, full)))
        return out

    def create(self, name):
        made = []
        for kind, d in self.dirs(name):
            os.makedirs(d, exist_ok=True)
            made.append(os.path.join(d, "cgroup.procs"))
        return made

    def pids(self, name):
        pids = set()
        for _, d in self.dirs(name):
            for line in (read_text(os.path.join(d, "cgroup.procs")) or "").split():
                pids.add(int(line))
        return pids

    def kill(self, name, wait_s=5.0):
        deadline = time.monotonic() + wait_s
        while True:
            pids = self.pids(name)
            if not pids:
                return True
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)

    def remove(self, name):
        self.kill(name)
        for _, d in self.dirs(name):
            for _ in range(50):
                try:
                    os.rmdir(d)
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    time.sleep(0.1)

    def read(self, name):
        res = {"user_s": None, "sys_s": None, "cpu_s": None, "peak_bytes": None}
        for kind, d in self.dirs(name):
            if kind == "v2":
                stat = {}
                for line in (read_text(os.path.join(d, "cpu.stat")) or "").splitlines():
                    k, _, v = line.partition(" ")
                    stat[k] = int(v)
                if "user_usec" in stat:
                    res["user_s"] = stat["user_usec"] / 1e6
                    res["sys_s"] = stat["system_usec"] / 1e6
                if self.v2_memory:
                    peak = read_text(os.path.join(d, "memory.peak"))
                    if peak:
                        res["peak_bytes"] = int(peak.split()[0])
            elif kind == "v1mem":
                peak = read_text(os.path.join(d, "memory.max_usage_in_bytes"))
                if peak:
                    res["peak_bytes"] = int(peak)
            elif kind == "v1cpu":
                u = read_text(os.path.join(d, "cpuacct.usage_user"))
                s = read_text(os.path.join(d, "cpuacct.usage_sys"))
                if u is not None and s is not None:
                    res["user_s"] = int(u) / 1e9
                    res["sys_s"] = int(s) / 1e9
                else:
                    total = read_text(os.path.join(d, "cpuacct.usage"))
                    if total:
                        res["user_s"] = int(total) / 1e9
                        res["sys_s"] = 0.0
        if res["user_s"] is not None:
            res["cpu_s"] = res["user_s"] + res["sys_s"]
        return res


class NonCachePeak:
    """Samples, every 20 ms, the tree's memory without the page cache it holds: cgroup v2 memory.current minus the
    "file" line of memory.stat, or cgroup v1 memory.usage_in_bytes minus its "cache" line. memory.peak and
    memory.max_usage_in_bytes include the page cache of the files the tree wrote or mapped. None without a memory
    cgroup."""

    def __init__(self, layout, name):
        self.sources = [(d, "memory.current", "file") for kind, d in layout.dirs(name)
                        if kind == "v2" and layout.v2_memory]
        self.sources += [(d, "memory.usage_in_bytes", "cache") for kind, d in layout.dirs(name) if kind == "v1mem"]
        self.peak = None
        self.done = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)
        if self.sources:
            self.thread.start()

    def sample(self):
        d, usage_file, cache_key = self.sources[0]
        usage = read_text(os.path.join(d, usage_file))
        stat = read_text(os.path.join(d, "memory.stat"))
        if not usage or not stat:
            return
        cache = 0
        for line in stat.splitlines():
            k, _, v = line.partition(" ")
            if k == cache_key:
                cache = int(v)
                break
        value = int(usage.split()[0]) - cache
        if self.peak is None or value > self.peak:
            self.peak = value

    def run(self):
        while not self.done.wait(0.02):
            self.sample()

    def stop(self):
        if self.sources:
            self.done.set()
            self.thread.join()
        return self.peak


def pump(proc, out_path, err_path, deadline, pidfd, kill_tree):
    """Copy the child's stdout/stderr to files until EOF on both; return (exit_time, status, rusage, timed_out)."""
    sel = selectors.DefaultSelector()
    files = {}
    for stream, path in ((proc.stdout, out_path), (proc.stderr, err_path)):
        fd = stream.fileno()
        os.set_blocking(fd, False)
        files[fd] = open(path, "wb", buffering=0)
        sel.register(fd, selectors.EVENT_READ)
    if pidfd is not None:
        sel.register(pidfd, selectors.EVENT_READ)
    exit_time = None
    status = None
    rusage = None
    timed_out = False
    use_splice = hasattr(os, "splice")
    drain_deadline = None
    while files or exit_time is None:
        now = time.monotonic()
        limit = deadline if exit_time is None else drain_deadline
        if now >= limit:
            if exit_time is None and timed_out:
                exit_time = now
                break
            if exit_time is None:
                timed_out = True
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                kill_tree()
                deadline = now + 60
            else:
                break
        timeout = 0.005 if pidfd is None and exit_time is None else max(0.0, min(limit - now, 1.0))
        for key, _ in sel.select(timeout):
            fd = key.fd
            if fd == pidfd:
                continue
            dst = files[fd]
            try:
                if use_splice:
                    n = os.splice(fd, dst.fileno(), 1 << 20)
                else:
                    data = os.read(fd, 1 << 20)
                    n = len(data)
                    if n:
                        dst.write(data)
            except BlockingIOError:
                continue
            except OSError:
                use_splice = False
                continue
            if n == 0:
                sel.unregister(fd)
                dst.close()
                del files[fd]
        if exit_time is None:
            pid, st, ru = os.wait4(proc.pid, os.WNOHANG)
            if pid == proc.pid:
                exit_time = time.monotonic()
                status, rusage = st, ru
                if pidfd is not None:
                    sel.unregister(pidfd)
                    os.close(pidfd)
                    pidfd = None
                drain_deadline = exit_time + 30
    for dst in files.values():
        dst.close()
    sel.close()
    return exit_time, status, rusage, timed_out


def verify_rc(rc, _args):
    return (rc == 0, "" if rc == 0 else "exit code %d" % rc)


def load_hosts(path):
    """Lines "name address" -> list of (name, address)."""
    hosts = []
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 2:
                hosts.append((parts[0], parts[1]))
    return hosts


AWK_PREFIX = r"""
BEGIN { FS = ": " }
{ i = index($0, ": "); if (i == 0) { other++; next }
  h = substr($0, 1, i - 1); v = substr($0, i + 2); n[h]++; s[h] += v }
END { for (h in n) printf "%s %d %.0f\n", h, n[h], s[h]; printf "#other %d\n", other + 0 }
"""

AWK_PSSH = r"""
/^\[[0-9]+\] [0-9][0-9]:[0-9][0-9]:[0-9][0-9] \[(SUCCESS|FAILURE)\] / {
  h = $4; st[h] = $3; n[h] += 0; s[h] += 0; next }
/^Stderr: / { h = ""; other++; next }
h != "" { n[h]++; s[h] += $0; next }
{ other++ }
END { for (h in n) printf "%s %d %.0f %s\n", h, n[h], s[h], st[h]; printf "#other %d\n", other + 0 }
"""


def verify_lines(out_path, hosts, fmt, lines, total):
    """Each host's output must be `lines` lines summing to `total` (seq 1 lines)."""
    script = AWK_PSSH if fmt == "pssh" else AWK_PREFIX
    res = subprocess.run(["awk", script, out_path], stdout=subprocess.PIPE, env=dict(os.environ, LC_ALL="C"),
                         timeout=900, check=False)
    seen = {}
    for line in res.stdout.decode("utf-8", "replace").splitlines():
        parts = line.split()
        if parts and parts[0] != "#other":
            seen[parts[0]] = parts[1:]
    bad = []
    for name, addr in hosts:
        got = seen.get(name) or seen.get(addr)
        if got is None:
            bad.append("%s: no output" % name)
        elif int(got[0]) != lines or int(got[1]) != total or (len(got) > 2 and got[2] != "[SUCCESS]"):
            bad.append("%s: %s lines, sum %s %s" % (name, got[0], got[1], " ".join(got[2:])))
    if bad:
        return False, "%d/%d hosts wrong (%s)" % (len(bad), len(hosts), "; ".join(bad[:3]))
    return True, ""


def verify_pssh_success(out_path, hosts):
    ok = 0
    with open(out_path, "rb") as f:
        for line in f:
            if b" [SUCCESS] " in line:
                ok += 1
    if ok != len(hosts):
        return False, "%d/%d hosts reported SUCCESS" % (ok, len(hosts))
    return True, ""


def verify_put(hosts, host_root, rel_path, payload):
    size = os.path.getsize(payload)
    with open(payload, "rb") as f:
        want = f.read()
    bad = []
    for name, _ in hosts:
        p = os.path.join(host_root, name, rel_path)
        try:
            if os.path.getsize(p) != size:
                bad.append("%s: size %d" % (name, os.path.getsize(p)))
                continue
            with open(p, "rb") as f:
                if f.read() != want:
                    bad.append("%s: content differs" % name)
        except OSError as e:
            bad.append("%s: %s" % (name, e.strerror))
    if bad:
        return False, "%d/%d hosts wrong (%s)" % (len(bad), len(hosts), "; ".join(bad[:3]))
    return True, ""


class Interrupted(Exception):
    """A signal asked this process to stop; the measured tree must be ended first."""


RUNNING = []  # pid of the measured command (leader of its own process group), once started


def on_signal(signum, _frame):
    raise Interrupted(signum)


def cmd_run(a, layout):
    name = "run-%d-%d" % (os.getpid(), time.monotonic_ns())
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, on_signal)
    try:
        return measured_run(a, layout, name)
    except Interrupted as e:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        print("measure.py: interrupted, ending the measured command", file=sys.stderr)
        for pid in RUNNING:
            try:
                os.killpg(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        layout.remove(name)
        return 128 + e.args[0]


def measured_run(a, layout, name):
    procs = layout.create(name)
    server_before = layout.read(a.server_cg) if a.server_cg else None

    def enter_cgroup():
        me = str(os.getpid())
        for p in procs:
            with open(p, "w") as f:
                f.write(me)

    start = time.monotonic()
    proc = subprocess.Popen(a.cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=enter_cgroup, start_new_session=True)
    RUNNING.append(proc.pid)
    sampler = NonCachePeak(layout, name)
    try:
        pidfd = os.pidfd_open(proc.pid)
    except (AttributeError, OSError):
        pidfd = None
    exit_time, status, rusage, timed_out = pump(proc, a.out, a.err, start + a.timeout, pidfd,
                                                lambda: layout.kill(name))
    wall = exit_time - start
    peak_non_cache = sampler.stop()
    proc.returncode = -9 if status is None else os.waitstatus_to_exitcode(status)
    stragglers = layout.pids(name)
    layout.kill(name)
    stats = layout.read(name)
    layout.remove(name)
    if a.server_cg:
        time.sleep(a.settle)
        server_after = layout.read(a.server_cg)
        server_cpu = None
        if server_before["cpu_s"] is not None and server_after["cpu_s"] is not None:
            server_cpu = server_after["cpu_s"] - server_before["cpu_s"]
    else:
        server_cpu = None
    if stats["cpu_s"] is None and rusage is not None:
        stats["user_s"], stats["sys_s"] = rusage.ru_utime, rusage.ru_stime
        stats["cpu_s"] = rusage.ru_utime + rusage.ru_stime
    if stats["peak_bytes"] is None and rusage is not None:
        stats["peak_bytes"] = rusage.ru_maxrss * 1024

    rc = proc.returncode
    if timed_out:
        ok, reason = False, "timed out after %ds" % a.timeout
    else:
        ok, reason = verify_rc(rc, a)
        hosts = load_hosts(a.hosts) if a.hosts else []
        if ok and a.verify == "pssh-success":
            ok, reason = verify_pssh_success(a.out, hosts)
        elif ok and a.verify in ("lines-prefix", "lines-pssh"):
            ok, reason = verify_lines(a.out, hosts, "pssh" if a.verify == "lines-pssh" else "prefix",
                                      a.lines, a.total)
        elif ok and a.verify == "put":
            ok, reason = verify_put(hosts, a.host_root, a.put_rel, a.payload)
    if ok and stragglers:
        reason = "%d processes outlived the command and were killed" % len(stragglers)
    if not ok:
        err_tail = (read_text(a.err) or "")[-400:].strip().replace("\n", " | ")
        if err_tail:
            reason += " / stderr: " + err_tail
    row = dict(json.loads(a.tags) if a.tags else {})
    row.update(wall_s=round(wall, 4), cpu_s=round(stats["cpu_s"], 4), user_s=round(stats["user_s"], 4),
               sys_s=round(stats["sys_s"], 4), peak_bytes=stats["peak_bytes"], peak_non_cache_bytes=peak_non_cache,
               rc=rc, ok=ok, reason=reason,
               server_cpu_s=None if server_cpu is None else round(server_cpu, 4),
               rusage_cpu_s=None if rusage is None else round(rusage.ru_utime + rusage.ru_stime, 4),
               out_bytes=os.path.getsize(a.out))
    print(json.dumps(row), flush=True)
    return 0


def main():
    p = argparse.ArgumentParser(prog="measure.py")
    sub = p.add_subparsers(dest="sub", required=True)
    for s in ("cg-create", "cg-read", "cg-kill", "cg-remove"):
        sub.add_parser(s).add_argument("name")
    sub.add_parser("methods")
    r = sub.add_parser("run")
    r.add_argument("--out", required=True, help="file receiving the command's stdout")
    r.add_argument("--err", required=True, help="file receiving the command's stderr")
    r.add_argument("--timeout", type=float, default=600)
    r.add_argument("--server-cg", help="cgroup name of the sshd fleet, for server CPU per run")
    r.add_argument("--settle", type=float, default=0.3, help="seconds to let sshd finish before reading it")
    r.add_argument("--verify", default="rc", choices=("rc", "pssh-success", "lines-prefix", "lines-pssh", "put"))
    r.add_argument("--hosts", help='file of "name address" lines')
    r.add_argument("--lines", type=int, default=0)
    r.add_argument("--total", type=int, default=0)
    r.add_argument("--host-root", help="per-host directories (put check)")
    r.add_argument("--put-rel", help="path of the put file inside a host directory")
    r.add_argument("--payload", help="the local file that was put")
    r.add_argument("--tags", help="JSON object merged into the output line")
    r.add_argument("cmd", nargs=argparse.REMAINDER)
    a = p.parse_args()
    layout = Layout()
    if a.sub == "cg-create":
        for path in layout.create(a.name):
            print(path)
    elif a.sub == "cg-read":
        print(json.dumps(layout.read(a.name)))
    elif a.sub == "cg-kill":
        layout.kill(a.name)
    elif a.sub == "cg-remove":
        layout.remove(a.name)
    elif a.sub == "methods":
        print("CPU: %s; peak memory: %s" % (layout.cpu_method(), layout.mem_method()))
    elif a.sub == "run":
        if a.cmd and a.cmd[0] == "--":
            a.cmd = a.cmd[1:]
        if not a.cmd:
            die("run needs a command after --")
        return cmd_run(a, layout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
