#!/usr/bin/env bash
# Negative control for the extension-host suite: runs it against deliberately broken language
# servers and passes only if it FAILS. dist/ is built once and never changed: each broken server is
# written into a copy of the extension in a temp folder, loaded through POLYSYNC_EXTHOST_EXTENSION.
# The failing runs' output, screenshots and logs go to test/e2e/artifacts/exthost-negative-control/<variant>/.
#
#   bash test/exthost/negative-control.sh                  # both variants
#   bash test/exthost/negative-control.sh no-diagnostics   # or exit-at-start
#
# Variants (test/e2e/lib/broken-server.mjs): exit-at-start (the server exits as soon as it starts)
# and no-diagnostics (the real server, with every diagnostic emptied on its way to the editor).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

variants=("$@")
((${#variants[@]})) || variants=(exit-at-start no-diagnostics)

echo "==> building the real extension (npm run build)"
npm run build --silent >/dev/null

tmp="$(mktemp -d "${TMPDIR:-/tmp}/polysync-exthost-negative-XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

held=0
for variant in "${variants[@]}"; do
  echo "==> variant $variant"
  ext="$tmp/$variant/extension"
  mkdir -p "$ext/dist"
  # What the extension needs at run time (see .vscodeignore), with the server swapped for the broken one.
  cp package.json language-configuration.json "$ext/"
  cp -r syntaxes schemas "$ext/"
  cp dist/extension.js dist/server-core.js "$ext/dist/"
  node test/e2e/lib/broken-server.mjs "$variant" dist/server.js "$ext/dist/server.js"

  artifacts="$root/test/e2e/artifacts/exthost-negative-control/$variant"
  rm -rf "$artifacts"
  mkdir -p "$artifacts"
  log="$artifacts/test-output.txt"
  started=$SECONDS
  set +e
  # A broken server never reaches the awaited states: shorter waits keep this run to a few minutes.
  POLYSYNC_EXTHOST_EXTENSION="$ext" POLYSYNC_E2E_ARTIFACTS="$artifacts" POLYSYNC_E2E_TIMEOUT_MS="${POLYSYNC_E2E_TIMEOUT_MS:-8000}" \
    node --import tsx test/exthost/run.ts >"$log" 2>&1
  status=$?
  set -e
  # The spec reporter lists each failure twice (inline, then with its error): keep the first.
  failed="$(grep -E '^ +[0-9]+\) ' "$log" | awk '!seen[$1]++' | sed -E 's/^ +/    FAILED  /' || true)"
  summary="$(grep -E '^ +[0-9]+ (passing|failing|pending)' "$log" | sed -E 's/^ +/    /' || true)"
  echo "  suite exited $status after $((SECONDS - started)) s; output: ${log#"$root"/}"
  [[ -n "$summary" ]] && echo "$summary"
  [[ -n "$failed" ]] && echo "$failed"
  if [[ $status -ne 0 && -n "$failed" ]]; then
    echo "  control holds: the suite failed against the $variant server"
    held=$((held + 1))
  else
    echo "  CONTROL BROKEN: the suite did not fail its tests against the $variant server" >&2
  fi
done

if ((held == ${#variants[@]})); then
  echo "negative control: every broken server made the extension-host suite fail (${variants[*]})"
else
  echo "negative control: the extension-host suite did not catch every broken server" >&2
  exit 1
fi
