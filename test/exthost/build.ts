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
