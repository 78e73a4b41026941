// The extension manifest and the code must agree: command ids, settings and their defaults, the
// untrusted-workspace rules; and the bundled extension must not contain test code. What client code may
// import is a layer rule (layers.test.ts).

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { DEFAULT_API_VERSION, DEFAULT_BASE_URL, SUPPORTED_API_VERSIONS } from '../../server/src/api/config';
import { COMMANDS } from '../../client/src/commands';

const root = path.resolve(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const contributes = manifest.contributes;
const settings = contributes.configuration.properties;

describe('package.json contributions', () => {
  test('the editor title offers Create on unlinked files and Update on linked ones (the linked files context key)', () => {
    const title: Array<{ command: string; when: string }> = manifest.contributes.menus['editor/title'];
    const create = title.find((m) => m.command === 'polysync.createBulkSync');
    const update = title.find((m) => m.command === 'polysync.updateBulkSync');
    assert.match(create?.when ?? '', /&& !\(resourcePath in polysync\.linkedFiles\)$/);
    assert.equal(update?.when, 'resourcePath in polysync.linkedFiles');
  });

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

  test('keeping a sync: Import Bulk Sync everywhere, the linked-file commands only for polysync files, trusted workspaces for what reads or changes the account', () => {
    const byId = new Map<string, { title: string; category: string; enablement?: string }>(
      contributes.commands.map((c: { command: string }) => [c.command, c]),
    );
    const titles: [string, string][] = [
      [COMMANDS.importBulkSync, 'Polysync: Import Bulk Sync...'],
      [COMMANDS.showChanges, 'Polysync: Show Changes'],
      [COMMANDS.updateBulkSync, 'Polysync: Update Bulk Sync'],
      [COMMANDS.runBulkSync, 'Polysync: Run Now'],
      [COMMANDS.openInPolytomic, 'Polysync: Open in Polytomic'],
    ];
    for (const [id, title] of titles) assert.equal(`${byId.get(id)?.category}: ${byId.get(id)?.title}`, title, id);
    for (const id of [COMMANDS.importBulkSync, COMMANDS.showChanges, COMMANDS.updateBulkSync, COMMANDS.runBulkSync]) {
      assert.equal(byId.get(id)?.enablement, 'isWorkspaceTrusted', `${id} needs a trusted workspace`);
    }
    const palette = contributes.menus.commandPalette as { command: string; when?: string }[];
    assert.equal(palette.find((m) => m.command === COMMANDS.importBulkSync), undefined, 'Import is in the palette without a condition');
    for (const id of [COMMANDS.showChanges, COMMANDS.updateBulkSync, COMMANDS.runBulkSync, COMMANDS.openInPolytomic]) {
      const entry = palette.find((m) => m.command === id);
      assert.ok(entry, `the palette lists ${id} for polysync files`);
      assert.match(entry.when ?? '', /resourceFilename =~ \/\\\.polysync\\\.json\$\//);
      assert.match(entry.when ?? '', /editorLangId == polysync/);
    }
  });

  test('Restart Language Server and Show Output, in the palette for every window; every Polysync command the code names is declared', () => {
    const byId = new Map<string, { title: string; category: string; enablement?: string }>(
      contributes.commands.map((c: { command: string }) => [c.command, c]),
    );
    assert.equal(`${byId.get(COMMANDS.restartServer)?.category}: ${byId.get(COMMANDS.restartServer)?.title}`, 'Polysync: Restart Language Server');
    assert.equal(`${byId.get(COMMANDS.showOutput)?.category}: ${byId.get(COMMANDS.showOutput)?.title}`, 'Polysync: Show Output');
    // Both are needed most when something is wrong: no enablement, no palette condition.
    for (const id of [COMMANDS.restartServer, COMMANDS.showOutput]) {
      assert.equal(byId.get(id)?.enablement, undefined);
      assert.ok(!contributes.menus.commandPalette.some((m: { command: string }) => m.command === id), `${id} is not hidden from the palette`);
    }
    const ours = Object.values(COMMANDS).filter((id) => id.startsWith('polysync.'));
    assert.deepEqual(ours.filter((id) => !byId.has(id)), []);
    assert.deepEqual([...byId.keys()].filter((id) => !(ours as string[]).includes(id)), [], 'every declared command has an id in client/src/commands.ts');
  });

  test('polysync.trace.server: the setting vscode-languageclient reads for the client id polysync', () => {
    // The client reads `<client id>.trace.server`; the id is the LanguageClient's first argument, the same
    // in the desktop and the web entry.
    const shared = readFileSync(path.join(root, 'client', 'src', 'activate.ts'), 'utf8');
    const [, clientId] = shared.match(/export const CLIENT_ID = '([^']+)'/) ?? [];
    assert.equal(clientId, 'polysync');
    for (const entry of ['extension.ts', 'extension.web.ts']) {
      assert.match(readFileSync(path.join(root, 'client', 'src', entry), 'utf8'), /new LanguageClient\(\s*CLIENT_ID,/, entry);
    }
    const trace = settings[`${clientId}.trace.server`];
    assert.ok(trace, 'declared');
    assert.equal(trace.type, 'string');
    assert.deepEqual(trace.enum, ['off', 'messages', 'verbose']);
    assert.equal(trace.enumDescriptions.length, 3);
    assert.equal(trace.default, 'off');
    assert.equal(trace.scope, 'window', 'one server per window');
    assert.match(trace.markdownDescription, /Trace/, 'says the output\'s log level must be Trace');
    assert.match(trace.markdownDescription, /redacted/, 'says the key is not recorded');
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
    // The link is folded when a linked file opens unless this is turned off.
    assert.equal(settings['polysync.foldLink'].type, 'boolean');
    assert.equal(settings['polysync.foldLink'].default, true);
    assert.match(settings['polysync.foldLink'].markdownDescription, /^Fold the `"polysync"` link/);
  });

  test('untrusted workspaces: limited support, with the URL and organization id restricted', () => {
    const untrusted = manifest.capabilities.untrustedWorkspaces;
    assert.equal(untrusted.supported, 'limited');
    assert.ok(untrusted.description.length > 20);
    assert.deepEqual(untrusted.restrictedConfigurations, ['polysync.apiUrl', 'polysync.organizationId']);
  });

  test('Polysync files get the editor defaults VS Code gives JSON: suggestions inside strings, replace mode', () => {
    const defaults = contributes.configurationDefaults['[polysync]'];
    assert.deepEqual(defaults['editor.quickSuggestions'], { strings: true });
    assert.equal(defaults['editor.suggest.insertMode'], 'replace');
    const language = contributes.languages.find((l: { id: string }) => l.id === 'polysync');
    assert.ok(language, 'the [polysync] block names the contributed language');
  });

  test('jsonValidation hands the shipped schema to VS Code\'s JSON support for the same files as the language', () => {
    const [validation, config, ...rest] = contributes.jsonValidation;
    assert.deepEqual(rest, []);
    // polysync.config.json gets its own schema (completion and validation of codes and severities).
    assert.deepEqual(config, { fileMatch: 'polysync.config.json', url: './schemas/polysync.config.schema.json' });
    assert.equal(JSON.parse(readFileSync(path.join(root, config.url), 'utf8')).title, 'Polysync configuration (polysync.config.json)');
    const language = contributes.languages.find((l: { id: string }) => l.id === 'polysync');
    assert.deepEqual([validation.fileMatch], language.filenamePatterns);
    assert.equal(path.posix.normalize(validation.url), 'schemas/bulk-sync.schema.json');
    const schema = JSON.parse(readFileSync(path.join(root, validation.url), 'utf8'));
    assert.match(schema.$id, /^urn:polysync:schema:bulk-sync:/, 'the schema the extension hands VS Code is the shipped one');
  });

  test('runs where the workspace is; limited support for virtual workspaces, explained', () => {
    // The extension starts a Node language server, so it belongs with the files, not in the UI host.
    assert.deepEqual(manifest.extensionKind, ['workspace']);
    const virtual = manifest.capabilities.virtualWorkspaces;
    assert.equal(virtual.supported, 'limited');
    assert.match(virtual.description, /language server/);
    // A virtual workspace never matches workspaceContains, so a file opening must start it.
    assert.ok(manifest.activationEvents.includes('onLanguage:polysync'));
    // JSON files are looked at for a $schema naming Polysync's schema; the server starts only for Polysync documents.
    assert.ok(manifest.activationEvents.includes('onLanguage:json') && manifest.activationEvents.includes('onLanguage:jsonc'));
  });

  test('the walkthrough: set a key, open a file, create; every command and media file exists', () => {
    const [walkthrough, ...others] = contributes.walkthroughs;
    assert.deepEqual(others, []);
    assert.ok(walkthrough.title && walkthrough.description);
    const commandIds = new Set(contributes.commands.map((c: { command: string }) => c.command));
    const steps: Array<{ id: string; description: string; media: Record<string, string>; completionEvents: string[] }> = walkthrough.steps;
    assert.deepEqual(steps.map((s) => s.id), ['setApiKey', 'openExample', 'createBulkSync']);
    assert.match(steps[0].description, /\(command:polysync\.setApiKey\)/);
    assert.match(steps[0].description, /npm run demo/, 'the sandbox is offered to users without an account');
    // VS Code rejects onLanguage: as a completion event: the client sets context keys instead (client/src/contextKeys.ts).
    assert.deepEqual(steps[0].completionEvents, ['onCommand:polysync.setApiKey', 'onContext:polysync.signedIn']);
    assert.deepEqual(steps[1].completionEvents, ['onContext:polysync.fileOpened']);
    assert.match(steps[2].description, /\(command:polysync\.createBulkSync\)/);
    assert.deepEqual(steps[2].completionEvents, ['onCommand:polysync.createBulkSync', 'onContext:polysync.linkedFileOpened']);
    const events = steps.flatMap((s) => s.completionEvents);
    assert.ok(events.every((e) => /^(onCommand|onContext|onSettingChanged|onView|onLink|extensionInstalled|stepSelected|onEvent):/.test(e) || e === 'stepSelected'), JSON.stringify(events));
    const contextSource = readFileSync(path.join(__dirname, '..', '..', 'client', 'src', 'contextKeys.ts'), 'utf8');
    for (const key of ['polysync.signedIn', 'polysync.fileOpened', 'polysync.linkedFileOpened']) assert.ok(contextSource.includes(`'${key}'`), `the client sets ${key}`);
    for (const step of steps) {
      for (const [, command] of step.description.matchAll(/\(command:(polysync\.[\w.]+)/g)) {
        assert.ok(commandIds.has(command), `${step.id} links to ${command}, which the manifest declares`);
      }
      const media = step.media.markdown ?? step.media.image;
      assert.ok(media, `${step.id} has media`);
      assert.ok(existsSync(path.join(root, media)), `${media} exists`);
      if (step.media.image) assert.ok(step.media.altText.length > 20, `${step.id}'s image has alt text`);
    }
    const example = readFileSync(path.join(root, steps[1].media.markdown), 'utf8');
    assert.match(example, /"source_connection_id"/);
  });

  test('marketplace metadata: a PNG icon of at least 128 px, keywords, a changelog for this version', () => {
    const icon = readFileSync(path.join(root, manifest.icon));
    assert.equal(icon.subarray(1, 4).toString('latin1'), 'PNG');
    const [width, height] = [icon.readUInt32BE(16), icon.readUInt32BE(20)];
    assert.ok(width >= 128 && width === height, `icon is ${width}x${height}`);
    assert.ok(Array.isArray(manifest.keywords) && manifest.keywords.includes('polytomic'));
    assert.ok(manifest.keywords.length <= 30, 'vsce accepts at most 30 keywords');
    const changelog = readFileSync(path.join(root, 'CHANGELOG.md'), 'utf8');
    assert.match(changelog, new RegExp(`^## ${manifest.version.replace(/\./g, '\\.')}$`, 'm'));
  });

  test('no placeholder values: no example or invalid hosts, and fields without a real value are left out', () => {
    const strings: string[] = [];
    const walk = (value: unknown): void => {
      if (typeof value === 'string') strings.push(value);
      else if (value && typeof value === 'object') Object.values(value).forEach(walk);
    };
    walk(manifest);
    const placeholders = strings.filter((s) => /example\.(invalid|com|org)|\.invalid\b|TODO|FIXME|lorem/i.test(s));
    assert.deepEqual(placeholders, []);
    for (const field of ['repository', 'homepage', 'bugs']) {
      if (field in manifest) assert.ok(!JSON.stringify(manifest[field]).includes('example'), `${field} is a real address`);
    }
  });
});

describe('dist/extension.js', () => {
  for (const bundleFile of ['extension.js', 'web/extension.js']) test(`${bundleFile} holds the client only: no parser, validator, schema, rules or HTTP client, and no test code`, () => {
    const bundle = readFileSync(path.join(root, 'dist', bundleFile), 'utf8');
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
  // The client's import rule lives with the other layer rules in layers.test.ts.
});
