#!/usr/bin/env bash
# Negative control for the real-editor tests: runs them against deliberately broken language servers
# and passes only if they FAIL. Nothing in dist/ is changed: each broken server is written to a temp
# folder, packaged there into its own VSIX, and handed to the tests through POLYSYNC_E2E_VSIX (VS Code)
# and POLYSYNC_E2E_SERVER_JS (Neovim, Emacs). Screenshots and logs of the failing runs go to
# test/e2e/artifacts/negative-control/<variant>/.
#
#   bash test/e2e/negative-control.sh                  # both variants
#   bash test/e2e/negative-control.sh no-diagnostics   # or exit-at-start
#
# Variants (lib/broken-server.mjs):
#   exit-at-start   the server exits as soon as it starts
#   no-diagnostics  the real server, with every diagnostic emptied on its way to the editor
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

variants=("$@")
((${#variants[@]})) || variants=(exit-at-start no-diagnostics)

echo "==> packaging the real extension (npm run package)"
npm run package --silent >/dev/null

tmp="$(mktemp -d "${TMPDIR:-/tmp}/polysync-negative-XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

held=0
for variant in "${variants[@]}"; do
  echo "==> variant $variant"
  ext="$tmp/$variant/extension"
  mkdir -p "$ext/dist"
  # What vsce packages (see .vscodeignore), with the server swapped for the broken one.
  cp package.json .vscodeignore README.md LICENSE CHANGELOG.md language-configuration.json "$ext/"
  cp -r syntaxes schemas examples images media "$ext/"
  mkdir -p "$ext/docs" && cp docs/diagnostics.md "$ext/docs/"
  cp dist/extension.js dist/cli.js dist/server-core.js "$ext/dist/"
  # The launcher dist/server.js is what gets broken; it runs the server-core.js copied beside it.
  node "$here/lib/broken-server.mjs" "$variant" dist/server.js "$ext/dist/server.js"
  vsix="$tmp/$variant/polysync-$variant.vsix"
  (cd "$ext" && "$root/node_modules/.bin/vsce" package --no-dependencies --no-rewrite-relative-links --allow-missing-repository --out "$vsix") >"$tmp/$variant/vsce.log" 2>&1 ||
    { cat "$tmp/$variant/vsce.log" >&2; echo "negative control: could not package the $variant build" >&2; exit 2; }

  artifacts="$here/artifacts/negative-control/$variant"
  rm -rf "$artifacts"
  mkdir -p "$artifacts"
  log="$artifacts/test-output.tap"
  started=$SECONDS
  set +e
  # A broken server never reaches the awaited states: shorter waits keep this run to a few minutes.
  POLYSYNC_E2E_VSIX="$vsix" POLYSYNC_E2E_SERVER_JS="$ext/dist/server.js" POLYSYNC_E2E_ARTIFACTS="$artifacts" \
    POLYSYNC_E2E_TIMEOUT_MS="${POLYSYNC_E2E_TIMEOUT_MS:-8000}" \
    node --import tsx --test --test-concurrency=1 --test-reporter=tap \
    test/e2e/vscode.test.ts test/e2e/neovim.test.ts test/e2e/emacs.test.ts >"$log" 2>&1
  status=$?
  set -e
  failed="$(grep -E '^ +not ok [0-9]+ - ' "$log" | sed -E 's/^ +not ok [0-9]+ - /    FAILED  /' || true)"
  passed="$(grep -E '^ +ok [0-9]+ - ' "$log" | sed -E 's/^ +ok [0-9]+ - /    passed  /' || true)"
  echo "  tests exited $status after $((SECONDS - started)) s; TAP output: ${log#"$root"/}"
  [[ -n "$failed" ]] && echo "$failed"
  [[ -n "$passed" ]] && echo "$passed"
  if [[ $status -ne 0 && -n "$failed" ]]; then
    echo "  control holds: the suite failed against the $variant server"
    held=$((held + 1))
  else
    echo "  CONTROL BROKEN: the suite passed against the $variant server" >&2
  fi
done

if ((held == ${#variants[@]})); then
  echo "negative control: every broken server made the suite fail (${variants[*]})"
else
  echo "negative control: the suite did not catch every broken server" >&2
  exit 1
fi
