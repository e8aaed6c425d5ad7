#!/usr/bin/env bash
# Peak resident memory of fanout putting one large file to several hosts of its embedded lab (server and client in
# one process, so the server's share is in the figures too, the same before and after a change).
#
#   bench/put-memory.sh [SIZE_MIB [HOSTS]]     default: 2048 MiB to 4 hosts
#   FANOUT_JAR=/path/to/fanout.jar bench/put-memory.sh    another build (e.g. an older commit's)
#
# It needs SIZE_MIB x (HOSTS + 1) of free disk in $TMPDIR (the payload and every host's copy), and no root.
# Memory is read from /proc/PID/status of the java process every 50 ms: VmHWM (peak resident set), and the peaks of
# RssAnon (heap, buffers) and RssFile (mapped file pages, e.g. the local file being sent). Every host's copy is
# checked against the payload.
set -euo pipefail

size_mib=${1:-2048}
hosts=${2:-4}
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd -P)"
names=(h1 h2 h3 web01 web02 web03 web04 db01 db02)
if (( hosts < 1 || hosts > ${#names[@]} )); then
  echo "put-memory: HOSTS must be 1-${#names[@]}" >&2
  exit 2
fi
selection=$(IFS=,; echo "${names[*]:0:hosts}")

tmp=$(mktemp -d "${TMPDIR:-/tmp}/fanout-put-memory.XXXXXX")
pid=
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

echo "put-memory: writing a ${size_mib} MiB payload of random bytes" >&2
head -c "${size_mib}M" /dev/urandom > "$tmp/payload.bin"

kib() { awk -v k="$1" '$1 == k":" { print $2 }' "/proc/$pid/status" 2>/dev/null || true; }

start=$(date +%s.%N)
"$root/bin/fanout" lab --dir "$tmp/lab" -- put -H "$selection" "$tmp/payload.bin" /tmp/ \
  > "$tmp/out" 2> "$tmp/err" &
pid=$!
hwm=0 anon=0 file=0
while kill -0 "$pid" 2>/dev/null; do
  v=$(kib VmHWM); [ -n "$v" ] && (( v > hwm )) && hwm=$v
  v=$(kib RssAnon); [ -n "$v" ] && (( v > anon )) && anon=$v
  v=$(kib RssFile); [ -n "$v" ] && (( v > file )) && file=$v
  sleep 0.05
done
status=0
wait "$pid" || status=$?
pid=
end=$(date +%s.%N)

if (( status != 0 )); then
  echo "put-memory: fanout exited with $status:" >&2
  cat "$tmp/err" >&2
  exit 1
fi
for name in "${names[@]:0:hosts}"; do
  copy="$tmp/lab/hosts/$name/tmp/payload.bin"
  if ! cmp -s "$tmp/payload.bin" "$copy"; then
    echo "put-memory: $name's copy differs from the payload" >&2
    exit 1
  fi
done

awk -v s="$size_mib" -v h="$hosts" -v hwm="$hwm" -v anon="$anon" -v file="$file" -v t0="$start" -v t1="$end" \
  'BEGIN { t = t1 - t0; printf "put of %d MiB to %d lab hosts: %.1f s, peak RSS %d MiB (peak RssAnon %d MiB, peak RssFile %d MiB)\n",
           s, h, t, hwm / 1024, anon / 1024, file / 1024 }'
