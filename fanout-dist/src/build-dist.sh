#!/usr/bin/env bash
# Builds fanout's release artifacts for linux-x64 from the build's outputs (run by Maven with -Pdist):
#  - fanout-VERSION-linux-x64.tar.gz: a tree that needs no Java on the machine (bin/fanout, bin/batch_run,
#    bin/batch_scp, lib/fanout.jar, lib/fanout.aot, share/man, share/bash-completion, share/zsh, runtime/);
#  - fanout_DEBVERSION_amd64.deb: the same tree in /opt/fanout, links in /usr/bin, the man pages in /usr/share/man,
#    the completion scripts where bash-completion and zsh look for them.
# runtime/ is linked by jlink from the building JDK's own run-time image (JEP 493: no jmods needed) with the modules
# jdeps finds in the shaded jar, and the AOT cache is trained with that runtime's java: a cache only works with the
# JVM that made it. Usage: build-dist.sh JDK_HOME VERSION CLI_TARGET OUT_DIR
set -euo pipefail
jdk="$1"; version="$2"; cli="$3"; out="$4"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
name="fanout-$version-linux-x64"
tree="$out/$name"
started=$SECONDS

for f in "$cli/fanout.jar" "$cli/man/man1/fanout.1" "$cli/completion/fanout.bash" "$cli/completion/_fanout"; do
  [ -s "$f" ] || { echo "fanout-dist: $f is missing: build fanout-cli first (./mvnw -Pdist package)" >&2; exit 1; }
done
rm -rf "$out"/fanout-*-linux-x64 "$out"/fanout-*-linux-x64.tar.gz "$out/deb" "$out"/fanout_*.deb
mkdir -p "$tree/bin/lib" "$tree/lib" "$tree/share/man/man1" "$tree/share/bash-completion/completions" \
  "$tree/share/zsh/vendor-completions"

# The modules the code refers to (MINA's, BouncyCastle's and slf4j's included); --ignore-missing-deps for the
# optional dependencies the libraries never load here.
modules="$("$jdk/bin/jdeps" --multi-release 25 --ignore-missing-deps --print-module-deps "$cli/fanout.jar")"
# No compression of the modules: the tarball's gzip does better on them (23 MiB against 28 for zip-6) and classes
# are read without inflating them.
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --output "$tree/runtime"
echo "fanout-dist: runtime/ with $modules: $(du -sh "$tree/runtime" | cut -f1)"

cp "$repo/bin/fanout" "$repo/bin/batch_run" "$repo/bin/batch_scp" "$tree/bin/"
cp "$repo/bin/lib/jvm-options.sh" "$tree/bin/lib/"
cp "$cli/fanout.jar" "$tree/lib/fanout.jar"
cp "$cli"/man/man1/*.1 "$tree/share/man/man1/"
cp "$cli/completion/fanout.bash" "$tree/share/bash-completion/completions/fanout"
cp "$cli/completion/_fanout" "$tree/share/zsh/vendor-completions/_fanout"
chmod 755 "$tree/bin/fanout" "$tree/bin/batch_run" "$tree/bin/batch_scp"
chmod 644 "$tree/lib/fanout.jar" "$tree/bin/lib/jvm-options.sh" "$tree"/share/man/man1/*.1 \
  "$tree/share/bash-completion/completions/fanout" "$tree/share/zsh/vendor-completions/_fanout"

# Trained after the jar is in place (the launcher uses a cache newer than the jar) and with the release's java.
bash "$repo/fanout-cli/src/build/train-aot-cache.sh" "$tree/runtime/bin/java" "$tree/lib/fanout.jar" \
  "$tree/lib/fanout.aot"
if [ ! -s "$tree/lib/fanout.aot" ]; then
  echo "fanout-dist: the AOT cache could not be trained with $tree/runtime (see above): no release without it" >&2
  exit 1
fi

tar -C "$out" --sort=name --owner=0 --group=0 --numeric-owner -czf "$out/$name.tar.gz" "$name"

# The Debian package: the same tree under /opt/fanout; links relative, so that the tree also works unpacked
# under another root (dpkg-deb -x, dpkg --root).
deb_version="${version//-/\~}"
root="$out/deb/fanout"
mkdir -p "$root/opt" "$root/usr/bin" "$root/usr/share/man/man1" "$root/usr/share/bash-completion/completions" \
  "$root/usr/share/zsh/vendor-completions" "$root/usr/share/doc/fanout" "$root/DEBIAN"
cp -a "$tree" "$root/opt/fanout"
for command in fanout batch_run batch_scp; do
  ln -s "../../opt/fanout/bin/$command" "$root/usr/bin/$command"
done
for page in "$tree"/share/man/man1/*.1; do
  gzip -9n <"$page" >"$root/usr/share/man/man1/${page##*/}.gz"
done
cp -p "$tree/share/bash-completion/completions/fanout" "$root/usr/share/bash-completion/completions/fanout"
cp -p "$tree/share/zsh/vendor-completions/_fanout" "$root/usr/share/zsh/vendor-completions/_fanout"
cat >"$root/usr/share/doc/fanout/copyright" <<COPYRIGHT
fanout $version, with a Java runtime linked from $(set +u; . "$jdk/release"; echo "$IMPLEMENTOR $JAVA_RUNTIME_VERSION")
(GPLv2 with the Classpath Exception): its licences are in /opt/fanout/runtime/legal.
COPYRIGHT
cat >"$root/DEBIAN/control" <<CONTROL
Package: fanout
Version: $deb_version
Architecture: amd64
Maintainer: fanout developers <fanout@localhost>
Installed-Size: $(du -sk --exclude=DEBIAN "$root" | cut -f1)
Depends: libc6
Section: admin
Priority: optional
Description: run commands and copy files on many hosts at once over SSH
 fanout runs a command on many hosts at once, copies files to and from them, and shows every result as it
 happens, over SSH (batch_run and batch_scp are its original command lines). It brings the Java runtime it
 needs, in /opt/fanout/runtime.
CONTROL
# for dpkg --verify
(cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum) >"$root/DEBIAN/md5sums"
deb="$out/fanout_${deb_version}_amd64.deb"
# gzip: 3.5 s for 43 MiB, where xz took 12 s for 36 MiB at -z2 and two minutes for 33 MiB at its default -z6.
dpkg-deb --root-owner-group -Zgzip -z6 --build "$root" "$deb" >/dev/null

echo "fanout-dist: $name.tar.gz $(du -h "$out/$name.tar.gz" | cut -f1) (unpacked $(du -sh "$tree" | cut -f1)), \
${deb##*/} $(du -h "$deb" | cut -f1), in $((SECONDS - started)) s"
