#!/usr/bin/env bash
# The step of action.yml: finds or installs the polysync CLI (resolve-cli.sh: the action checkout's
# dist/cli.js when built, else the published npm package of the action's version, one file with no
# dependencies), then checks POLYSYNC_PATHS with GitHub annotations (and a SARIF report when asked).
# Inputs come from the environment: POLYSYNC_PATHS, POLYSYNC_MAX_WARNINGS, POLYSYNC_SARIF_FILE,
# POLYSYNC_PACKAGE (optional: another package spec to install), GITHUB_ACTION_PATH (the action's
# folder), RUNNER_TEMP (where to install, when set), GITHUB_OUTPUT (optional).
set -euo pipefail

root="${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is not set}"
echo "::group::polysync CLI"
if [ -n "${RUNNER_TEMP:-}" ] && [ -z "${POLYSYNC_INSTALL_DIR:-}" ]; then export POLYSYNC_INSTALL_DIR="$RUNNER_TEMP/polysync-cli"; fi
cli="$(POLYSYNC_HOME="$root" bash "$root/action/resolve-cli.sh")"
echo "polysync $(node "$cli" --version) from $cli"
echo "::endgroup::"

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
