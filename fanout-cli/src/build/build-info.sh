#!/usr/bin/env bash
# Writes DIR/dev/fanout/cli/build.properties for fanout -V (see BuildInfo): the project version and the commit the
# build is made from, its date and whether the checkout has uncommitted changes, asked of git in the checkout
# (a git worktree too, which git-commit-id-maven-plugin 10 misreads as the main checkout). Outside a git checkout,
# or without git, the commit is left out and fanout -V says 'commit unknown'. Usage: build-info.sh DIR VERSION
set -euo pipefail
dir="$1/dev/fanout/cli"; version="$2"
here="$(dirname "${BASH_SOURCE[0]}")"
mkdir -p "$dir"
{
  echo "version=$version"
  if command -v git >/dev/null 2>&1 && commit="$(git -C "$here" rev-parse --short=12 HEAD 2>/dev/null)"; then
    echo "commit=$commit"
    echo "commit.date=$(TZ=UTC git -C "$here" log -1 --date=format-local:%Y-%m-%d --format=%cd HEAD)"
    if [ -n "$(git -C "$here" status --porcelain --untracked-files=no 2>/dev/null | head -1)" ]; then
      echo "commit.dirty=true"
    else
      echo "commit.dirty=false"
    fi
  fi
} >"$dir/build.properties.tmp"
mv "$dir/build.properties.tmp" "$dir/build.properties"
