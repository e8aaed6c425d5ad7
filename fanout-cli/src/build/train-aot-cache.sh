#!/usr/bin/env bash
# Builds the JDK 25 AOT cache that bin/fanout uses: one training run of fanout against its embedded lab, with the
# same JVM options as the launcher (see bin/lib/jvm-options.sh). Never fails the build: without a cache fanout
# only starts slower.
# Usage: train-aot-cache.sh JAVA JAR CACHE
java="$1"; jar="$2"; cache="$3"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
. "$here/bin/lib/jvm-options.sh"
state="$(mktemp -d)"
trap 'rm -rf "$state"' EXIT
rm -f "$cache"
# Every run reads ssh_config: train on one that reads the system's file too, as a run without -F does. The lab's
# inventory sets every value, so nothing in it changes how the lab is reached.
printf 'Host training-only\n    User nobody\nMatch all\n    IdentitiesOnly no\nInclude /etc/ssh/ssh_config\n' \
    >"$state/ssh_config"
if XDG_STATE_HOME="$state" HOME="$state" timeout 120 "$java" "${FANOUT_JVM_OPTIONS[@]}" -XX:AOTCacheOutput="$cache" \
    -jar "$jar" lab -- run -F "$state/ssh_config" -a -q 'true' >"$state/training.log" 2>&1; then
  echo "fanout: AOT cache $(basename "$cache"): $(du -h "$cache" | cut -f1)"
else
  echo "fanout: no AOT cache (the training run failed; fanout works, it only starts slower):"
  tail -5 "$state/training.log"
  rm -f "$cache"
fi
exit 0
