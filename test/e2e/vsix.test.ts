// The packaged artifact a user installs (`dist/polysync.vsix`, written by `npm run package`): it
// must hold the bundles, the manifest and every file the manifest points at, and nothing from the
// development tree (dependencies, sources, source maps, tests). Read with a small zip reader, so
// what is checked is the archive itself, not a folder it came from.
import assert from 'node:assert/strict';
import { builtinModules } from 'node:module';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import { REPO_ROOT, VSIX } from './lib/paths';
import { ZipArchive } from './lib/zip';

/** Generous: the bundles are about 1.1 MB unpacked and 0.3 MB packed today. */
const MAX_VSIX_BYTES = 2 * 1024 * 1024;

const REQUIRED = [
  'extension.vsixmanifest',
  '[Content_Types].xml',
  'extension/package.json',
  'extension/dist/extension.js',
  'extension/dist/server.js',
  'extension/dist/server-core.js',
  'extension/dist/cli.js',
  // VS Code for the Web (the manifest's `browser` entry) and the server it runs in a Worker.
  'extension/dist/web/extension.js',
  'extension/dist/web/server.js',
  'extension/schemas/bulk-sync.schema.json',
  // polysync.config.json's schema (contributes.jsonValidation names it).
  'extension/schemas/polysync.config.schema.json',
  'extension/syntaxes/polysync.tmLanguage.json',
  'extension/language-configuration.json',
  // vsce writes the README and LICENSE under these names.
  'extension/readme.md',
  'extension/LICENSE.txt',
  'extension/changelog.md',
  // The marketplace icon and the walkthrough's media (the manifest names them; checked below).
  'extension/images/icon.png',
  'extension/media/walkthrough/set-key.md',
  'extension/media/walkthrough/open-example.md',
  'extension/media/walkthrough/create.svg',
  // What each diagnostic code's link (codeDescription) opens.
  'extension/docs/diagnostics.md',
];

/** Entries that may be there without being required. */
const OPTIONAL: RegExp[] = [];

/** What must never ship, with why, so a failure says what went wrong. */
const FORBIDDEN: [RegExp, string][] = [
  [/(^|\/)node_modules\//, 'dependencies (the bundles are self-contained)'],
  [/\.tsx?$/, 'TypeScript sources'],
  [/\.map$/, 'source maps'],
  [/^extension\/(client|server|test|scripts|\.ci|\.github|\.vscode)\//, 'development folders'],
  [/^extension\/docs\/(?!diagnostics\.md$)/, 'development docs (only the diagnostics reference ships)'],
  [/(^|\/)\.(git|env|npmrc)/, 'repository or credential files'],
  [/(^|\/)(tsconfig[^/]*\.json|esbuild\.mjs|package-lock\.json)$/, 'build configuration'],
  [/sandbox/i, 'the test API sandbox'],
  [/\.vsix$/, 'a nested package'],
];

const exampleNames = () =>
  readdirSync(path.join(REPO_ROOT, 'examples'))
    .filter((f) => f.endsWith('.polysync.json'))
    .sort();

/** Starts `server --stdio`, sends initialize, returns the first answer (bounded), then stops it. */
async function initializeOverStdio(server: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ result?: unknown; error?: unknown }> {
  const child = spawn(process.execPath, [server, '--stdio'], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  try {
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
    child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    let received = Buffer.alloc(0);
    return await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer to initialize within 15 s; stderr: ${stderr}`)), 15_000);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the server exited (${code}) before answering; stderr: ${stderr}`));
      });
      child.stdout.on('data', (chunk: Buffer) => {
        received = Buffer.concat([received, chunk]);
        const header = received.indexOf('\r\n\r\n');
        if (header < 0) return;
        const length = Number(/Content-Length: (\d+)/i.exec(received.subarray(0, header).toString('ascii'))?.[1]);
        if (received.length < header + 4 + length) return;
        clearTimeout(timer);
        resolve(JSON.parse(received.subarray(header + 4, header + 4 + length).toString('utf8')));
      });
    });
  } finally {
    child.kill('SIGKILL');
  }
}

