# Sourced by bin/fanout and by the build's AOT training: the JVM options of every fanout run. The AOT cache must be
# made and used with the same options. The serial collector with a small young generation keeps the footprint flat
# however much output or data passes through (the live data stays small: output is streamed, never held).
# The heap is capped: without -Xmx the serial collector grows the old generation (up to a quarter of the machine's
# memory) rather than collecting it, and every session in flight survives a young collection, so a run kept about
# 250 KiB of dead session state per host (2.4 GiB at 10,000 lab hosts). Live data is about 100 MiB with 256 hosts
# in flight (the lab's server side included); 512 MiB leaves room for much larger fan-outs. Set FANOUT_JAVA_OPTS=-Xmx2g
# (say) for more. Output that streams in faster than stdout drains promotes buffers that die soon after; the cap bounds
# that (bench/README.md, "Measurements behind the code": no full-collection trigger is needed since the output path
# reuses its buffers).
# Core reflection on native accessors: picocli reads and writes its option fields by reflection, which otherwise
# spins a method-handle class per kind of access (63 per run, each in the interpreter); a cold single-host run is
# 35-40 ms faster and spends 70-90 ms less CPU (medians of 16 interleaved runs, on two AOT caches).
FANOUT_JVM_OPTIONS=(
  -Xlog:disable -Xlog:all=error:stderr -Xlog:aot=off -Xlog:cds=off
  -XX:+UseSerialGC -XX:MaxNewSize=32m -Xmx512m
  -Djdk.reflect.useNativeAccessorOnly=true
  --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED
)

# fanout_jit_options SUBCOMMAND: the JIT options for one subcommand, in FANOUT_JIT_OPTIONS. Commands that move file
# data (put, get, batch_scp) and the lab (which serves as many hosts as it connects to) keep both compilers: C2
# halves the CPU of a 10 MiB put to 100 hosts (15 s vs 33 s with C1 alone). The others stop at C1, whose code
# suffices for connections and output lines: on 2 cores a cold single-host run takes 0.9 s instead of 1.2 s and 100
# hosts running `true` 3.1 s of CPU instead of 4.3 s (C2 compiling in the background competes with the run), while
# 100 hosts printing 1.3 MB each cost 8% more CPU.
# -Dfanout.jit=c1 tells the command line, which then has the SSH transport prefer chacha20-poly1305 to AES-GCM: without C2's intrinsics, AES-GCM
# is the slower of the two (see Algorithms.ciphers in fanout-ssh).
fanout_jit_options() {
  case "${1:-}" in
    put | get | batch_scp | lab) FANOUT_JIT_OPTIONS=() ;;
    *) FANOUT_JIT_OPTIONS=(-XX:TieredStopAtLevel=1 -Dfanout.jit=c1) ;;
  esac
}
