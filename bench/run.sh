#!/usr/bin/env bash
# Benchmark of fanout against parallel-ssh (pssh), pdsh and clush on a private OpenSSH fleet on loopback.
# See bench/README.md. Usage:
#   bench/run.sh [N] [WORKLOAD...]     N hosts (default 100); workloads: true sleep seq put cold (default: all)
#   BENCH_TOOLS="fanout fanout-sudo fanout-sudo-nopw" bench/run.sh N true   # the overhead of --sudo
#   bench/run.sh --lab [N...]          fanout alone against its embedded lab (default N: 1000 10000)
#   bench/run.sh --help
# Must run as root (it starts sshd daemons, creates a user and cgroups). Traffic stays on 127.0.0.0/8.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$HERE")

# ---- settings (environment variables) ---------------------------------------------------------------------
FANOUT=${FANOUT:-$REPO/bin/fanout}          # the fanout launcher under test
BENCH_PORT=${BENCH_PORT:-2299}              # one port, on every host address
BENCH_NET=${BENCH_NET:-127.2}               # host i gets address $BENCH_NET.<(i-1)/254>.<(i-1)%254+1>
BENCH_USER=${BENCH_USER:-fanoutbench}       # throw-away user the fleet accepts (created if missing)
BENCH_REPS=${BENCH_REPS:-3}                 # repetitions per cell (tools alternate inside a repetition)
BENCH_LAB_REPS=${BENCH_LAB_REPS:-1}         # repetitions per lab size
BENCH_TIMEOUT=${BENCH_TIMEOUT:-300}         # seconds before one measured command is killed (cell FAILED,
                                            # and that tool's later repetitions of the workload are skipped)
BENCH_TOOLS=${BENCH_TOOLS:-fanout pssh pdsh clush ssh-loop pssh-kex pdsh-kex clush-kex}
BENCH_OUT=${BENCH_OUT:-$HERE/out}           # results (git-ignored)
BENCH_KEEP=${BENCH_KEEP:-0}                 # 1: keep the temp dir (keys, configs, logs, failed runs' output)
KEX=curve25519-sha256                       # key exchange of the "-kex" peer variants
MAX_HOSTS=5000                              # one sshd per host: 5,000 daemons is about 7 GiB
# The system's python3 (a pyenv or venv shim in PATH would add start-up time between runs, not inside them).
PY=${PYTHON:-$(command -v /usr/bin/python3 || command -v python3 || echo python3)}

# ---- fanout's command lines: the only place that knows them -------------------------------------------------
# Each sets the array CMD. Arguments: see the comment of each. $INV is the fleet's inventory (INI, group
# "bench", host names b0001...). Run records go to a temp state dir so they do not pile up in ~/.local/state.
FANOUT_SEQ_VERIFY=lines-prefix   # fanout prints "b0001: line" (the check also accepts the address as prefix)
fanout_env() { CMD=(env "XDG_STATE_HOME=$W/fanout-state" "$@"); }
fanout_run_cmd()  { fanout_env "$FANOUT" run -i "$INV" -g bench -f "$1" "$2"; }       # N CMD
fanout_cold_cmd() { fanout_env "$FANOUT" run -i "$INV" -H b0001 "$1"; }               # CMD
fanout_put_cmd()  { fanout_env "$FANOUT" put -i "$INV" -g bench -f "$1" "$2" "$3"; }  # N FILE DEST/
fanout_lab_cmd()  { CMD=("$FANOUT" lab --nodes "$1" -- run -g nodes true); }          # N
# Through sudo as root, its password from the inventory (become_password_env: $BENCH_SUDO_PASSWORD, exported by
# the script, never on a command line); and as nobody, whom sudo lets the bench user become without a password.
fanout_sudo_cmd() { fanout_env "$FANOUT" run -i "$INV_SUDO" -g bench -f "$1" "$2"; }   # N CMD
fanout_sudo_nopw_cmd() { fanout_env "$FANOUT" run -i "$INV" -g bench -f "$1" -U nobody "$2"; }   # N CMD

