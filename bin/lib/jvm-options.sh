# Sourced by bin/fanout and by the build's AOT training: the JVM options of every fanout run. The AOT cache must be
# made and used with the same options. The serial collector with a small young generation keeps the footprint flat
# however much output or data passes through (the live data stays small: output is streamed, never held).
# The heap is capped: without -Xmx the serial collector grows the old generation (up to a quarter of the machine's
# memory) rather than collecting it, and every session in flight survives a young collection, so a run kept about
# 250 KiB of dead session state per host (2.4 GiB at 10,000 lab hosts). Live data is about 100 MiB with 256 hosts
# in flight (the lab's server side included); 512 MiB leaves room for much larger fan-outs. Set FANOUT_JAVA_OPTS=-Xmx2g
# (say) for more.
FANOUT_JVM_OPTIONS=(
  -Xlog:disable -Xlog:all=error:stderr -Xlog:aot=off -Xlog:cds=off
  -XX:+UseSerialGC -XX:MaxNewSize=32m -Xmx512m
  --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED
)
