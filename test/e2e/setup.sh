#!/usr/bin/env bash
# Installs what the real-editor tests need, and nothing into the extension's own node_modules:
#   - from Debian: chromium (the browser playwright-core drives), neovim and emacs-nox with
#     elpa-eglot (two more LSP clients; about 20 s to install), ripgrep (stands in for the binary @vscode/ripgrep would download), and the toolchain for
#     code-server's native modules (libkrb5-dev for kerberos, build-essential, pkg-config, python3);
#   - from npm, into test/e2e/node_modules with this folder's lockfile: code-server (VS Code 1.100.3)
#     and playwright-core.
# Safe to re-run: it skips what is already there and prints nothing on success.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$here/.work"
mkdir -p "$work"
log="$work/setup.log"
: >"$log"

fail() {
  echo "e2e setup: $1" >&2
  if [[ -s "$log" ]]; then
    echo "---- last lines of $log ----" >&2
    tail -n 40 "$log" >&2
  fi
  exit 1
}

# ---- Debian packages -------------------------------------------------------------------------
apt_packages=(chromium neovim emacs-nox elpa-eglot libkrb5-dev ripgrep build-essential pkg-config python3)
missing=()
for pkg in "${apt_packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done
if ((${#missing[@]})); then
  [[ $(id -u) -eq 0 ]] || fail "needs root to install ${missing[*]} (or install them yourself: apt-get install -y ${missing[*]})"
  export DEBIAN_FRONTEND=noninteractive
  # Refresh the package lists only when there are none, or when installing from the present ones fails.
  if ! compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null; then
    apt-get update -qq >>"$log" 2>&1 || fail "apt-get update failed"
  fi
  if ! apt-get install -y -qq "${missing[@]}" >>"$log" 2>&1; then
    apt-get update -qq >>"$log" 2>&1 || fail "apt-get update failed"
    apt-get install -y -qq "${missing[@]}" >>"$log" 2>&1 || fail "apt-get install ${missing[*]} failed"
  fi
fi

# ---- code-server and playwright-core ----------------------------------------------------------
# The native pieces code-server's nested install builds (in node_modules/code-server/lib/vscode).
vscode_dir="$here/node_modules/code-server/lib/vscode"
native_outputs=(
  "$here/node_modules/argon2/lib/binding/napi-v3/argon2.node"
  "$vscode_dir/node_modules/node-pty/build/Release/pty.node"
  "$vscode_dir/node_modules/kerberos/build/Release/kerberos.node"
  "$vscode_dir/node_modules/@vscode/spdlog/build/Release/spdlog.node"
  "$vscode_dir/node_modules/native-watchdog/build/Release/watchdog.node"
  "$vscode_dir/node_modules/@vscode/ripgrep/bin/rg"
  "$vscode_dir/node_modules.asar"
)
# Dependencies of code-server's own lib/vscode whose install scripts must run (see below).
vscode_script_packages=(
  @parcel/watcher @vscode/deviceid @vscode/ripgrep @vscode/spdlog @vscode/windows-process-tree
  @vscode/windows-registry kerberos native-watchdog node-pty
)

native_ok() {
  local f
  for f in "${native_outputs[@]}"; do [[ -e "$f" ]] || return 1; done
}

stamp_file="$here/node_modules/.polysync-e2e-setup"
# What the npm install depends on: the lockfile, this part of the script (the apt list above does not
# count, so adding a Debian package does not reinstall code-server) and Node's version.
stamp="$( { cat "$here/package-lock.json" "$here/package.json"; sed -n '/^# ---- code-server and playwright-core/,$p' "$here/setup.sh"; node --version; } | sha256sum | cut -d' ' -f1)"
if [[ -f "$stamp_file" && "$(cat "$stamp_file")" == "$stamp" ]] && native_ok; then
  exit 0
fi

command -v node >/dev/null || fail "node is not on PATH"
major="$(node -p 'process.versions.node.split(".")[0]')"
[[ "$major" == 20 ]] || fail "code-server 4.100.3 needs Node 20 (this is Node $(node --version))"

# @vscode/ripgrep's postinstall downloads ripgrep from GitHub unless its cache, under TMPDIR, already
# holds the archive: seed it with Debian's rg.
tmp="$work/tmp"
rg_cache="$tmp/vscode-ripgrep-cache-1.15.11"
rg_archive="$rg_cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [[ ! -s "$rg_archive" ]]; then
  mkdir -p "$rg_cache"
  tar czf "$rg_archive" -C /usr/bin rg || fail "could not seed the ripgrep cache from /usr/bin/rg"
fi

export TMPDIR="$tmp"
# code-server's postinstall refuses to run as root without this, and node-pty's runs `npx node-gyp`,
# which must not stop to ask.
export npm_config_unsafe_perm=true
export npm_config_yes=true
export npm_config_audit=false
export npm_config_fund=false
export npm_config_update_notifier=false

cd "$here"
# Install scripts of argon2 and code-server run because package.json's allowScripts lists them
# (npm 11 blocks dependency scripts otherwise; older npm runs them all anyway).
npm ci --no-audit --no-fund >>"$log" 2>&1 || fail "npm ci in test/e2e failed"

# code-server's postinstall runs a nested `npm install` in lib/vscode. Under an npm that blocks
# dependency install scripts, that nested install skips the native builds (node-pty, kerberos, ...).
# npm refuses an allow-list passed down through the environment, so allow them in that project's own
# .npmrc and rebuild there. Under an npm that ran them, the outputs exist and this is skipped.
if ! native_ok; then
  [[ -d "$vscode_dir" ]] || fail "code-server's postinstall did not unpack lib/vscode"
  printf 'allow-scripts[]=%s\n' "${vscode_script_packages[@]}" >"$vscode_dir/.npmrc"
  (cd "$vscode_dir" && npm rebuild --no-audit --no-fund) >>"$log" 2>&1 || fail "npm rebuild in code-server's lib/vscode failed"
fi

if ! native_ok; then
  for f in "${native_outputs[@]}"; do [[ -e "$f" ]] || echo "missing: $f" >>"$log"; done
  fail "code-server's native modules were not built"
fi
echo "$stamp" >"$stamp_file"
