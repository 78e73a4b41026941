// Bundles the extension client, the language server and the CLI into dist/.
// Usage: node esbuild.mjs [--watch] [--production] [--outdir=DIR] [--only=server]
//   --outdir  writes the bundles elsewhere (the benchmark builds the shipped server into a temporary folder)
//   --only    builds one entry (with its launcher, for the server)
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';

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

const builds = [
  { name: 'extension', ...common, entryPoints: { extension: 'client/src/extension.ts' }, external: ['vscode'] },
  // dist/server.js is a small launcher; it runs dist/server-core.js (the language server) through a V8 code cache.
  { name: 'server', ...common, ...command, entryPoints: { server: 'server/src/boot/server.ts' } },
  { name: 'server', ...common, entryPoints: { 'server-core': 'server/src/lsp/main.ts' } },
  { name: 'cli', ...common, ...command, entryPoints: { cli: 'server/src/cli.ts' } },
  { name: 'sandbox', ...common, ...command, entryPoints: { sandbox: 'test/sandbox/main.ts' } },
]
  .filter((b) => only === undefined || b.name === only)
  .map(({ name, ...options }) => options);
if (builds.length === 0) {
  console.error(`esbuild.mjs: nothing to build for --only=${only} (use extension, server, cli or sandbox)`);
  process.exit(2);
}

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('esbuild: watching client/src and server/src');
} else {
  const started = Date.now();
  await Promise.all(builds.map((b) => esbuild.build(b)));
  const names = builds.map((b) => Object.keys(b.entryPoints)[0]).join(', ');
  console.log(`esbuild: built ${names} into ${outdir}/ in ${Date.now() - started} ms`);
}
