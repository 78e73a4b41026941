// Compiles the extension-host suite (test/exthost/suite) to CommonJS for the extension host. Only the
// tests are built here: the extension under test is dist/ as it stands (`npm run build`).
import { existsSync, readdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';

export const EXTHOST_DIR = __dirname;
export const REPO_ROOT = path.resolve(EXTHOST_DIR, '..', '..');
/** Inside the repository, so that the compiled tests resolve `mocha` from its node_modules. */
export const OUT_DIR = path.join(EXTHOST_DIR, '.out');
export const SUITE_ENTRY = path.join(OUT_DIR, 'index.js');
/**
 * Where the web variant's one file goes (web/index.ts bundled), inside the extension under test: the
 * workbench runs a test file in the host of the extension under development whose folder holds it, and
 * falls back to the first host (the Node one) for a file elsewhere.
 */
export const webOutDir = (extensionPath: string) => path.join(extensionPath, 'test', 'exthost', '.out-web');
export const WORKSPACE_FIXTURE = path.join(EXTHOST_DIR, 'fixtures', 'workspace');

/** Fails with what to do when dist/ holds no built extension. */
export function assertExtensionBuilt(extensionPath: string): void {
  const main = path.join(extensionPath, 'dist', 'extension.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: build the extension first (npm run build).`);
}

export async function buildSuite(): Promise<string> {
  rmSync(OUT_DIR, { recursive: true, force: true });
  const suiteDir = path.join(EXTHOST_DIR, 'suite');
  const entryPoints = readdirSync(suiteDir)
    .filter((name) => name === 'index.ts' || name.endsWith('.suite.ts'))
    .map((name) => path.join(suiteDir, name));
  await esbuild.build({
    entryPoints,
    outdir: OUT_DIR,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    // `vscode` is the host's; mocha must be the one instance index.js configures for every file.
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return SUITE_ENTRY;
}

/**
 * Bundles the web variant (web/index.ts, mocha's browser build and the suites it names) into one CommonJS
 * file for the browser's web worker extension host, which gives a test file nothing but `vscode` to
 * require: `mocha` and `node:assert/strict` resolve to the stand-ins in web/, and the environment the
 * suites read is fixed at build time (no workbench driver: its steps are skipped with that reason).
 */
export async function buildWebSuite(extensionPath: string, env: { grep?: string; waitMs?: string }): Promise<string> {
  const outDir = webOutDir(extensionPath);
  rmSync(outDir, { recursive: true, force: true });
  const standIns: esbuild.Plugin = {
    name: 'web-stand-ins',
    setup(build) {
      build.onResolve({ filter: /^mocha$/ }, () => ({ path: path.join(EXTHOST_DIR, 'web', 'mocha.ts') }));
      build.onResolve({ filter: /^node:assert\/strict$/ }, () => ({ path: path.join(EXTHOST_DIR, 'web', 'assert.ts') }));
      build.onResolve({ filter: /^node:/ }, (args) => ({ errors: [{ text: `${args.path} does not exist in the web worker host (imported by ${args.importer})` }] }));
    },
  };
  const entry = path.join(outDir, 'index.js');
  await esbuild.build({
    entryPoints: [path.join(EXTHOST_DIR, 'web', 'index.ts')],
    outfile: entry,
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    format: 'cjs',
    sourcemap: 'inline',
    external: ['vscode'],
    plugins: [standIns],
    define: {
      'process.env.POLYSYNC_E2E_TIMEOUT_MS': JSON.stringify(env.waitMs ?? ''),
      'process.env.POLYSYNC_EXTHOST_DRIVER': '""',
      POLYSYNC_EXTHOST_GREP: JSON.stringify(env.grep ?? ''),
    },
    logLevel: 'warning',
  });
  return entry;
}
