#!/usr/bin/env bash
# The reference "peer" of the benchmark: a plain loop of `ssh host CMD &` over every address in a file, then
# wait. Exits 0 only when every ssh exited 0; otherwise prints how many failed and exits 1.
# Usage: sshloop.sh SSH_CONFIG ADDRESS_FILE COMMAND
set -u
cfg=$1 hosts=$2 cmd=$3
pids=()
while read -r addr _; do
    [ -n "$addr" ] || continue
    ssh -F "$cfg" "$addr" "$cmd" </dev/null &
    pids+=("$!")
done <"$hosts"
failed=0
for pid in "${pids[@]}"; do
    wait "$pid" || failed=$((failed + 1))
done
if [ "$failed" -ne 0 ]; then
    echo "sshloop: $failed of ${#pids[@]} hosts failed" >&2
    exit 1
fi
