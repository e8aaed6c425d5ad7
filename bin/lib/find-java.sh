# Sourced by bin/fanout and bin/jdk25: find_java_home prints the home of a Java runtime >= 25, or fails.
# Candidates in order: $FANOUT_JAVA_HOME, $JAVA_HOME, the java on PATH, /usr/lib/jvm/*. The version is read from
# the runtime's release file, so no JVM is started to find it.

java_major() {
  local v
  [ -r "$1/release" ] || return 1
  v="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release")"
  [ -n "$v" ] && echo "$v"
}

find_java_home() {
  local home major candidates=()
  [ -n "${FANOUT_JAVA_HOME:-}" ] && candidates+=("$FANOUT_JAVA_HOME")
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for home in /usr/lib/jvm/temurin-25* /usr/lib/jvm/java-25* /usr/lib/jvm/*; do
    [ -d "$home" ] && candidates+=("$home")
  done
  for home in "${candidates[@]}"; do
    major="$(java_major "$home" 2>/dev/null)" || continue
    if [ "$major" -ge 25 ] && [ -x "$home/bin/java" ]; then
      echo "$home"
      return 0
    fi
  done
  return 1
}

no_java_25() {
  echo "fanout: needs Java 25 or newer, and none was found (looked at \$FANOUT_JAVA_HOME, \$JAVA_HOME, java on PATH, /usr/lib/jvm)." >&2
  echo "fanout: install a JDK 25 (e.g. Temurin 25) and set JAVA_HOME to it." >&2
}
