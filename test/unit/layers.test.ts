// The walls between the layers, as a test: every import of the client, the protocol and the server is
// read with TypeScript's own pre-processor (static, re-export, side-effect and dynamic imports, require),
// relative specifiers are resolved to files, and each rule below names what one layer may not reach.
// docs/architecture.md describes the layers these rules keep apart.

import assert from 'node:assert/strict';
import { builtinModules } from 'node:module';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import ts from 'typescript';

const root = path.resolve(__dirname, '..', '..');

/** One import: the file that wrote it (relative to the repository), what it wrote, and what it reaches. */
export interface ImportEdge {
  from: string;
  specifier: string;
  /** A repository-relative file for a relative import; `node:<name>` for a built-in; the package name otherwise. */
  target: string;
}

const BUILTINS = new Set(builtinModules);

function sourceFiles(dir: string): string[] {
  const full = path.join(root, dir);
  if (!existsSync(full)) return [];
  return readdirSync(full, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.split(path.sep).includes('node_modules'))
    .map((f) => path.join(dir, f).split(path.sep).join('/'));
}

/** The file a relative specifier names, as TypeScript and esbuild resolve it. */
function resolveRelative(fromFile: string, specifier: string): string {
  const base = path.resolve(root, path.dirname(fromFile), specifier);
  const candidates = [base, `${base}.ts`, path.join(base, 'index.ts')];
  const found = candidates.find((c) => existsSync(c) && statSync(c).isFile()) ?? base;
  return path.relative(root, found).split(path.sep).join('/');
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

export function importsOf(file: string, text = readFileSync(path.join(root, file), 'utf8')): ImportEdge[] {
  // With `detectJavaScriptImports`, require(...) and import(...) calls count too.
  const specifiers = ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
  return specifiers.map((specifier) => {
    if (specifier.startsWith('.')) return { from: file, specifier, target: resolveRelative(file, specifier) };
    const bare = specifier.replace(/^node:/, '');
    if (specifier.startsWith('node:') || BUILTINS.has(bare) || BUILTINS.has(packageName(bare))) return { from: file, specifier, target: `node:${packageName(bare)}` };
    return { from: file, specifier, target: packageName(specifier) };
  });
}

/** Every import of every TypeScript file under these folders. */
function importsUnder(...dirs: string[]): ImportEdge[] {
  return dirs.flatMap(sourceFiles).flatMap((file) => importsOf(file));
}

const under = (dir: string) => (target: string) => target === `${dir}.ts` || target.startsWith(`${dir}/`);

/** Built-ins that reach the disk, the network or other processes: none of them belongs in the pure service. */
const SYSTEM_BUILTINS = ['fs', 'net', 'http', 'https', 'http2', 'tls', 'dgram', 'dns', 'child_process', 'cluster', 'worker_threads', 'inspector'];

interface Rule {
  name: string;
  /** Which files the rule is about. */
  files: (file: string) => boolean;
  /** Why an import is not allowed, or undefined when it is. */
  forbids: (edge: ImportEdge) => string | undefined;
}

const SERVICE = 'server/src/service';
const isService = under(SERVICE);
const isAdapter = (file: string) => under('server/src/lsp')(file) || under('server/src/cli')(file);

const RULES: Rule[] = [
  {
    name: 'service/ does not import api/',
    files: isService,
    forbids: (e) => (under('server/src/api')(e.target) ? 'the API client is handed to the service, never imported by it' : undefined),
  },
  {
    name: 'service/ does not import operations/',
    files: isService,
    forbids: (e) => (under('server/src/operations')(e.target) ? 'operations use the service, not the other way round' : undefined),
  },
  {
    name: 'service/ does not import the adapters, the account layer or the connection library',
    files: isService,
    forbids: (e) => {
      if (under('server/src/lsp')(e.target)) return 'lsp/ is an adapter over the service';
      if (under('server/src/cli')(e.target)) return 'cli/ is an adapter over the service';
      if (under('server/src/account')(e.target)) return 'account data reaches the service as a snapshot, handed in';
      if (under('server/src/boot')(e.target)) return 'boot/ starts the server';
      if (under('client')(e.target) || under('protocol')(e.target)) return 'the service knows no client and no protocol';
      if (e.target === 'vscode-languageserver' || e.target === 'vscode' || e.target === 'vscode-languageclient') return 'the service has no connection and no editor';
      return undefined;
    },
  },
  {
    name: 'service/ uses no built-in that reaches the disk, the network or other processes',
    files: isService,
    forbids: (e) => (SYSTEM_BUILTINS.some((name) => e.target === `node:${name}`) ? 'the service is pure: text and a schema in, results out' : undefined),
  },
  {
    name: 'lsp/ does not import cli/',
    files: under('server/src/lsp'),
    forbids: (e) => (under('server/src/cli')(e.target) ? 'the two front ends share the service and operations, not each other' : undefined),
  },
  {
    name: 'cli/ does not import lsp/',
    files: under('server/src/cli'),
    forbids: (e) => (under('server/src/lsp')(e.target) ? 'the two front ends share the service and operations, not each other' : undefined),
  },
  {
    name: 'lsp/ and cli/ reach the service only through service/index.ts',
    files: isAdapter,
    forbids: (e) => {
      if (!isService(e.target) || e.target === `${SERVICE}/index.ts`) return undefined;
      // The use cases are moving out of the service (server/src/operations); until then they have their own door.
      if (under(`${SERVICE}/operations`)(e.target)) return undefined;
      return 'the service has one front door';
    },
  },
  {
    name: 'client/ imports only protocol/, vscode, vscode-languageclient and node built-ins',
    files: under('client/src'),
    forbids: (e) => {
      if (e.target.startsWith('node:') || e.target === 'vscode' || e.target === 'vscode-languageclient') return undefined;
      if (e.specifier.startsWith('.') && (under('client')(e.target) || under('protocol')(e.target))) return undefined;
      return 'the client reaches the server only through protocol/ and the language client';
    },
  },
  {
    name: 'protocol/ imports only protocol/ and vscode-languageserver-protocol',
    files: under('protocol'),
    forbids: (e) => (e.target === 'vscode-languageserver-protocol' || (e.specifier.startsWith('.') && under('protocol')(e.target)) ? undefined : 'protocol/ is shared by both sides and depends on neither'),
  },
];

export function violations(rule: Rule, edges: readonly ImportEdge[]): string[] {
  return edges.filter((e) => rule.files(e.from)).flatMap((e) => {
    const why = rule.forbids(e);
    return why ? [`${e.from} imports '${e.specifier}' (${e.target}): ${why}`] : [];
  });
}

describe('the layers', () => {
  const edges = importsUnder('server/src', 'client/src', 'protocol');

  test('the reader sees the imports: the service, the adapters and the client are all there', () => {
    assert.ok(edges.some((e) => e.from === 'server/src/lsp/server.ts' && e.target === 'server/src/service/index.ts'), 'lsp/server.ts imports the service');
    assert.ok(edges.some((e) => isService(e.from) && e.target === 'jsonc-parser'), 'the service imports jsonc-parser');
    assert.ok(edges.some((e) => under('client/src')(e.from) && under('protocol')(e.target)), 'the client imports protocol/');
  });

  for (const rule of RULES) {
    test(rule.name, () => {
      assert.deepEqual(violations(rule, edges), []);
    });
  }
});

describe('the import reader', () => {
  test('resolves relative specifiers to files, and tells built-ins from packages', () => {
    const text = [
      "import { a } from '../api';",
      "export { b } from './document/document';",
      "import 'node:fs';",
      "import type { C } from 'vscode-languageserver/node';",
      "const lazy = () => import('../lsp/guard');",
      "const old = require('child_process');",
    ].join('\n');
    const edges = importsOf('server/src/service/example.ts', text);
    assert.deepEqual(
      edges.map((e) => e.target),
      ['server/src/api/index.ts', 'server/src/service/document/document.ts', 'node:fs', 'vscode-languageserver', 'server/src/lsp/guard.ts', 'node:child_process'],
    );
  });

  test('each rule catches a forbidden import planted where it applies', () => {
    const planted: Record<string, [string, string]> = {
      'service/ does not import api/': ['server/src/service/hover.ts', "import { ApiError } from '../api/errors';"],
      'service/ does not import operations/': ['server/src/service/hover.ts', "import { pull } from '../operations/pull';"],
      'service/ does not import the adapters, the account layer or the connection library': ['server/src/service/format.ts', "import { AccountManager } from '../account/manager';"],
      'service/ uses no built-in that reaches the disk, the network or other processes': ['server/src/service/document/document.ts', "import { readFileSync } from 'node:fs';"],
      'lsp/ does not import cli/': ['server/src/lsp/create.ts', "import { formatText } from '../cli/report';"],
      'cli/ does not import lsp/': ['server/src/cli/check.ts', "import { createGuard } from '../lsp/guard';"],
      'lsp/ and cli/ reach the service only through service/index.ts': ['server/src/cli/fmt.ts', "import { format } from '../service/format';"],
      'client/ imports only protocol/, vscode, vscode-languageclient and node built-ins': ['client/src/extension.ts', "import { parseDocument } from '../../server/src/service/document/document';"],
      'protocol/ imports only protocol/ and vscode-languageserver-protocol': ['protocol/messages.ts', "import { VERSION } from '../server/src/version';"],
    };
    for (const rule of RULES) {
      const plant = planted[rule.name];
      assert.ok(plant, `a planted import for: ${rule.name}`);
      const [file, line] = plant;
      assert.equal(violations(rule, importsOf(file, line)).length, 1, `${rule.name} catches ${line} in ${file}`);
    }
  });
});
