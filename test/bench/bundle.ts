// The benchmark's in-process measurements run bundled, the way esbuild.mjs bundles the language server
// (the development build: one CommonJS file for Node 20, jsonc-parser's ESM entry, not minified), not
// through tsx: tsx compiles each module on its own, so every call into another module goes through an
// import getter and every function is wrapped to keep its name, and the same engine ran about twice as
// slow that way (one edit and its check on the 70 KB document: 0.178 against 0.095 ms, medians of 400
// interleaved rounds). A figure subtracted from the server's round trip must come from the same code.
import { buildSync } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

let dir: string | undefined;
const built = new Map<string, string>();

/** `entry` (a TypeScript file of test/bench) bundled into a temporary folder, once per run; the path of the bundle. */
export function benchBundle(entry: string): string {
  const done = built.get(entry);
  if (done) return done;
  if (!dir) {
    const made = mkdtempSync(path.join(os.tmpdir(), 'polysync-bench-bundle-'));
    dir = made;
    process.on('exit', () => rmSync(made, { recursive: true, force: true }));
  }
  const outfile = path.join(dir, `${path.basename(entry, '.ts')}.js`);
  buildSync({
    entryPoints: [entry],
    outfile,
    // As esbuild.mjs's `common` for the Node bundles.
    bundle: true,
    platform: 'node',
    mainFields: ['module', 'main'],
    target: 'node20',
    format: 'cjs',
    logLevel: 'warning',
  });
  built.set(entry, outfile);
  return outfile;
}
