// scripts/lazyIndentTables.mjs, the esbuild plugin that builds jsonc-parser's formatter tables of line
// breaks and indentation on their first read instead of when the server bundle loads: the rewritten
// module exports the same tables, builds none of them until read, and a file that is not the expected
// one fails the build.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';

interface LazyIndentTables {
  STRING_INTERN_FILE: string;
  makeIndentTablesLazy(source: string): string;
}

const ROOT = path.resolve(__dirname, '..', '..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'polysync-lazy-tables-'));
after(() => fs.rmSync(work, { recursive: true, force: true }));
let plugin: LazyIndentTables;
let original: string;
before(async () => {
  plugin = (await import(pathToFileURL(path.join(ROOT, 'scripts', 'lazyIndentTables.mjs')).href)) as LazyIndentTables;
  original = fs.readFileSync(path.join(ROOT, 'node_modules', plugin.STRING_INTERN_FILE), 'utf8');
});

async function load(name: string, source: string): Promise<Record<string, unknown>> {
  const file = path.join(work, `${name}.mjs`);
  fs.writeFileSync(file, source);
  return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
}

describe('lazy indent tables (esbuild plugin)', () => {
  it("exports the same tables as jsonc-parser's own module", async () => {
    const eager = await load('eager', original);
    const lazy = await load('lazy', plugin.makeIndentTablesLazy(original));
    assert.deepEqual(Object.keys(lazy).sort(), Object.keys(eager).sort());
    assert.deepEqual(lazy.cachedSpaces, eager.cachedSpaces);
    assert.deepEqual(lazy.supportedEols, eager.supportedEols);
    // JSON compares through the getters: every table, every string.
    assert.equal(JSON.stringify(lazy.cachedBreakLinesWithSpaces), JSON.stringify(eager.cachedBreakLinesWithSpaces));
  });

  it('builds a table on its first read, once', async () => {
    const source = plugin.makeIndentTablesLazy(original).replace('Array.from(', '(globalThis.__tablesBuilt = (globalThis.__tablesBuilt ?? 0) + 1, Array.from)(');
    const lazy = (await load('counted', source)) as { cachedBreakLinesWithSpaces: Record<string, Record<string, string[]>> };
    const counter = globalThis as { __tablesBuilt?: number };
    assert.equal(counter.__tablesBuilt, undefined, 'nothing built as the module loads');
    const tabs = lazy.cachedBreakLinesWithSpaces['\t']['\r\n'];
    assert.equal(tabs[3], '\r\n\t\t\t');
    assert.equal(tabs.length, 200);
    assert.equal(lazy.cachedBreakLinesWithSpaces['\t']['\r\n'], tabs);
    assert.equal(counter.__tablesBuilt, 1);
  });

  it('fails on a file that is not the expected one', () => {
    assert.throws(() => plugin.makeIndentTablesLazy(original.replace('const maxCachedValues = 200;', 'const maxCachedValues = 100;')), /is not the one expected/);
    assert.throws(() => plugin.makeIndentTablesLazy(original.replace("'\\r\\n' + '\\t'.repeat(index)", "'\\r\\n' + '  '.repeat(index)")), /is not the one expected/);
  });
});
