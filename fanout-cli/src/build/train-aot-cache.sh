#!/usr/bin/env bash
# Builds the JDK 25 AOT cache that bin/fanout uses: one training JVM (dev.fanout.cli.AotTraining: a run and a put,
# each against the embedded lab) with the same JVM options as the launcher (see bin/lib/jvm-options.sh). Never fails
# the build: without a cache fanout only starts slower.
# Usage: train-aot-cache.sh JAVA JAR CACHE
java="$1"; jar="$2"; cache="$3"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
. "$here/bin/lib/jvm-options.sh"
state="$(mktemp -d)"
trap 'rm -rf "$state"' EXIT
rm -f "$cache"
if XDG_STATE_HOME="$state" HOME="$state" timeout 120 "$java" "${FANOUT_JVM_OPTIONS[@]}" -XX:AOTCacheOutput="$cache" \
    -cp "$jar" dev.fanout.cli.AotTraining "$state" >"$state/training.log" 2>&1; then
  echo "fanout: AOT cache $(basename "$cache"): $(du -h "$cache" | cut -f1)"
else
  echo "fanout: no AOT cache (the training run failed; fanout works, it only starts slower):"
  tail -5 "$state/training.log"
  rm -f "$cache"
fi
exit 0