# ---- workloads ----------------------------------------------------------------------------------------------
SEQ_LINES=${BENCH_SEQ_LINES:-200000}   # lines per host of the seq workload (200,000: about 1.3 MB)
SEQ_SUM=$((SEQ_LINES * (SEQ_LINES + 1) / 2))
workload_cmd() {
    case $1 in
        true | cold) echo "true" ;;
        sleep) echo "sleep 1" ;;
        seq) echo "seq 1 $SEQ_LINES" ;;
        put) echo "" ;;
        *) return 1 ;;
    esac
}
ALL_WORKLOADS="true sleep seq put cold"

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 2; }

usage() { sed -n '2,7p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

# ---- installation -------------------------------------------------------------------------------------------
ensure_packages() { # COMMAND=PACKAGE ...
    local missing=() pair
    for pair in "$@"; do
        command -v "${pair%%=*}" >/dev/null 2>&1 || [ -x "${pair%%=*}" ] || missing+=("${pair#*=}")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    command -v apt-get >/dev/null || die "missing ${missing[*]} and no apt-get to install them"
    log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    timeout 900 apt-get update -qq
    timeout 900 apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# ---- addresses and files ------------------------------------------------------------------------------------
addr_of() { local i=$(($1 - 1)); echo "$BENCH_NET.$((i / 254)).$((i % 254 + 1))"; }
name_of() { printf 'b%04d' "$1"; }

write_client_files() { # N
    local n=$1 i
    : >"$W/hosts.addr"; : >"$W/hosts.map"; : >"$W/known_hosts"
    local hostkey; hostkey=$(cut -d' ' -f1,2 "$W/keys/host_ed25519.pub")
    {
        for ((i = 1; i <= n; i++)); do echo "$(name_of "$i") $(addr_of "$i")"; done
    } >"$W/hosts.map"
    cut -d' ' -f2 "$W/hosts.map" >"$W/hosts.addr"
    head -n1 "$W/hosts.map" >"$W/host1.map"
    head -n1 "$W/hosts.addr" >"$W/host1.addr"
    while read -r _ a; do echo "[$a]:$BENCH_PORT $hostkey"; done <"$W/hosts.map" >"$W/known_hosts"
    local variant
    for variant in default kex; do
        {
            echo "Host *"
            echo "  User $BENCH_USER"
            echo "  Port $BENCH_PORT"
            echo "  IdentityFile $W/keys/id_ed25519"
            echo "  IdentitiesOnly yes"
            echo "  UserKnownHostsFile $W/known_hosts"
            echo "  GlobalKnownHostsFile /dev/null"
            echo "  StrictHostKeyChecking yes"
            echo "  UpdateHostKeys no"
            echo "  BatchMode yes"
            echo "  PasswordAuthentication no"
            echo "  KbdInteractiveAuthentication no"
            echo "  ControlMaster no"
            echo "  ControlPath none"
            echo "  LogLevel ERROR"
            if [ "$variant" = kex ]; then echo "  KexAlgorithms $KEX"; fi
        } >"$W/ssh_config.$variant"
    done
    {
        echo "[DEFAULT]"
        echo "user = $BENCH_USER"
        echo "port = $BENCH_PORT"
        echo "identity_file = $W/keys/id_ed25519"
        echo "known_hosts = $W/known_hosts"
        while read -r nm a; do printf '[%s]\naddress = %s\ngroups = bench\n' "$nm" "$a"; done <"$W/hosts.map"
    } >"$INV"
    sed '1a become = yes\nbecome_password_env = BENCH_SUDO_PASSWORD' "$INV" >"$INV_SUDO"
}

write_sshd_config() {
    mkdir -p /run/sshd && chmod 755 /run/sshd   # privilege separation directory
    {
        echo "HostKey $W/keys/host_ed25519"
        echo "PidFile none"
        echo "UsePAM no"
        echo "StrictModes no"
        echo "AuthorizedKeysFile $W/keys/authorized_keys"
        echo "PubkeyAuthentication yes"
        echo "PasswordAuthentication no"
        echo "KbdInteractiveAuthentication no"
        echo "AllowUsers $BENCH_USER"
        echo "MaxStartups 1000:30:1000"
        echo "MaxSessions 1000"
        echo "LoginGraceTime 120"
        echo "UseDNS no"
        echo "PrintMotd no"
        echo "PrintLastLog no"
        echo "X11Forwarding no"
        echo "AllowTcpForwarding no"
        echo "Subsystem sftp internal-sftp"
        echo "LogLevel ERROR"
    } >"$W/sshd_config"
    # OpenSSH >= 9.8 penalises a source address that keeps failing or dropping connections; all our
    # clients come from 127.0.0.1, so switch it off where the option exists.
    if "$SSHD" -t -f "$W/sshd_config" -o PerSourcePenalties=no 2>/dev/null; then
        echo "PerSourcePenalties no" >>"$W/sshd_config"
    fi
    "$SSHD" -t -f "$W/sshd_config" || die "sshd rejects $W/sshd_config"
}

# ---- sudo, for the fanout-sudo tools -------------------------------------------------------------------------
# The bench user gets a random password for the run (its sudo to root asks for it, never cached) and may become
# nobody without one: a sudoers drop-in, checked with visudo -cf, removed on exit.
SUDOERS_FILE=""
setup_sudo() {
    ensure_packages sudo=sudo visudo=sudo
    BENCH_SUDO_PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
    export BENCH_SUDO_PASSWORD
    printf '%s:%s\n' "$BENCH_USER" "$BENCH_SUDO_PASSWORD" | chpasswd
    local draft=/etc/sudoers.d/.fanout-bench-$$
    printf 'Defaults:%s timestamp_timeout=0, !lecture\n%s ALL=(root) ALL\n%s ALL=(nobody) NOPASSWD: ALL\n' \
        "$BENCH_USER" "$BENCH_USER" "$BENCH_USER" >"$draft"
    chmod 440 "$draft"
    visudo -qcf "$draft" || { rm -f "$draft"; die "visudo rejects the bench's sudoers drop-in"; }
    SUDOERS_FILE=/etc/sudoers.d/fanout-bench-$$
    mv "$draft" "$SUDOERS_FILE"
}

# ---- the fleet ----------------------------------------------------------------------------------------------
SSHD_PIDS=()
FLEET_CG=""
declare -A TIMED_OUT=()   # "tool:workload" -> 1 once a repetition timed out (its later ones are skipped)
fleet_start() { # N
    local n=$1 i nm a
    [ "$(ss -Hltn "sport = :$BENCH_PORT" | grep -c "$BENCH_NET\.")" -eq 0 ] ||
        die "port $BENCH_PORT already has listeners on $BENCH_NET.*: a previous run still alive? (ss -ltnp)"
    FLEET_CG=fleet-$$
    mapfile -t FLEET_PROCS < <($PY "$HERE/measure.py" cg-create "$FLEET_CG")
    mkdir -p "$W/dest" "$W/log"
    USE_NS=1
    if ! unshare --mount --propagation private true 2>/dev/null; then
        USE_NS=0
        log "warning: no mount namespaces here; all hosts share $W/dest and the put check is weaker"
    fi
    while read -r nm a; do
        mkdir -p "$W/hosts/$nm"
        if [ "$USE_NS" = 1 ]; then mkdir -p "$W/hosts/$nm/dest"; else ln -sfn "$W/dest" "$W/hosts/$nm/dest"; fi
    done <"$W/hosts.map"
    chown -R "$BENCH_USER" "$W/dest" "$W/hosts"
    log "starting $n sshd daemons on $BENCH_NET.*:$BENCH_PORT"
    while read -r nm a; do
        (
            for f in "${FLEET_PROCS[@]}"; do echo "$BASHPID" >"$f"; done
            if [ "$USE_NS" = 1 ]; then
                # A private mount namespace per host: its $W/dest is its own directory, so a put is checked
                # on every host separately although all hosts share this machine's file system.
                exec unshare --mount --propagation private -- /bin/sh -c \
                    'mount --bind "$1" "$2" && exec "$3" -D -f "$4" -o "ListenAddress=$5" -E "$6"' sh \
                    "$W/hosts/$nm/dest" "$W/dest" "$SSHD" "$W/sshd_config" "$a:$BENCH_PORT" "$W/log/$nm.log"
            fi
            exec "$SSHD" -D -f "$W/sshd_config" -o "ListenAddress=$a:$BENCH_PORT" -E "$W/log/$nm.log"
        ) </dev/null &
        SSHD_PIDS+=("$!")
    done <"$W/hosts.map"
    printf '%s\n' "${SSHD_PIDS[@]}" >"$W/sshd.pids"
    local waited=0 listening=0 limit=$((600 + n * 2))   # tenths of a second
    while [ "$waited" -lt "$limit" ]; do
        listening=$(ss -Hltn "sport = :$BENCH_PORT" | grep -c "$BENCH_NET\." || true)
        [ "$listening" -ge "$n" ] && break
        sleep 0.1
        waited=$((waited + 1))
    done
    [ "$listening" -ge "$n" ] || die "only $listening of $n sshd listening after $((limit / 10)) s (see $W/log)"
    local dead=0 pid
    for pid in "${SSHD_PIDS[@]}"; do kill -0 "$pid" 2>/dev/null || dead=$((dead + 1)); done
    [ "$dead" -eq 0 ] || die "$dead sshd daemons died (see $W/log)"
    log "all $n listening; checking a real login on every host (curve25519, 32 at a time)"
    local failed
    failed=$(timeout 900 xargs -P 32 -I{} sh -c \
        'ssh -F "$1" -o ConnectTimeout=30 "$2" true </dev/null >/dev/null 2>&1 || echo "$2"' sh \
        "$W/ssh_config.kex" {} <"$W/hosts.addr" | wc -l) || true
    [ "$failed" -eq 0 ] || die "$failed of $n hosts refused a login (see $W/log; try: ssh -F $W/ssh_config.kex $(addr_of 1) true)"
    log "fleet ready"
}

fleet_stop() {
    local pid i
    [ ${#SSHD_PIDS[@]} -gt 0 ] || return 0
    kill "${SSHD_PIDS[@]}" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
        local alive=0
        for pid in "${SSHD_PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1 && break; done
        [ "$alive" = 0 ] && break
        sleep 0.1
    done
    kill -9 "${SSHD_PIDS[@]}" 2>/dev/null || true
    wait "${SSHD_PIDS[@]}" 2>/dev/null || true
    SSHD_PIDS=()
}

cleanup() {
    local rc=$?
    set +e
    if [ -n "$MEASURE_PID" ]; then
        kill -TERM "$MEASURE_PID" 2>/dev/null
        local i
        for ((i = 0; i < 100; i++)); do kill -0 "$MEASURE_PID" 2>/dev/null || break; sleep 0.1; done
    fi
    fleet_stop
    if [ -n "${SUDOERS_FILE:-}" ]; then rm -f "$SUDOERS_FILE"; usermod -p '*' "$BENCH_USER"; fi
    # Sessions still running in the fleet's cgroup were forked by our daemons: ours to end.
    [ -n "$FLEET_CG" ] && $PY "$HERE/measure.py" cg-remove "$FLEET_CG"
    if [ -n "${W:-}" ] && [ -d "$W" ]; then
        if [ "$BENCH_KEEP" = 1 ]; then log "kept $W"; else rm -rf "$W"; fi
    fi
    exit "$rc"
}

# measure_py TAGS [measure.py run options] -- CMD...: one measured run, its JSON line appended to $RESULTS.
# measure.py runs in the background and we wait for it, so that a TERM or Ctrl-C reaches our trap at once;
# cleanup then asks measure.py to end the measured command's whole tree.
MEASURE_PID=""
measure_py() {
    local tags=$1
    shift
    $PY "$HERE/measure.py" run --out "$W/run.out" --err "$W/run.err" --timeout "$BENCH_TIMEOUT" --tags "$tags" \
        "$@" >"$W/run.json" &
    MEASURE_PID=$!
    local rc=0
    wait "$MEASURE_PID" || rc=$?
    MEASURE_PID=""
    if [ "$rc" = 0 ] && [ -s "$W/run.json" ]; then
        tail -n1 "$W/run.json" >>"$RESULTS"
    else
        printf '%s\n' "${tags%\}},\"ok\":false,\"reason\":\"measure.py failed (exit $rc)\"}" >>"$RESULTS"
    fi
}

# ---- one measured command -----------------------------------------------------------------------------------
# tool_cmd TOOL WORKLOAD N: sets CMD (empty: not applicable) and VERIFY (a measure.py --verify kind).
tool_cmd() {
    local tool=$1 wl=$2 n=$3 cfg="$W/ssh_config.default" rcmd hosts="$W/hosts.addr"
    CMD=() VERIFY=rc
    case $tool in *-kex) cfg="$W/ssh_config.kex" ;; esac
    rcmd=$(workload_cmd "$wl")
    [ "$wl" = cold ] && { hosts="$W/host1.addr"; n=1; }
    local dest="$W/dest/"
    case "$tool:$wl" in
        fanout-sudo:true | fanout-sudo:sleep) fanout_sudo_cmd "$n" "$rcmd" ;;
        fanout-sudo-nopw:true | fanout-sudo-nopw:sleep) fanout_sudo_nopw_cmd "$n" "$rcmd" ;;
        fanout-sudo*:*) return 0 ;;
        fanout:put) fanout_put_cmd "$n" "$PAYLOAD" "$dest" ;;
        fanout:cold) fanout_cold_cmd "$rcmd" ;;
        fanout:*) fanout_run_cmd "$n" "$rcmd" ;;
        pssh*:put) CMD=(parallel-scp -h "$hosts" -p "$n" -x "-F $cfg" "$PAYLOAD" "$dest") ;;
        pssh*:*) CMD=(parallel-ssh -h "$hosts" -p "$n" -i -x "-F $cfg" "$rcmd") ;;
        pdsh*:put) CMD=(env "PDSH_SSH_ARGS_APPEND=-F $cfg" pdcp -R ssh -l "$BENCH_USER" -f "$n" -w "^$hosts"
            "$PAYLOAD" "$dest") ;;
        pdsh*:*) CMD=(env "PDSH_SSH_ARGS_APPEND=-F $cfg" pdsh -R ssh -S -l "$BENCH_USER" -f "$n" -w "^$hosts"
            "$rcmd") ;;
        clush*:put) CMD=(clush -f "$n" --hostfile "$hosts" -o "-F $cfg" --copy "$PAYLOAD" --dest "$dest") ;;
        clush*:*) CMD=(clush -S -f "$n" --hostfile "$hosts" -o "-F $cfg" "$rcmd") ;;
        ssh-loop:true | ssh-loop:sleep | ssh-loop:cold) CMD=("$HERE/sshloop.sh" "$cfg" "$hosts" "$rcmd") ;;
        *) return 0 ;;
    esac
    case "$tool:$wl" in
        *:put) VERIFY=put ;;
        fanout:seq) VERIFY=$FANOUT_SEQ_VERIFY ;;
        pssh*:seq) VERIFY=lines-pssh ;;
        *:seq) VERIFY=lines-prefix ;;
        pssh*:*) VERIFY=pssh-success ;;
    esac
}

