#!/usr/bin/env bash
# The entry of the pre-commit hooks (.pre-commit-hooks.yaml, language: script): runs the polysync CLI
# with the hook's arguments and the staged files. pre-commit's `node` language would install this
# repository's development dependencies to build the CLI; this installs only the published package
# of the hook's release, once, into the user's cache (see resolve-cli.sh).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cli="$(POLYSYNC_HOME="$(dirname "$here")" bash "$here/resolve-cli.sh")"
exec node "$cli" "$@"
