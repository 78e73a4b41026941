// API keys bound to their API URL (client/src/apiKeys.ts), the notice for a polysync.apiUrl the window
// does not read (client/src/apiUrlNotice.ts) and the terminals' launcher and environment
// (client/src/terminalLauncher.ts): the rules, over an in-memory secret store.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { ApiKeys, isApiKeySecret, LEGACY_SECRET, normalizeApiUrl, secretNameFor, type SecretStore } from '../../client/src/apiKeys';
import { ApiUrlNotices } from '../../client/src/apiUrlNotice';
import { launcherFiles, terminalVariables } from '../../client/src/terminalLauncher';
import { apiUrlInSettings } from '../../client/src/workspaceSettings';
import { DEFAULT_BASE_URL } from '../../protocol/settings';

class MemorySecrets implements SecretStore {
  readonly values = new Map<string, string>();
  async get(key: string) {
    return this.values.get(key);
  }
  async store(key: string, value: string) {
    this.values.set(key, value);
  }
  async delete(key: string) {
    this.values.delete(key);
  }
}

const SANDBOX = 'http://127.0.0.1:8787';
const OTHER = 'https://polytomic.example.com';

describe('API keys are bound to their API URL', () => {
  test('one URL whatever its trailing slash or the case of its host; no key for a URL that is refused', () => {
    assert.equal(normalizeApiUrl('https://App.Polytomic.com/'), 'https://app.polytomic.com');
    assert.equal(secretNameFor('http://127.0.0.1:8787//'), secretNameFor(SANDBOX));
    assert.notEqual(secretNameFor('http://127.0.0.1:8788'), secretNameFor(SANDBOX));
    assert.equal(secretNameFor('http://example.com'), undefined, 'plain http off loopback is never used');
    assert.ok(isApiKeySecret(secretNameFor(SANDBOX)!) && isApiKeySecret(LEGACY_SECRET) && !isApiKeySecret('other.secret'));
  });

  test('a key stored for one URL is not read for another', async () => {
    const keys = new ApiKeys(new MemorySecrets(), DEFAULT_BASE_URL);
    await keys.store(SANDBOX, 'sandbox-key');
    assert.deepEqual(await keys.get(`${SANDBOX}/`), { key: 'sandbox-key' });
    assert.deepEqual(await keys.get(DEFAULT_BASE_URL), {});
    assert.deepEqual(await keys.get(OTHER), {});
  });

  test('Sign Out removes the key of the URL in use only', async () => {
    const keys = new ApiKeys(new MemorySecrets(), DEFAULT_BASE_URL);
    await keys.store(SANDBOX, 'a');
    await keys.store(OTHER, 'b');
    assert.equal(await keys.delete(SANDBOX), true);
    assert.equal(await keys.delete(SANDBOX), false);
    assert.deepEqual(await keys.get(OTHER), { key: 'b' });
  });

  test("an earlier version's key is bound to the default URL without asking, and moved there", async () => {
    const secrets = new MemorySecrets();
    secrets.values.set(LEGACY_SECRET, 'old-key');
    const keys = new ApiKeys(secrets, DEFAULT_BASE_URL);
    assert.deepEqual(await keys.get('https://app.polytomic.com/'), { key: 'old-key' });
    assert.equal(secrets.values.has(LEGACY_SECRET), false);
    assert.equal(secrets.values.get(secretNameFor(DEFAULT_BASE_URL)!), 'old-key');
    assert.deepEqual(await keys.get(OTHER), {}, 'and never read for another URL after that');
  });

  test("for any other URL an earlier version's key is not used until the user binds it", async () => {
    const secrets = new MemorySecrets();
    secrets.values.set(LEGACY_SECRET, 'old-key');
    const keys = new ApiKeys(secrets, DEFAULT_BASE_URL);
    assert.deepEqual(await keys.get(OTHER), { unbound: { url: OTHER } });
    assert.equal(secrets.values.get(LEGACY_SECRET), 'old-key', 'kept, not sent');
    assert.equal(await keys.adoptLegacy(OTHER), true);
    assert.deepEqual(await keys.get(OTHER), { key: 'old-key' });
    assert.deepEqual(await keys.get(DEFAULT_BASE_URL), {});
  });
});

describe('the API URL a workspace names, read from its settings files', () => {
  test('a folder settings file with comments and trailing commas; a workspace file under "settings"', () => {
    const folder = '\uFEFF{\n  // the team sandbox\n  "editor.tabSize": 2, /* "polysync.apiUrl": "http://127.0.0.1:1" */\n  "polysync.apiUrl": "https://polytomic.example.com/ ",\n  "x": "a // b, }",\n}\n';
    assert.equal(apiUrlInSettings(folder, 'folder'), 'https://polytomic.example.com/');
    assert.equal(apiUrlInSettings('{ "folders": [], "settings": { "polysync.apiUrl": "http://127.0.0.1:8080", }, }', 'workspace'), 'http://127.0.0.1:8080');
    assert.equal(apiUrlInSettings('{ "polysync.apiUrl": "http://127.0.0.1:8080" }', 'workspace'), undefined, 'a workspace file keeps settings under "settings"');
  });

  test('nothing for a file that names none, a blank or non-string value, or text that is not JSON', () => {
    for (const text of ['{}', '{ "polysync.apiUrl": "  " }', '{ "polysync.apiUrl": 3 }', '{ "polysync.apiUrl": ', 'null', '']) assert.equal(apiUrlInSettings(text, 'folder'), undefined, text);
  });
});

