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

# java_25 HOME: whether HOME is a runtime >= 25 with a java to run.
java_25() {
  [ -n "$1" ] && java_major "$1" && [ "$JAVA_MAJOR" -ge 25 ] && [ -x "$1/bin/java" ]
}

find_java_home() {
  local home java
  for home in "${FANOUT_JAVA_HOME:-}" "${JAVA_HOME:-}"; do
    if java_25 "$home"; then
      JAVA_25_HOME="$home"
      return 0
    fi
  done
  if java="$(command -v java)"; then
    java="$(readlink -f "$java")"
    if java_25 "${java%/bin/java}"; then
      JAVA_25_HOME="${java%/bin/java}"
      return 0
    fi
  fi
  for home in /usr/lib/jvm/temurin-25* /usr/lib/jvm/java-25* /usr/lib/jvm/*; do
    if [ -d "$home" ] && java_25 "$home"; then
      JAVA_25_HOME="$home"
      return 0
    fi
  done
  return 1
}

no_java_25() {
  echo "fanout: needs Java 25 or newer, and none was found (looked at \$FANOUT_JAVA_HOME, \$JAVA_HOME, java on PATH, /usr/lib/jvm)." >&2
  echo "fanout: install a JDK 25 (e.g. Temurin 25) and set JAVA_HOME to it." >&2
}
