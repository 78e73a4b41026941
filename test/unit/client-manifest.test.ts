// The extension manifest and the code must agree: command ids, settings and their defaults, the
// untrusted-workspace rules; and the bundled extension must not contain test code.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { DEFAULT_API_VERSION, DEFAULT_BASE_URL, SUPPORTED_API_VERSIONS } from '../../server/src/api/config';
import { COMMANDS } from '../../client/src/create/ui';

const root = path.resolve(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const contributes = manifest.contributes;
const settings = contributes.configuration.properties;

describe('package.json contributions', () => {
  test('the three commands, with Create only for polysync files and only in trusted workspaces', () => {
    const byId = new Map<string, { title: string; category: string; enablement?: string }>(
      contributes.commands.map((c: { command: string }) => [c.command, c]),
    );
    assert.equal(`${byId.get(COMMANDS.createBulkSync)?.category}: ${byId.get(COMMANDS.createBulkSync)?.title}`, 'Polysync: Create Bulk Sync');
    assert.equal(`${byId.get(COMMANDS.setApiKey)?.category}: ${byId.get(COMMANDS.setApiKey)?.title}`, 'Polysync: Set API Key');
    assert.equal(`${byId.get(COMMANDS.signOut)?.category}: ${byId.get(COMMANDS.signOut)?.title}`, 'Polysync: Sign Out');
    assert.equal(byId.get(COMMANDS.createBulkSync)?.enablement, 'isWorkspaceTrusted');
    for (const menu of ['commandPalette', 'editor/title']) {
      const entry = contributes.menus[menu].find((m: { command: string }) => m.command === COMMANDS.createBulkSync);
      assert.ok(entry, `${menu} lists Create`);
      assert.match(entry.when, /resourceFilename =~ \/\\\.polysync\\\.json\$\//);
      assert.match(entry.when, /editorLangId == polysync/);
    }
  });

  test('settings: machine-scoped apiUrl, the supported versions, key kinds, organization id', () => {
    assert.equal(settings['polysync.apiUrl'].scope, 'machine');
    assert.equal(settings['polysync.apiUrl'].default, DEFAULT_BASE_URL);
    assert.deepEqual(settings['polysync.apiVersion'].enum, [...SUPPORTED_API_VERSIONS]);
    assert.equal(settings['polysync.apiVersion'].default, DEFAULT_API_VERSION);
    assert.deepEqual(settings['polysync.keyKind'].enum, ['user', 'organization']);
    assert.equal(settings['polysync.keyKind'].default, 'user');
    assert.equal(settings['polysync.organizationId'].type, 'string');
    assert.ok(!Object.keys(settings).some((k) => /key$/i.test(k) && k !== 'polysync.keyKind'), 'no setting holds a key');
    // The server applies one size limit to every document it serves, so the setting is per window.
    assert.equal(settings['polysync.maxDocumentSizeMB'].scope, 'window');
  });

  test('untrusted workspaces: limited support, with the URL and organization id restricted', () => {
    const untrusted = manifest.capabilities.untrustedWorkspaces;
    assert.equal(untrusted.supported, 'limited');
    assert.ok(untrusted.description.length > 20);
    assert.deepEqual(untrusted.restrictedConfigurations, ['polysync.apiUrl', 'polysync.organizationId']);
  });
});

describe('dist/extension.js', () => {
  test('holds the client only: no parser, validator, schema, rules or HTTP client, and no test code', () => {
    const bundle = readFileSync(path.join(root, 'dist', 'extension.js'), 'utf8');
    assert.match(bundle, /polysync\.createBulkSync/);
    assert.match(bundle, /polysync\/createBulkSync/, 'Create goes through the language server');
    const serverOnly = [
      'X-Polytomic-Version', // the HTTP client
      'Idempotency-Key',
      'source_connection_id', // the schema and the rules
      'must be fixed first', // the Create pipeline
      'Unterminated string', // the syntax messages
      'createScanner', // jsonc-parser
      'trailingComma',
    ];
    for (const needle of [...serverOnly, 'startSandbox', '__sandbox', 'node:test', 'sandbox-user-key']) {
      assert.ok(!bundle.includes(needle), `the bundle contains ${needle}`);
    }
  });

  test('no client source imports server code: only vscode, vscode-languageclient, protocol/ and node built-ins', () => {
    const files = readdirSync(path.join(root, 'client', 'src'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    assert.ok(files.length > 5);
    for (const file of files) {
      const text = readFileSync(path.join(root, 'client', 'src', file), 'utf8');
      for (const [, spec] of text.matchAll(/from '([^']+)'/g)) {
        const allowed = spec === 'vscode' || spec.startsWith('vscode-languageclient') || spec.startsWith('node:') || (spec.startsWith('.') && !spec.includes('server/'));
        assert.ok(allowed, `client/src/${file} imports ${spec}`);
        if (spec.startsWith('.')) {
          const target = path.resolve(root, 'client', 'src', path.dirname(file), spec);
          assert.ok(target.startsWith(path.join(root, 'client')) || target.startsWith(path.join(root, 'protocol')), `client/src/${file} imports ${spec}`);
        }
      }
    }
  });
});
