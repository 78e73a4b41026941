// scripts/lazyBuiltins.mjs, the esbuild plugin that defers the Node modules vscode-languageserver and
// vscode-jsonrpc load at start but use only later: the rewrite of one line, that the module is loaded on
// the first property read and not before, that a missing line fails the build, and that every file it
// names still has its line in the installed library.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { before, describe, it } from 'node:test';

interface LazyBuiltins {
  LAZY_BUILTINS: Record<string, string[]>;
  makeBuiltinsLazy(source: string, modules: string[], file?: string): string;
}

const ROOT = path.resolve(__dirname, '..', '..');
let lazy: LazyBuiltins;
before(async () => {
  lazy = (await import(pathToFileURL(path.join(ROOT, 'scripts', 'lazyBuiltins.mjs')).href)) as LazyBuiltins;
});

/** Runs `source` as a CommonJS module whose `require` records what it was asked for. */
function run(source: string): { exports: Record<string, unknown>; required: string[] } {
  const required: string[] = [];
  const fakeRequire = (name: string) => {
    required.push(name);
    return { spawn: (command: string) => `spawned ${command}`, randomBytes: (n: number) => `${n} random bytes` };
  };
  const module = { exports: {} as Record<string, unknown> };
  new Function('exports', 'require', 'module', source)(module.exports, fakeRequire, module);
  return { exports: module.exports, required };
}

const LIBRARY_LIKE = [
  '"use strict";',
  'const path = require("path");',
  'const child_process_1 = require("child_process");',
  'exports.find = (name) => (0, child_process_1.spawn)(name);',
  'exports.pathIsLoaded = typeof path;',
].join('\n');

describe('lazy built-ins (esbuild plugin)', () => {
  it('loads the module on the first property read, not when the file runs', () => {
    const eager = run(LIBRARY_LIKE);
    assert.deepEqual(eager.required, ['path', 'child_process'], 'the original loads both as it runs');

    const rewritten = lazy.makeBuiltinsLazy(LIBRARY_LIKE, ['child_process']);
    assert.doesNotMatch(rewritten, /^const child_process_1 = require\("child_process"\);$/m);
    const deferred = run(rewritten);
    assert.deepEqual(deferred.required, ['path'], 'only path is loaded as the file runs');
    assert.equal((deferred.exports.find as (name: string) => string)('npm'), 'spawned npm');
    assert.deepEqual(deferred.required, ['path', 'child_process'], 'child_process is loaded by the first use');
    (deferred.exports.find as (name: string) => string)('yarn');
    assert.deepEqual(deferred.required, ['path', 'child_process'], 'and only once');
  });

  it('fails when a file no longer has the line it expects', () => {
    assert.throws(() => lazy.makeBuiltinsLazy(LIBRARY_LIKE, ['crypto'], 'lib.js'), /lib\.js no longer has `const … = require\("crypto"\);`/);
    assert.throws(() => lazy.makeBuiltinsLazy(LIBRARY_LIKE, ['child_process"); evil("'], 'lib.js'), /not a Node module name/);
  });

  it('finds its line in every library file it names', () => {
    for (const [file, modules] of Object.entries(lazy.LAZY_BUILTINS)) {
      const source = fs.readFileSync(path.join(ROOT, 'node_modules', file), 'utf8');
      const rewritten = lazy.makeBuiltinsLazy(source, modules, file);
      for (const name of modules) assert.doesNotMatch(rewritten, new RegExp(`^(const|var|let) \\w+ = require\\("${name}"\\);$`, 'm'), `${file}: ${name}`);
    }
  });
});
