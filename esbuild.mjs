// Bundles the extension client, the language server and the CLI into dist/, and the web builds (VS Code
// for the Web: the client for the web extension host, the server for a web worker) into dist/web/.
// Usage: node esbuild.mjs [--watch] [--production] [--outdir=DIR] [--only=server]
//   --outdir  writes the bundles elsewhere (the benchmark builds the shipped server into a temporary folder)
//   --only    builds one entry (with its launcher, for the server)
import * as esbuild from 'esbuild';
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { lazyBuiltinsPlugin } from './scripts/lazyBuiltins.mjs';
import { lazyIndentTablesPlugin } from './scripts/lazyIndentTables.mjs';

const { version, repository } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

const option = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const outdir = option('outdir') ?? 'dist';
const only = option('only');

const common = {
  bundle: true,
  platform: 'node',
  // jsonc-parser's UMD entry hides its modules from the bundler; its ESM entry bundles cleanly.
  mainFields: ['module', 'main'],
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
  outdir,
  define: { POLYSYNC_VERSION: JSON.stringify(version), POLYSYNC_REPOSITORY: JSON.stringify(repository?.url?.replace(/\.git$/, '') ?? '') },
};
const command = { banner: { js: '#!/usr/bin/env node' } };

// The web builds: esbuild's browser platform, which refuses node: modules, so a Node-only import on the
// browser path fails the build. The few modules that differ by platform are swapped here, at the build's
// entry, for their `.web.ts` siblings: the HTTP transport (node:http, or fetch), SHA-256 and the UTF-8 size
// of a text (Node's native ones, or the same answers in plain TypeScript). The server's own entry differs
// too: server/src/lsp/main.ts on Node, server/src/lsp/web.ts (a connection over the worker's port) here.
const WEB_SUBSTITUTES = {
  'server/src/api/send.ts': 'server/src/api/send.web.ts',
  'server/src/util/sha256.ts': 'server/src/util/sha256.web.ts',
  'server/src/util/utf8Length.ts': 'server/src/util/utf8Length.web.ts',
};
const root = path.dirname(new URL(import.meta.url).pathname);
const webSubstitutes = {
  name: 'web-substitutes',
  setup(build) {
    const swap = new Map(Object.entries(WEB_SUBSTITUTES).map(([from, to]) => [path.join(root, from), path.join(root, to)]));
    build.onResolve({ filter: /^\./ }, (args) => {
      const resolved = path.resolve(args.resolveDir, args.path);
      const target = swap.get(resolved) ?? swap.get(`${resolved}.ts`);
      return target ? { path: target } : undefined;
    });
  },
};
const web = {
  ...common,
  platform: 'browser',
  // vscode-languageserver's own entry points for the browser.
  mainFields: ['browser', 'module', 'main'],
  conditions: ['browser'],
  target: 'es2022',
  outdir: path.join(outdir, 'web'),
  plugins: [webSubstitutes],
};
/** Bytes each web bundle may take in the production build (printed by every build; exceeding one fails it). */
const WEB_BUDGET = { extension: 512 * 1024, server: 512 * 1024 };

const builds = [
  { name: 'extension', ...common, entryPoints: { extension: 'client/src/extension.ts' }, external: ['vscode'] },
  // dist/server.js is a small launcher; it runs dist/server-core.js (the language server) through a V8 code cache.
  { name: 'server', ...common, ...command, entryPoints: { server: 'server/src/boot/server.ts' } },
  // What the libraries load or build but the first answer does not need is loaded or built on first use
  // (scripts/lazyBuiltins.mjs: Node modules; scripts/lazyIndentTables.mjs: jsonc-parser's formatter tables).
  // It is built inside the CommonJS module function the launcher compiles it as (codeCache.ts,
  // MODULE_WRAPPER_HEAD), so the launcher compiles the text as read instead of copying it into one.
  {
    name: 'server',
    ...common,
    entryPoints: { 'server-core': 'server/src/lsp/main.ts' },
    plugins: [lazyBuiltinsPlugin(), lazyIndentTablesPlugin()],
    banner: { js: '(function (exports, require, module, __filename, __dirname) {' },
    footer: { js: '})' },
  },
  { name: 'cli', ...common, ...command, entryPoints: { cli: 'server/src/cli.ts' } },
  { name: 'sandbox', ...common, ...command, entryPoints: { sandbox: 'test/sandbox/main.ts' } },
  // VS Code for the Web: the extension (manifest `browser`) and the language server it runs in a Worker.
  { name: 'web', ...web, format: 'cjs', entryPoints: { extension: 'client/src/extension.web.ts' }, external: ['vscode'] },
  { name: 'web', ...web, format: 'iife', entryPoints: { server: 'server/src/lsp/web.ts' } },
]
  .filter((b) => only === undefined || b.name === only)
  .map(({ name, ...options }) => options);
if (builds.length === 0) {
  console.error(`esbuild.mjs: nothing to build for --only=${only} (use extension, server, cli, sandbox or web)`);
  process.exit(2);
}

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('esbuild: watching client/src and server/src');
} else {
  const started = Date.now();
  await Promise.all(builds.map((b) => esbuild.build(b)));
  const names = builds.map((b) => `${b.platform === 'browser' ? 'web/' : ''}${Object.keys(b.entryPoints)[0]}`).join(', ');
  console.log(`esbuild: built ${names} into ${outdir}/ in ${Date.now() - started} ms`);
  if (builds.some((b) => b.platform === 'browser')) reportWebBudget();
}

/** Prints each web bundle's size against its budget; a production build over budget fails. */
function reportWebBudget() {
  const over = [];
  const lines = Object.entries(WEB_BUDGET).map(([name, budget]) => {
    const size = statSync(path.join(outdir, 'web', `${name}.js`)).size;
    if (!production) return `web/${name}.js ${kb(size)}`;
    if (size > budget) over.push(name);
    return `web/${name}.js ${kb(size)} of ${kb(budget)} (${Math.round((size / budget) * 100)}%)${size > budget ? ' OVER BUDGET' : ''}`;
  });
  console.log(production ? `esbuild: web bundle budget: ${lines.join('; ')}` : `esbuild: web bundles (not minified; the budget applies to --production): ${lines.join('; ')}`);
  if (production && over.length > 0) {
    console.error(`esbuild: ${over.join(', ')} over the web budget`);
    process.exit(1);
  }
}

function kb(bytes) {
  return `${(bytes / 1024).toFixed(1)} KB`;
}
