# Sourced by bin/fanout and by the build's AOT training: the JVM options of every fanout run. The AOT cache must be
# made and used with the same options. The serial collector with a small young generation keeps the footprint flat
# however much output or data passes through (the live data stays small: output is streamed, never held).
FANOUT_JVM_OPTIONS=(
  -Xlog:disable -Xlog:all=error:stderr -Xlog:aot=off -Xlog:cds=off
  -XX:+UseSerialGC -XX:MaxNewSize=32m
  --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED
)