tool_available() {
    case $1 in
        fanout) [ -x "$FANOUT" ] ;;
        fanout-sudo*) [ -x "$FANOUT" ] && [ -n "${SUDOERS_FILE:-}" ] ;;
        pssh*) command -v parallel-ssh >/dev/null ;;
        pdsh*) command -v pdsh >/dev/null ;;
        clush*) command -v clush >/dev/null ;;
        ssh-loop) command -v ssh >/dev/null ;;
        *) return 1 ;;
    esac
}

measure() { # TOOL WORKLOAD N REP
    local tool=$1 wl=$2 n=$3 rep=$4 hosts_map="$W/hosts.map"
    [ "$wl" = cold ] && hosts_map="$W/host1.map"
    local tags
    tags=$(printf '{"tool":"%s","workload":"%s","n":%d,"rep":%d}' "$tool" "$wl" "$([ "$wl" = cold ] && echo 1 || echo "$n")" "$rep")
    if ! tool_available "$tool"; then
        printf '%s\n' "${tags%\}},\"na\":true}" >>"$RESULTS"
        return 0
    fi
    tool_cmd "$tool" "$wl" "$n"
    [ ${#CMD[@]} -gt 0 ] || return 0
    if [ -n "${TIMED_OUT[$tool:$wl]:-}" ]; then
        printf '%s\n' "${tags%\}},\"ok\":false,\"reason\":\"skipped: an earlier repetition timed out\"}" >>"$RESULTS"
        log "$tool $wl N=$n rep $rep: skipped (an earlier repetition timed out)"
        return 0
    fi
    if [ "$wl" = put ]; then
        find "$W/hosts" -mindepth 3 -maxdepth 3 -path '*/dest/*' -exec rm -rf {} + 2>/dev/null || true
        [ "$USE_NS" = 1 ] || rm -rf "${W:?}/dest/"* "$W/dest/".[!.]* 2>/dev/null || true
    fi
    local line
    measure_py "$tags" --server-cg "$FLEET_CG" --verify "$VERIFY" --hosts "$hosts_map" --lines "$SEQ_LINES" \
        --total "$SEQ_SUM" --host-root "$W/hosts" --put-rel "dest/$(basename "$PAYLOAD")" --payload "$PAYLOAD" \
        -- "${CMD[@]}"
    line=$(tail -n1 "$RESULTS")
    case $line in *'"reason": "timed out'*) TIMED_OUT[$tool:$wl]=1 ;; esac
    log "$($PY -c 'import json,sys; r=json.loads(sys.argv[1]); print("%-9s %-5s N=%-4s rep %s: %s wall %.2fs cpu %.2fs peak %.0fMiB (%.0fMiB w/o page cache) %s" % (r["tool"], r["workload"], r["n"], r["rep"], "ok    " if r.get("ok") else "FAILED", r.get("wall_s") or 0, r.get("cpu_s") or 0, (r.get("peak_bytes") or 0)/1048576, (r.get("peak_non_cache_bytes") or 0)/1048576, r.get("reason","")[:300]))' "$line")"
    if [ "$BENCH_KEEP" = 1 ]; then
        case $line in *'"ok": false'*)
            mkdir -p "$W/failed"
            mv "$W/run.out" "$W/failed/$tool-$wl-$rep.out"
            mv "$W/run.err" "$W/failed/$tool-$wl-$rep.err" ;;
        esac
    fi
    rm -f "$W/run.out" "$W/run.err" "$W/run.json"
}

