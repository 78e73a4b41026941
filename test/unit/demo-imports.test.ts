// `npm ci && npm run demo` is the README's first command. On a fresh clone test/e2e/node_modules
// (playwright-core, code-server) does not exist until the demo's own setup step installs it, so the
// demo must not import anything from there before that step: no static import, followed through
// the local modules it loads, may name a package that only test/e2e/package.json provides.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const DEMO = path.join(REPO_ROOT, 'test', 'e2e', 'demo.ts');

/** Module specifiers of the static, value-carrying imports of a TypeScript file. */
function staticImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  const pattern = /^\s*import\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;
  for (const match of text.matchAll(pattern)) {
    if (!match[1]) found.push(match[2]);
  }
  return found;
}

function resolveLocal(from: string, specifier: string): string | undefined {
  const base = path.resolve(path.dirname(from), specifier);
  return [base, `${base}.ts`, path.join(base, 'index.ts')].find((candidate) => existsSync(candidate) && candidate.endsWith('.ts'));
}

/** Every package the demo loads before main() runs, with the local file that imports it. */
function packagesLoadedAtStart(entry: string): Array<{ pkg: string; importedBy: string }> {
  const seen = new Set<string>();
  const out: Array<{ pkg: string; importedBy: string }> = [];
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const specifier of staticImports(file)) {
      if (specifier.startsWith('.')) {
        const local = resolveLocal(file, specifier);
        assert.ok(local, `${path.relative(REPO_ROOT, file)} imports ${specifier}, which does not resolve`);
        visit(local);
      } else if (!specifier.startsWith('node:')) {
        out.push({ pkg: specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0], importedBy: path.relative(REPO_ROOT, file) });
      }
    }
  };
  visit(entry);
  return out;
}

test('the demo imports nothing from test/e2e/node_modules before its setup step installs it', () => {
  const e2ePackages = Object.keys(JSON.parse(readFileSync(path.join(REPO_ROOT, 'test', 'e2e', 'package.json'), 'utf8')).dependencies);
  assert.ok(e2ePackages.includes('playwright-core'), 'test/e2e/package.json lists playwright-core');
  const early = packagesLoadedAtStart(DEMO).filter(({ pkg }) => e2ePackages.includes(pkg));
  assert.deepEqual(early, [], 'these imports fail with "Cannot find module" on a fresh clone');
});

test('the import scan sees the workbench driver import playwright-core', () => {
  // The scan above would pass vacuously if it could not find imports; the driver itself must show one.
  const fromWorkbench = packagesLoadedAtStart(path.join(REPO_ROOT, 'test', 'e2e', 'lib', 'workbench.ts'));
  assert.ok(fromWorkbench.some(({ pkg }) => pkg === 'playwright-core'), JSON.stringify(fromWorkbench));
});