describe('the packaged VSIX', () => {
  let zip: ZipArchive;
  let names: string[];

  before(() => {
    zip = new ZipArchive(VSIX);
    names = zip.names();
  });

  test('holds the bundles, manifest, schema, grammar, language configuration, README, LICENSE and examples', () => {
    const examples = exampleNames().map((f) => `extension/examples/${f}`);
    assert.ok(examples.length > 0, 'the repository has examples to ship');
    const missing = [...REQUIRED, ...examples].filter((n) => !names.includes(n));
    assert.deepEqual(missing, [], `missing from ${VSIX}`);
    const shippedExamples = names.filter((n) => n.startsWith('extension/examples/')).sort();
    assert.deepEqual(shippedExamples, examples, 'exactly the repository\'s examples');
  });

  test('holds nothing else: no dependencies, sources, source maps or tests', () => {
    const forbidden = names.flatMap((n) => FORBIDDEN.filter(([re]) => re.test(n)).map(([, why]) => `${n} (${why})`));
    assert.deepEqual(forbidden, []);
    const expected = new Set([...REQUIRED, ...exampleNames().map((f) => `extension/examples/${f}`)]);
    const unexpected = names.filter((n) => !expected.has(n) && !OPTIONAL.some((re) => re.test(n)));
    assert.deepEqual(unexpected, [], 'entries nobody asked for (add them to REQUIRED or OPTIONAL if they belong)');
    assert.equal(new Set(names).size, names.length, 'no entry twice');
  });

  test('every file the manifest points at is in the package, and the JSON files parse', () => {
    const manifest = JSON.parse(zip.readText('extension/package.json'));
    const root = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
    assert.equal(manifest.name, root.name);
    assert.equal(manifest.version, root.version);
    assert.equal(manifest.publisher, root.publisher);
    const pointed: string[] = [manifest.main, manifest.browser];
    for (const language of manifest.contributes?.languages ?? []) if (language.configuration) pointed.push(language.configuration);
    for (const grammar of manifest.contributes?.grammars ?? []) pointed.push(grammar.path);
    for (const validation of manifest.contributes?.jsonValidation ?? []) if (!/^https?:/.test(validation.url)) pointed.push(validation.url);
    if (manifest.icon) pointed.push(manifest.icon);
    for (const walkthrough of manifest.contributes?.walkthroughs ?? []) {
      for (const step of walkthrough.steps) pointed.push(...['markdown', 'image', 'svg'].map((k) => step.media?.[k]).filter(Boolean));
    }
    for (const [, bin] of Object.entries<string>(manifest.bin ?? {})) pointed.push(bin);
    const inPackage = pointed.map((p) => `extension/${path.posix.normalize(p)}`);
    assert.deepEqual(inPackage.filter((n) => !names.includes(n)), [], `manifest paths ${JSON.stringify(pointed)}`);
    // Examples are checked by the shipped CLI below; the other JSON files are plain JSON.
    for (const json of names.filter((n) => n.endsWith('.json') && !n.startsWith('extension/examples/'))) {
      assert.doesNotThrow(() => JSON.parse(zip.readText(json)), `${json} parses`);
    }
    // The VS Code engine the manifest asks for must admit the pinned test editor (1.100).
    assert.match(manifest.engines.vscode, /^\^1\.(\d|[1-9]\d|100)\.\d+$/);
  });

  test('the icon, changelog and walkthrough media are what the marketplace and VS Code show', () => {
    const manifest = JSON.parse(zip.readText('extension/package.json'));
    const icon = zip.read(`extension/${manifest.icon}`);
    assert.equal(icon.subarray(1, 4).toString('latin1'), 'PNG', 'the icon is a PNG (the marketplace refuses SVG icons)');
    assert.ok(icon.readUInt32BE(16) >= 128, `the icon is ${icon.readUInt32BE(16)} px wide`);
    assert.match(zip.readText('extension/changelog.md'), new RegExp(`^## ${manifest.version.replace(/\./g, '\\.')}$`, 'm'));
    const steps: Array<{ id: string; media: { markdown?: string; image?: string } }> = manifest.contributes.walkthroughs[0].steps;
    assert.equal(steps.length, 3);
    for (const step of steps) {
      if (step.media.markdown) assert.match(zip.readText(`extension/${step.media.markdown}`), /^# \S/m, `${step.id}'s page has a heading`);
      if (step.media.image) assert.match(zip.readText(`extension/${step.media.image}`), /^<svg [^>]*viewBox=/, `${step.id}'s picture is an SVG`);
    }
  });

  test('the bundles need nothing outside the package: only Node built-ins (and vscode in the extension)', () => {
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    for (const bundle of ['extension', 'server', 'server-core', 'cli']) {
      const text = zip.readText(`extension/dist/${bundle}.js`);
      const required = [...new Set([...text.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]))];
      const outside = required.filter((m) => !builtins.has(m) && !(bundle === 'extension' && m === 'vscode'));
      assert.deepEqual(outside, [], `dist/${bundle}.js requires modules that are not shipped`);
      // A source map directive is a comment line of its own (code may mention the word, as the launcher does).
      assert.doesNotMatch(text, /^\/\/# sourceMappingURL=/m, `dist/${bundle}.js points at a source map that is not shipped`);
    }
    // The web bundles run where there is no Node: they may require nothing but vscode (the extension).
    for (const bundle of ['extension', 'server']) {
      const text = zip.readText(`extension/dist/web/${bundle}.js`);
      const required = [...new Set([...text.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]))];
      assert.deepEqual(required, bundle === 'extension' ? ['vscode'] : [], `dist/web/${bundle}.js requires modules a browser does not have`);
      assert.doesNotMatch(text, /^\/\/# sourceMappingURL=/m, `dist/web/${bundle}.js points at a source map that is not shipped`);
    }
    assert.match(zip.readText('extension/dist/server.js'), /^#!\/usr\/bin\/env node\n/, 'the server runs as a command (bin)');
    assert.match(zip.readText('extension/dist/cli.js'), /^#!\/usr\/bin\/env node\n/, 'the CLI runs as a command (bin)');
  });

  test('unpacked on its own, the shipped CLI checks the shipped examples and the server answers initialize', async () => {
    // A folder with no node_modules anywhere above it: a bundle that needs one fails here.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'polysync-vsix-'));
    try {
      for (const name of names.filter((n) => n.startsWith('extension/'))) {
        const target = path.join(dir, name);
        mkdirSync(path.dirname(target), { recursive: true });
        writeFileSync(target, zip.read(name));
      }
      const ext = path.join(dir, 'extension');
      const examples = names.filter((n) => n.startsWith('extension/examples/')).map((n) => path.join(dir, n));
      const env: NodeJS.ProcessEnv = { ...process.env };
      delete env.NODE_OPTIONS;
      delete env.NODE_PATH;
      const check = spawnSync(process.execPath, [path.join(ext, 'dist', 'cli.js'), 'check', ...examples], { cwd: dir, env, encoding: 'utf8', timeout: 30_000 });
      assert.equal(check.status, 0, `cli check: ${check.stdout}${check.stderr}`);
      assert.match(check.stdout, new RegExp(`^${examples.length} files? checked: 0 errors, 0 warnings\\.`, 'm'));

      const answer = await initializeOverStdio(path.join(ext, 'dist', 'server.js'), dir, env);
      assert.equal((answer.result as { serverInfo?: { name?: string } })?.serverInfo?.name, 'polysync-language-server', JSON.stringify(answer));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('size and file count are reported (bounded generously)', (t) => {
    const bytes = statSync(VSIX).size;
    const unpacked = zip.entries.reduce((sum, e) => sum + e.size, 0);
    t.diagnostic(`${path.relative(REPO_ROOT, VSIX)}: ${(bytes / 1024).toFixed(1)} KiB packed, ${(unpacked / 1024).toFixed(1)} KiB unpacked, ${names.length} files`);
    for (const e of [...zip.entries].sort((a, b) => b.size - a.size)) t.diagnostic(`  ${String(e.size).padStart(9)}  ${e.name}`);
    assert.ok(bytes <= MAX_VSIX_BYTES, `${bytes} bytes is more than ${MAX_VSIX_BYTES}`);
  });
});