# ---- modes --------------------------------------------------------------------------------------------------
setup_workdir() {
    W=$(mktemp -d /tmp/fanout-bench.XXXXXX)
    chmod 755 "$W"
    INV="$W/inventory.ini"
    INV_SUDO="$W/inventory-sudo.ini"
    mkdir -p "$BENCH_OUT"
    STAMP=$(date +%Y%m%d-%H%M%S)
    RESULTS="$BENCH_OUT/results-$STAMP.jsonl"
    : >"$RESULTS"
}

write_meta() { # MODE N
    $PY - "$1" "$2" "$BENCH_REPS" "$($PY "$HERE/measure.py" methods)" "$FANOUT" >"$BENCH_OUT/meta-$STAMP.json" <<'EOF'
import json, os, platform, subprocess, sys
def ver(cmd):
    try:
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=20)
        return r.stdout.decode(errors="replace").strip().splitlines()[0]
    except Exception:
        return "n/a"
print(json.dumps({
    "mode": sys.argv[1], "n": int(sys.argv[2]), "reps": int(sys.argv[3]), "methods": sys.argv[4],
    "cpus": os.cpu_count(), "kernel": platform.release(),
    "versions": {"ssh": ver(["ssh", "-V"]), "pssh": "pssh " + ver(["parallel-ssh", "--version"]),
                 "pdsh": ver(["pdsh", "-V"]), "clush": ver(["clush", "--version"]),
                 "fanout": ver([sys.argv[5], "--version"]) if os.access(sys.argv[5], os.X_OK) else "n/a"},
}))
EOF
}

