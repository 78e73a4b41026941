#!/usr/bin/env bash
# Prints the path of the polysync CLI that the Action and the pre-commit hooks run, installing it
# first when needed. No development dependencies: either the bundle a checkout has already built
# (dist/cli.js), or the published npm package, which is one bundled file with no dependencies.
#   POLYSYNC_HOME     the action's or hook repository's folder (required)
#   POLYSYNC_PACKAGE  what to install: a version (0.2.0), or any npm package spec such as a tarball
#                     from `npm pack` (default: polysync@<the version in POLYSYNC_HOME/package.json>)
#   POLYSYNC_INSTALL_DIR  where to install it (default: a folder per package spec in the user's cache)
set -euo pipefail

home="${POLYSYNC_HOME:?POLYSYNC_HOME is not set}"
if [ -z "${POLYSYNC_PACKAGE:-}" ] && [ -f "$home/dist/cli.js" ]; then
  echo "$home/dist/cli.js"
  exit 0
fi

version="$(node -e 'process.stdout.write(require(process.argv[1]).version)' "$home/package.json")"
spec="${POLYSYNC_PACKAGE:-$version}"
if [[ "$spec" =~ ^[0-9] ]]; then spec="polysync@$spec"; fi
slug="$(printf '%s' "$spec" | tr -c 'A-Za-z0-9._-' '_')"
dir="${POLYSYNC_INSTALL_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/polysync/cli/$slug}"
cli="$dir/node_modules/polysync/dist/cli.js"
if [ ! -f "$cli" ]; then
  mkdir -p "$dir"
  # --ignore-scripts: the package runs nothing on install; its bundle is already built.
  if ! npm install --prefix "$dir" --no-save --no-audit --no-fund --ignore-scripts --loglevel=error "$spec" >&2; then
    echo "polysync: could not install $spec with npm (set POLYSYNC_PACKAGE, or build dist/cli.js in $home)" >&2
    exit 2
  fi
fi
echo "$cli"
