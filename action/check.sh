#!/usr/bin/env bash
# The step of action.yml: builds the polysync CLI from the action's own checkout when it is not built
# yet, then checks POLYSYNC_PATHS with GitHub annotations (and a SARIF report when asked).
# Inputs come from the environment: POLYSYNC_PATHS, POLYSYNC_MAX_WARNINGS, POLYSYNC_SARIF_FILE,
# GITHUB_ACTION_PATH (the action's folder), GITHUB_OUTPUT (optional).
set -euo pipefail

root="${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is not set}"
cli="$root/dist/cli.js"
if [ ! -f "$cli" ]; then
  echo "::group::Build polysync"
  (cd "$root" && npm ci --no-audit --no-fund --ignore-scripts && node esbuild.mjs --only=cli)
  echo "::endgroup::"
fi

read -r -a paths <<< "${POLYSYNC_PATHS:-.}"
[ "${#paths[@]}" -gt 0 ] || paths=(.)
options=()
if [ -n "${POLYSYNC_MAX_WARNINGS:-}" ]; then options+=(--max-warnings "$POLYSYNC_MAX_WARNINGS"); fi

status=0
node "$cli" check --format github "${options[@]}" -- "${paths[@]}" || status=$?

if [ -n "${POLYSYNC_SARIF_FILE:-}" ]; then
  # The report is written whatever the check found; its own exit status was already taken above.
  node "$cli" check --format sarif -- "${paths[@]}" > "$POLYSYNC_SARIF_FILE" || true
  if [ -n "${GITHUB_OUTPUT:-}" ]; then echo "sarif-file=$POLYSYNC_SARIF_FILE" >> "$GITHUB_OUTPUT"; fi
fi
exit "$status"