finish_report() {
    $PY "$HERE/report.py" "$RESULTS" "$BENCH_OUT/meta-$STAMP.json" | tee "$BENCH_OUT/bench-$STAMP.md"
    cp "$BENCH_OUT/bench-$STAMP.md" "$BENCH_OUT/latest.md"
    log "saved $BENCH_OUT/bench-$STAMP.md and $RESULTS"
}

run_lab() { # N...
    local sizes=("$@") n rep
    [ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
    setup_workdir
    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    BENCH_REPS=$BENCH_LAB_REPS
    write_meta lab "${sizes[0]}"
    for n in "${sizes[@]}"; do
        [[ $n =~ ^[0-9]+$ ]] && [ "$n" -ge 1 ] && [ "$n" -le 100000 ] || die "lab size must be 1..100000: $n"
        for ((rep = 1; rep <= BENCH_LAB_REPS; rep++)); do
            local tags
            tags=$(printf '{"tool":"fanout","workload":"lab true","n":%d,"rep":%d}' "$n" "$rep")
            if [ ! -x "$FANOUT" ]; then
                printf '%s\n' "${tags%\}},\"na\":true}" >>"$RESULTS"
                log "fanout not found at $FANOUT: lab n/a"
                continue
            fi
            fanout_lab_cmd "$n"
            measure_py "$tags" -- "${CMD[@]}"
            log "lab N=$n rep $rep: $(tail -n1 "$RESULTS")"
        done
    done
    finish_report
}

run_fleet() { # N WORKLOAD...
    local n=$1 wl tool rep i
    shift
    local workloads=("$@")
    [ ${#workloads[@]} -gt 0 ] || read -r -a workloads <<<"$ALL_WORKLOADS"
    [[ $n =~ ^[0-9]+$ ]] && [ "$n" -ge 1 ] && [ "$n" -le "$MAX_HOSTS" ] || die "N must be 1..$MAX_HOSTS: $n"
    [[ $BENCH_REPS =~ ^[0-9]+$ ]] && [ "$BENCH_REPS" -ge 1 ] && [ "$BENCH_REPS" -le 50 ] || die "BENCH_REPS 1..50"
    for wl in "${workloads[@]}"; do workload_cmd "$wl" >/dev/null || die "unknown workload: $wl"; done
    [ "$(id -u)" = 0 ] || die "run as root (sshd daemons, a user, cgroups)"
    ensure_packages /usr/sbin/sshd=openssh-server ssh=openssh-client ssh-keygen=openssh-client \
        parallel-ssh=pssh pdsh=pdsh clush=clustershell python3=python3 ss=iproute2 unshare=util-linux \
        awk=mawk xargs=findutils
    SSHD=/usr/sbin/sshd
    # Many concurrent ssh processes need file descriptors: use the hard limit (documented in the README).
    ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
    id "$BENCH_USER" >/dev/null 2>&1 || useradd --create-home --shell /bin/sh "$BENCH_USER"
    usermod -p '*' "$BENCH_USER" 2>/dev/null || true   # no password; '*' keeps the account usable by key
    setup_workdir
    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    mkdir -p "$W/keys"
    ssh-keygen -q -t ed25519 -N '' -C fanout-bench -f "$W/keys/id_ed25519"
    ssh-keygen -q -t ed25519 -N '' -C fanout-bench-host -f "$W/keys/host_ed25519"
    cp "$W/keys/id_ed25519.pub" "$W/keys/authorized_keys"
    chmod 755 "$W/keys"
    chmod 644 "$W/keys/authorized_keys"
    PAYLOAD="$W/payload-10MiB.bin"
    head -c $((10 * 1024 * 1024)) /dev/urandom >"$PAYLOAD"
    write_client_files "$n"
    write_sshd_config
    case " $BENCH_TOOLS " in *" fanout-sudo"*) setup_sudo ;; esac
    write_meta fleet "$n"
    fleet_start "$n"
    read -r -a tools <<<"$BENCH_TOOLS"
    local nt=${#tools[@]}
    for wl in "${workloads[@]}"; do
        for ((rep = 1; rep <= BENCH_REPS; rep++)); do
            # Alternate: every repetition runs each tool once, starting one tool further along.
            for ((i = 0; i < nt; i++)); do
                tool=${tools[$(((i + rep - 1) % nt))]}
                measure "$tool" "$wl" "$n" "$rep"
            done
        done
    done
    finish_report
}

case ${1:-} in
    -h | --help) usage; exit 0 ;;
    --lab) shift; run_lab "$@" ;;
    "") run_fleet 100 ;;
    *) run_fleet "$@" ;;
esac
