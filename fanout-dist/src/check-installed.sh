#!/usr/bin/env bash
# Installs the Debian package on this machine (dpkg -i, as root), checks it as a user would use it, without a JDK:
# with an empty environment but PATH=/usr/bin:/bin and every runtime under /usr/lib/jvm hidden (see without_jdk),
# 'fanout --version', 'fanout lab -- run -a true', batch_run, 'man -w fanout' and 'man fanout', and bash-completion
# loading /usr/share/bash-completion/completions/fanout for 'fanout run -g <TAB>'. It then prints the cold start of
# the installed fanout (median of 5 runs) and removes the package again, whatever happened.
# Run by .ci/run after ./mvnw -Pdist verify. Usage: check-installed.sh DEB MAN1
set -euo pipefail
deb="$1"; man1="$2"
. "$(dirname "${BASH_SOURCE[0]}")/check-tree.sh"
version="$(dpkg-deb -f "$deb" Version)"; version="${version//\~/-}"
scratch="$(mktemp -d)"
if dpkg-query -W -f='${Status}' fanout 2>/dev/null | grep -q installed; then
  echo "fanout-dist: fanout is already installed here: not touching it" >&2
  exit 1
fi
trap 'dpkg --purge fanout >/dev/null 2>&1 || true; rm -rf "$scratch"' EXIT
dpkg -i "$deb" >/dev/null
export HOME="$scratch/home"
mkdir -p "$HOME"

check_installed / "$man1"
dpkg --verify fanout || { echo "fanout-dist: dpkg --verify fanout: the installed files differ from the package's" >&2; exit 1; }
smoke "the installed package" /usr/bin/fanout
without_jdk fanout lab -n 1 -- run -a true >/dev/null
[ "$(without_jdk man -w fanout)" = /usr/share/man/man1/fanout.1.gz ] || { echo "fanout-dist: man -w fanout: $(man -w fanout 2>&1)" >&2; exit 1; }
without_jdk man -w batch_scp >/dev/null
without_jdk bash -c 'MANWIDTH=80 man fanout-run 2>&1 | grep -q "^NAME"' || { echo "fanout-dist: man fanout-run renders no NAME section" >&2; exit 1; }

# fanout run -g <TAB>, as bash-completion would answer it: it loads the completion by the command's name from
# /usr/share/bash-completion/completions, then the words are completed from the inventory in the current directory.
cat >"$scratch/hosts.ini" <<'INI'
[web01]
groups = web_clusters
[db01]
groups = db_servers
INI
if [ -r /usr/share/bash-completion/bash_completion ]; then
  load='source /usr/share/bash-completion/bash_completion; __load_completion fanout || exit 3'
else
  echo "fanout-dist: bash-completion is not installed: sourcing the completion script directly" >&2
  load='source /usr/share/bash-completion/completions/fanout'
fi
offered="$(cd "$scratch" && without_jdk bash --norc --noprofile -c "$load"'
  compopt() { :; }
  COMP_WORDS=(fanout run -g ""); COMP_CWORD=3; COMP_LINE="fanout run -g "; COMP_POINT=${#COMP_LINE}
  $(complete -p fanout | sed "s/.*-F \([^ ]*\) .*/\1/") fanout "" -g
  printf "%s\n" "${COMPREPLY[@]}"')"
if [ "$offered" != $'db_servers\nweb_clusters' ]; then
  echo "fanout-dist: fanout run -g <TAB> offered: ${offered//$'\n'/ } (not the inventory's groups)" >&2
  exit 1
fi
echo "fanout-dist: installed: man -w fanout, man fanout-run and fanout run -g <TAB> (db_servers web_clusters): ok"

# The cold start of the installed fanout: a new JVM each time, median of 5.
median_ms() {
  local i s times=()
  for i in 1 2 3 4 5; do
    s=$(date +%s%N)
    without_jdk "$@" >/dev/null 2>&1
    times+=($(( ($(date +%s%N) - s) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n 3p
}
echo "fanout-dist: cold start of the installed package (median of 5): fanout --version $(median_ms fanout --version) ms," \
  "fanout lab -n 1 -- run -a true $(median_ms fanout lab -n 1 -- run -a true) ms"
