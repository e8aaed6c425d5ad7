# Sourced by bin/fanout and by the build's AOT training: the JVM options of every fanout run. The AOT cache must be
# made and used with the same options.
FANOUT_JVM_OPTIONS=(
  -Xlog:disable -Xlog:all=error:stderr -Xlog:aot=off -Xlog:cds=off
  -XX:TieredStopAtLevel=1 -XX:+UseSerialGC
  --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED
)