describe('polysync.apiUrl set where the window does not read it', () => {
  test('a remote window that shows a user value and applies another: the notice names both and the settings to use, once', () => {
    const notices = new ApiUrlNotices();
    const first = notices.observe({ applied: undefined, userValue: SANDBOX, remoteName: 'ssh-remote' });
    assert.equal(first.url, DEFAULT_BASE_URL);
    assert.ok(first.notice);
    assert.match(first.notice.message, new RegExp(`set to ${SANDBOX.replace(/\./g, '\\.')}, but this window does not read it there, so Polysync uses https://app\\.polytomic\\.com`));
    assert.match(first.notice.message, /Remote settings \(Preferences: Open Remote Settings; for code-server, Machine\/settings\.json/);
    assert.match(first.notice.message, /never sent to https:\/\/app\.polytomic\.com/);
    assert.equal(notices.observe({ applied: undefined, userValue: SANDBOX, remoteName: 'ssh-remote' }).notice, undefined, 'said once');
  });

  test('the user value applied at start and dropped at the first reload: said at the reload', () => {
    const notices = new ApiUrlNotices();
    assert.deepEqual(notices.observe({ applied: SANDBOX, userValue: SANDBOX, remoteName: 'code-server' }), { url: SANDBOX });
    const reload = notices.observe({ applied: undefined, userValue: undefined, remoteName: 'code-server' });
    assert.equal(reload.url, DEFAULT_BASE_URL);
    assert.match(reload.notice?.message ?? 'no notice', /polysync\.apiUrl is set to http:\/\/127\.0\.0\.1:8787/);
  });

  test('a value read where it is set says nothing: remote settings, or a local window', () => {
    const notices = new ApiUrlNotices();
    assert.deepEqual(notices.observe({ applied: SANDBOX, userValue: SANDBOX, remoteName: 'wsl' }), { url: SANDBOX });
    assert.deepEqual(notices.observe({ applied: `${SANDBOX}/`, userValue: SANDBOX, remoteName: 'wsl' }), { url: `${SANDBOX}/` });
    assert.deepEqual(new ApiUrlNotices().observe({ applied: OTHER, userValue: OTHER, remoteName: undefined }), { url: OTHER });
    assert.deepEqual(new ApiUrlNotices().observe({ applied: undefined, userValue: undefined, remoteName: undefined }), { url: DEFAULT_BASE_URL });
  });
});

describe('the polysync launcher and the environment of the terminals', () => {
  test('the launcher runs the CLI with the given Node, arguments passed through, quotes in paths kept', { skip: process.platform === 'win32' }, () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "polysync 'launcher-"));
    try {
      const cli = path.join(dir, 'cli.js');
      writeFileSync(cli, 'console.log(JSON.stringify({ args: process.argv.slice(2), electron: process.env.ELECTRON_RUN_AS_NODE }));');
      const [[name, text]] = Object.entries(launcherFiles('linux', process.execPath, cli));
      assert.equal(name, 'polysync');
      writeFileSync(path.join(dir, name), text);
      chmodSync(path.join(dir, name), 0o755);
      const out = execFileSync(path.join(dir, name), ['--version', 'a b'], { encoding: 'utf8' });
      assert.deepEqual(JSON.parse(out), { args: ['--version', 'a b'], electron: '1' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('Windows gets a .cmd launcher', () => {
    const files = launcherFiles('win32', 'C:\\Code\\Code.exe', 'C:\\ext\\dist\\cli.js');
    assert.deepEqual(Object.keys(files), ['polysync.cmd']);
    assert.match(files['polysync.cmd'], /"C:\\Code\\Code\.exe" "C:\\ext\\dist\\cli\.js" %\*/);
  });

  test('the URL always; the key only when set; the organization id only for an organization key', () => {
    assert.deepEqual(terminalVariables({ apiUrl: SANDBOX }), { POLYTOMIC_API_URL: SANDBOX, POLYTOMIC_API_KEY: undefined, POLYTOMIC_ORGANIZATION_ID: undefined });
    assert.deepEqual(terminalVariables({ apiUrl: SANDBOX, apiKey: 'k', keyKind: 'user', organizationId: 'org' }).POLYTOMIC_ORGANIZATION_ID, undefined);
    assert.equal(terminalVariables({ apiUrl: SANDBOX, apiKey: 'k', keyKind: 'organization', organizationId: 'org' }).POLYTOMIC_ORGANIZATION_ID, 'org');
  });
});
