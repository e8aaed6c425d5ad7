#!/usr/bin/env bash
# Checks the release artifacts that build-dist.sh made in TARGET (run by Maven at verify with -Pdist): the tree, the
# tarball and the Debian package hold everything (check-tree.sh), the check itself fails when a man page, a
# completion script, batch_run or batch_scp, or the AOT cache is missing, and the tarball unpacked in a temporary
# directory and the package unpacked under a temporary root (dpkg-deb -x) each run fanout without a JDK.
# .ci/run then installs the package for real (check-installed.sh). Usage: check-dist.sh TARGET VERSION MAN1
set -euo pipefail
target="$1"; version="$2"; man1="$3"
. "$(dirname "${BASH_SOURCE[0]}")/check-tree.sh"
name="fanout-$version-linux-x64"
tree="$target/$name"
deb="$target/fanout_${version//-/\~}_amd64.deb"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

check_tree "$tree" "$man1"

# The check fails for each piece taken away (a copy of hard links, so nothing is copied).
for piece in share/man/man1/fanout.1 share/man/man1/fanout-run.1 share/man/man1/batch_scp.1 \
    share/bash-completion/completions/fanout share/zsh/vendor-completions/_fanout bin/batch_run bin/batch_scp \
    lib/fanout.aot; do
  rm -rf "$scratch/cut"
  cp -al "$tree" "$scratch/cut"
  rm "$scratch/cut/$piece"
  if check_tree "$scratch/cut" "$man1" 2>"$scratch/why"; then
    echo "fanout-dist: the tree check passed a tree without $piece" >&2
    exit 1
  fi
  grep -qF "$piece" "$scratch/why" || { echo "fanout-dist: without $piece the check said: $(cat "$scratch/why")" >&2; exit 1; }
done
rm -rf "$scratch/cut"
echo "fanout-dist: $name is complete, and the check fails without each of its man pages, completion scripts, batch_run, batch_scp and the AOT cache"

export HOME="$scratch/home"
mkdir -p "$HOME"
mkdir "$scratch/tarball"
tar -C "$scratch/tarball" -xzf "$target/$name.tar.gz"
check_tree "$scratch/tarball/$name" "$man1"
smoke "the tarball" "$scratch/tarball/$name/bin/fanout"
[ "$(without_jdk "$scratch/tarball/$name/bin/fanout" --install-paths | head -1)" = "man	$scratch/tarball/$name/share/man" ]

dpkg-deb -x "$deb" "$scratch/root"
check_installed "$scratch/root" "$man1"
smoke "the Debian package (dpkg-deb -x)" "$scratch/root/usr/bin/fanout"
dpkg-deb -f "$deb" Package Version Architecture Depends | tr '\n' ' '; echo
