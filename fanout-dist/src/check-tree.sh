#!/usr/bin/env bash
# Sourced by the checks: check_tree TREE MAN1 fails, naming each missing piece, when the release tree TREE (the
# tarball's top directory, or /opt/fanout) lacks any of: the launchers (bin/fanout, bin/batch_run, bin/batch_scp),
# the jar, an AOT cache newer than it (the launcher ignores an older one), the runtime's java, a man page of the
# build's MAN1 directory (fanout.1, batch_run.1 and batch_scp.1 at least), or a completion script.
check_tree() {
  local tree="$1" man1="$2" missing=() f page
  for f in bin/fanout bin/batch_run bin/batch_scp runtime/bin/java; do
    [ -f "$tree/$f" ] && [ -x "$tree/$f" ] || missing+=("$f")
  done
  for f in bin/lib/jvm-options.sh lib/fanout.jar lib/fanout.aot share/bash-completion/completions/fanout \
      share/zsh/vendor-completions/_fanout; do
    [ -s "$tree/$f" ] || missing+=("$f")
  done
  if [ -s "$tree/lib/fanout.aot" ] && [ -s "$tree/lib/fanout.jar" ] && ! [ "$tree/lib/fanout.aot" -nt "$tree/lib/fanout.jar" ]; then
    missing+=("lib/fanout.aot newer than lib/fanout.jar")
  fi
  for page in fanout.1 batch_run.1 batch_scp.1 $(cd "$man1" && ls -- *.1); do
    [ -s "$tree/share/man/man1/$page" ] || missing+=("share/man/man1/$page")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "fanout-dist: $tree lacks: ${missing[*]}" >&2
    return 1
  fi
}

# check_installed ROOT MAN1: the Debian package's files under ROOT (/ once installed, or where dpkg-deb -x put them).
check_installed() {
  local root="$1" man1="$2" missing=() f page
  check_tree "$root/opt/fanout" "$man1" || missing+=("(see above)")
  for f in fanout batch_run batch_scp; do
    [ -L "$root/usr/bin/$f" ] && [ -x "$root/usr/bin/$f" ] || missing+=("/usr/bin/$f")
  done
  for page in $(cd "$man1" && ls -- *.1); do
    [ -s "$root/usr/share/man/man1/$page.gz" ] || missing+=("/usr/share/man/man1/$page.gz")
  done
  for f in usr/share/bash-completion/completions/fanout usr/share/zsh/vendor-completions/_fanout; do
    [ -s "$root/$f" ] || missing+=("/$f")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "fanout-dist: the Debian package under $root lacks: ${missing[*]}" >&2
    return 1
  fi
}

# without_jdk COMMAND...: runs COMMAND with an empty environment but PATH=/usr/bin:/bin, HOME (the caller's) and
# LANG, and, where this user may make a mount namespace (root), with every runtime under /usr/lib/jvm hidden behind
# an empty tmpfs, so that /usr/bin/java leads nowhere either.
without_jdk() {
  if [ -d /usr/lib/jvm ] && unshare -m true 2>/dev/null; then
    unshare -m bash -c 'mount -t tmpfs -o ro none /usr/lib/jvm && exec env -i PATH=/usr/bin:/bin HOME="$0" LANG=C.UTF-8 "$@"' \
      "$HOME" "$@"
  else
    [ -d /usr/lib/jvm ] && echo "fanout-dist: cannot hide /usr/lib/jvm here (no mount namespace): only PATH=/usr/bin:/bin" >&2
    env -i PATH=/usr/bin:/bin HOME="$HOME" LANG=C.UTF-8 "$@"
  fi
}

# smoke NAME FANOUT: without a JDK, 'FANOUT --version' names VERSION and the runtime beside FANOUT, and
# 'FANOUT lab -- run -a true' and batch_run against a lab succeed. Prints what it ran and how long it took.
smoke() {
  local what="$1" fanout="$2" out started
  without_jdk bash -c '! java -version 2>/dev/null' || { echo "fanout-dist: a java is still visible" >&2; return 1; }
  out="$(without_jdk "$fanout" --version)"
  case "$out" in
    "fanout $version (commit "*) ;;
    *) echo "fanout-dist: $what: --version printed: $out" >&2; return 1 ;;
  esac
  case "$(echo "$out" | tail -1)" in
    "Java "*" at $(dirname "$(dirname "$(readlink -f "$fanout")")")/runtime") ;;
    *) echo "fanout-dist: $what: --version does not name the runtime it ships: $out" >&2; return 1 ;;
  esac
  started=$(date +%s%N)
  without_jdk "$fanout" lab -- run -a -q true
  without_jdk "$(dirname "$fanout")/batch_run" --help >/dev/null
  echo "fanout-dist: $what: without a JDK, $fanout --version and lab -- run -a true: ok ($(( ($(date +%s%N) - started) / 1000000 )) ms)"
}
