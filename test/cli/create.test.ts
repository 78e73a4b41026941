// `polysync create` end to end: the bundled CLI in a child process against the sandbox API on
// 127.0.0.1. Every run's stdout and stderr is scanned for every form of the key it was given.

import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { IDS } from '../sandbox/fixtures';
import { type Sandbox, startSandbox } from '../sandbox/server';
import { type Run, runCli as runCliProcess } from './runCli';

const PLANTED = 'PLANTED-cli-key-5e1d7a93c0b24f68';
const ORG = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b01';

const GOOD = `{
  "$schema": "../schemas/bulk-sync.schema.json",
  // HubSpot contacts and companies into the analytics database
  "name": "HubSpot to Postgres",
  "mode": "replicate",
  "source_connection_id": "${IDS.hubspot}", // HubSpot Marketing
  "destination_connection_id": "${IDS.analyticsPostgres}",
  /* the schema is created if missing */
  "destination_configuration": { "schema": "hubspot" },
  "default_schedule": { "frequency": "hourly", "minute": "15" },
  "schemas": ["contacts", "companies"]
}
`;
/** GOOD as the API must receive it: no comments, no $schema, same keys in the same order. */
const EXPECTED_BODY = {
  name: 'HubSpot to Postgres',
  mode: 'replicate',
  source_connection_id: IDS.hubspot,
  destination_connection_id: IDS.analyticsPostgres,
  destination_configuration: { schema: 'hubspot' },
  default_schedule: { frequency: 'hourly', minute: '15' },
  schemas: ['contacts', 'companies'],
};
const WITH_ERRORS = GOOD.replace('"replicate"', '"replciate"');
const WITH_WARNING = GOOD.replace('"minute": "15"', '"minute": "15", "day_of_week": "3"');
/** Passes the offline checks; only the API knows HubSpot has no "widgets" object. */
const UNKNOWN_SCHEMA = GOOD.replace('"companies"', '"widgets"');

/** Every form in which a key could leak: as given, and inside a Basic credential. */
function keyForms(key: string | undefined, organizationId: string | undefined): string[] {
  if (!key) return [];
  const forms = [key, Buffer.from(`${ORG}:${key}`).toString('base64')];
  if (organizationId) forms.push(Buffer.from(`${organizationId}:${key}`).toString('base64'));
  return forms;
}

/** The CLI, failing the test if any form of the key it was given shows up in its output. */
function runCli(args: string[], env: Record<string, string | undefined>, cwd: string): Promise<Run> {
  return runCliProcess(args, env, cwd, keyForms(env.POLYTOMIC_API_KEY, env.POLYTOMIC_ORGANIZATION_ID));
}

/** Line and column (1-based) of the first occurrence of `needle` in `text`. */
function positionOf(text: string, needle: string): string {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, `${needle} is in the fixture`);
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${before[before.length - 1].length + 1}`;
}

describe('polysync create', () => {
  let sandbox: Sandbox;
  let dir: string;
  let env: Record<string, string>;
  const file = (name: string, text: string) => {
    writeFileSync(path.join(dir, name), text);
    return name;
  };
  const fixtures = () => {
    file('good.polysync.json', GOOD);
    file('errors.polysync.json', WITH_ERRORS);
    file('warning.polysync.json', WITH_WARNING);
    file('unknown-schema.polysync.json', UNKNOWN_SCHEMA);
  };
  // A successful create links the file, so each run starts from the unlinked fixtures.
  const run = (args: string[], extra: Record<string, string | undefined> = {}) => {
    fixtures();
    return runCli(['create', ...args], { ...env, ...extra }, dir);
  };
  const posts = () => sandbox.state.requests.filter((r) => r.method === 'POST');

  before(async () => {
    sandbox = await startSandbox();
    dir = mkdtempSync(path.join(tmpdir(), 'polysync-create-'));
    env = { POLYTOMIC_API_KEY: sandbox.keys.user, POLYTOMIC_API_URL: sandbox.url };
    fixtures();
  });
  after(async () => {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('creates the sync: its id alone on stdout, the body is the document without comments and $schema', async () => {
    sandbox.reset();
    const r = await run(['good.polysync.json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(sandbox.state.syncs.length, 1);
    const sync = sandbox.state.syncs[0];
    assert.equal(r.stdout, `${sync.id}\n`);
    assert.match(r.stderr, /created bulk sync "HubSpot to Postgres"/);
    assert.equal(posts().length, 1);
    assert.equal(posts()[0].body, JSON.stringify(EXPECTED_BODY));
    assert.equal(posts()[0].headers.authorization, `Bearer ${sandbox.keys.user}`);
    assert.equal(posts()[0].headers['x-polytomic-version'], '2025-09-18');
  });

  test('links the file to the new sync, keeping its comments, layout and CRLF line ends; a linked file is refused', async () => {
    sandbox.reset();
    const crlf = GOOD.replace(/\n/g, '\r\n');
    fixtures();
    file('crlf.polysync.json', crlf);
    const r = await runCli(['create', 'crlf.polysync.json'], env, dir);
    assert.equal(r.code, 0, r.stderr);
    const sync = sandbox.state.syncs[0];
    const text = readFileSync(path.join(dir, 'crlf.polysync.json'), 'utf8');
    const [before, linkText] = [text.slice(0, text.indexOf('  "polysync"')), text.slice(text.indexOf('  "polysync"'))];
    assert.equal(before, crlf.slice(0, crlf.lastIndexOf('\r\n}')) + ',\r\n', 'everything before the link is as it was, plus a comma');
    assert.ok(!/[^\r]\n/.test(text), 'every line ends in CRLF');
    assert.match(linkText, new RegExp(`"sync_id": "${sync.id}"`));
    assert.match(r.stderr, new RegExp(`linked crlf\\.polysync\\.json to bulk sync ${sync.id}`));

    const again = await runCli(['create', 'crlf.polysync.json'], env, dir);
    assert.equal(again.code, 1);
    assert.match(again.stderr, new RegExp(`already linked to bulk sync ${sync.id}; nothing was created`));
    assert.equal(sandbox.state.syncs.length, 1);
    assert.equal(posts().length, 1);
  });

  test('--json prints the created sync (the response data)', async () => {
    sandbox.reset();
    const r = await run(['--json', 'good.polysync.json']);
    assert.equal(r.code, 0, r.stderr);
    const data = JSON.parse(r.stdout);
    assert.equal(data.id, sandbox.state.syncs[0].id);
    assert.equal(data.name, 'HubSpot to Postgres');
    assert.equal(data.destination_connection_id, IDS.analyticsPostgres);
  });

  test('errors in the document: printed like check, exit 1, nothing sent', async () => {
    sandbox.reset();
    const r = await run(['errors.polysync.json']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^errors\.polysync\.json:5:11: error PS104 `replciate` is not a valid value for `mode`/m);
    assert.match(r.stderr, /has 1 error; nothing was sent/);
    assert.equal(r.stdout, '');
    assert.equal(sandbox.state.requests.length, 0);
  });

  test('warnings are printed on stderr and the sync is still created', async () => {
    sandbox.reset();
    const r = await run(['warning.polysync.json']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^warning\.polysync\.json:\d+:\d+: warning PS204 `day_of_week` is not used/m);
    assert.equal(r.stdout, `${sandbox.state.syncs[0].id}\n`);
  });

  test('a 422 naming fields: the API message, and each field as file:line:col', async () => {
    sandbox.reset();
    const r = await run(['unknown-schema.polysync.json']);
    assert.equal(r.code, 1);
    const at = positionOf(UNKNOWN_SCHEMA, '"widgets"');
    assert.match(r.stderr, new RegExp(`^unknown-schema\\.polysync\\.json:${at}: error schemas\\[1\\]: unknown schema "widgets"`, 'm'));
    assert.match(r.stderr, /HTTP 422 Unprocessable Entity from POST \/api\/bulk\/syncs: .*No bulk sync was created\./);
    assert.equal(r.stdout, '');
    assert.equal(sandbox.state.syncs.length, 0);
    assert.equal(posts().length, 1, 'a refusal is not retried');
  });

  test('a 422 with --json also prints the error and the located fields on stdout', async () => {
    sandbox.reset();
    const r = await run(['--json', 'unknown-schema.polysync.json']);
    assert.equal(r.code, 1);
    const { error } = JSON.parse(r.stdout);
    assert.equal(error.status, 422);
    assert.equal(error.sent, 'no');
    assert.deepEqual(error.fields.map((f: { path: string; line: number; column: number }) => `${f.path}@${f.line}:${f.column}`), [
      `schemas[1]@${positionOf(UNKNOWN_SCHEMA, '"widgets"')}`,
    ]);
  });

  test('401 for a bad key: says to check the key, nothing created', async () => {
    sandbox.reset();
    const r = await run(['good.polysync.json'], { POLYTOMIC_API_KEY: PLANTED });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /HTTP 401 Unauthorized .*Check the API key.*No bulk sync was created\./);
    assert.equal(r.stdout, '');
    assert.equal(sandbox.state.syncs.length, 0);
  });

  test('403 for a read-only key: says the key may not do this', async () => {
    sandbox.reset();
    const r = await run(['good.polysync.json'], { POLYTOMIC_API_KEY: sandbox.keys.readonly });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /HTTP 403 Forbidden .*may not create bulk syncs.*not allowed to do this\. No bulk sync was created\./);
    assert.equal(sandbox.state.syncs.length, 0);
  });

  test('500 with an HTML body: explained, and the outcome (nothing created) is stated', async () => {
    sandbox.reset();
    sandbox.setFault({ type: 'status', status: 500, body: 'html' });
    const r = await run(['good.polysync.json']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /HTTP 500 .*an HTML page, not JSON/);
    assert.match(r.stderr, /No bulk sync was created\./);
    assert.doesNotMatch(r.stderr, /--idempotency-key/, 'nothing to retry safely when nothing was created');
    assert.equal(sandbox.state.syncs.length, 0);
  });

  test('a gateway 502 page: the outcome is unknown, and a safe retry with the same key is offered', async () => {
    sandbox.reset();
    // On the create only: the list of syncs read before it (the twin check) answers.
    sandbox.setFault({ type: 'status', status: 502, body: 'html', method: 'POST' });
    const r = await run(['good.polysync.json']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /HTTP 502 .*an HTML page, not JSON/);
    assert.match(r.stderr, /may or may not have been created/);
    const retry = /--idempotency-key (\S+)/.exec(r.stderr);
    assert.ok(retry, r.stderr);
    assert.equal(sandbox.state.syncs.length, 0);
    assert.ok(posts().every((p) => p.idempotencyKey === retry[1]), 'the key printed is the one that was sent');

    // Retrying with that key once the API has recovered creates the sync.
    sandbox.setFault(null);
    const again = await run(['good.polysync.json', '--idempotency-key', retry[1]]);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(posts().at(-1)?.idempotencyKey, retry[1]);
    assert.equal(sandbox.state.syncs.length, 1);
  });

  test('--dry-run prints the request with the key masked and sends nothing', async () => {
    sandbox.reset();
    const r = await run(['--dry-run', 'good.polysync.json']);
    assert.equal(r.code, 0, r.stderr);
    const [head, body] = r.stdout.split('\n\n');
    const lines = head.split('\n');
    assert.equal(lines[0], `POST ${sandbox.url}/api/bulk/syncs`);
    assert.ok(lines.includes('Authorization: Bearer ****'), head);
    assert.ok(lines.includes('X-Polytomic-Version: 2025-09-18'), head);
    assert.ok(lines.includes('Content-Type: application/json'), head);
    const { version } = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
    assert.ok(lines.includes(`User-Agent: polysync/${version}`), `the User-Agent names this build's version (package.json): ${head}`);
    assert.deepEqual(JSON.parse(body), EXPECTED_BODY);
    assert.match(r.stderr, /dry run; nothing was sent/);
    assert.equal(sandbox.state.requests.length, 0);
  });

  test('--dry-run needs no key; with an organization id it shows Basic; --json gives the request as JSON', async () => {
    sandbox.reset();
    const noKey = await run(['--dry-run', 'good.polysync.json'], { POLYTOMIC_API_KEY: undefined });
    assert.equal(noKey.code, 0, noKey.stderr);
    assert.match(noKey.stderr, /POLYTOMIC_API_KEY is not set/);
    const org = await run(['--dry-run', '--json', '--api-version', '2024-02-08', 'good.polysync.json'], {
      POLYTOMIC_API_KEY: sandbox.keys.organization,
      POLYTOMIC_ORGANIZATION_ID: ORG,
    });
    assert.equal(org.code, 0, org.stderr);
    const request = JSON.parse(org.stdout);
    assert.equal(request.method, 'POST');
    assert.equal(request.headers.Authorization, 'Basic ****');
    assert.equal(request.headers['X-Polytomic-Version'], '2024-02-08');
    assert.deepEqual(request.body, EXPECTED_BODY);
    assert.equal(sandbox.state.requests.length, 0);
  });

  test('an organization key is sent as Basic with POLYTOMIC_ORGANIZATION_ID', async () => {
    sandbox.reset();
    const r = await run(['good.polysync.json'], { POLYTOMIC_API_KEY: sandbox.keys.organization, POLYTOMIC_ORGANIZATION_ID: ORG });
    assert.equal(r.code, 0, r.stderr);
    const [request] = posts();
    assert.equal(request.authScheme, 'Basic');
    assert.equal(request.principal, 'organization');
    assert.equal(r.stdout, `${sandbox.state.syncs[0].id}\n`);
  });

  test('--api-url and --api-version override the environment', async () => {
    sandbox.reset();
    const r = await run(['good.polysync.json', '--api-url', sandbox.url, '--api-version', '2025-09-18'], {
      POLYTOMIC_API_URL: 'https://polytomic.invalid',
      POLYTOMIC_API_VERSION: '2021-05-23',
    });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(posts()[0].headers['x-polytomic-version'], '2025-09-18');
  });

  test('a missing key exits 2 before sending anything', async () => {
    sandbox.reset();
    const r = await run(['good.polysync.json'], { POLYTOMIC_API_KEY: undefined });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /POLYTOMIC_API_KEY is not set/);
    assert.equal(sandbox.state.requests.length, 0);
  });

  test('settings that would put the key at risk, or that the API cannot take, exit 2', async () => {
    const plainHttp = await run(['good.polysync.json', '--api-url', 'http://api.example.com']);
    assert.equal(plainHttp.code, 2);
    assert.match(plainHttp.stderr, /must use https/);
    const version = await run(['good.polysync.json', '--api-version', '2020-01-01']);
    assert.equal(version.code, 2);
    assert.match(version.stderr, /Unsupported Polytomic API version "2020-01-01"/);
    const idempotency = await run(['good.polysync.json', '--idempotency-key', 'short']);
    assert.equal(idempotency.code, 2);
    assert.match(idempotency.stderr, /--idempotency-key must be 8 to 255/);
  });

  test('bad usage and unreadable files exit 2', async () => {
    sandbox.reset();
    const none = await run([]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /name the file to create/);
    const two = await run(['a.polysync.json', 'b.polysync.json']);
    assert.equal(two.code, 2);
    const missing = await run(['missing.polysync.json']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read missing\.polysync\.json \(ENOENT\)/);
    if (process.getuid?.() !== 0) {
      chmodSync(path.join(dir, file('locked.polysync.json', GOOD)), 0o000);
      assert.equal((await run(['locked.polysync.json'])).code, 2);
    }
    const help = await run(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--dry-run/);
    assert.equal(sandbox.state.requests.length, 0);
  });

  test('a planted key echoed back by the API is not printed, in text or JSON', async () => {
    for (const [organizationId, body] of [[undefined, 'echo'], [ORG, 'echo'], [undefined, 'echo-text']] as const) {
      sandbox.reset();
      sandbox.setFault({ type: 'status', status: body === 'echo' ? 422 : 400, body });
      // runCli rejects when any form of the key appears in the output.
      const r = await run(['--json', 'good.polysync.json'], { POLYTOMIC_API_KEY: PLANTED, POLYTOMIC_ORGANIZATION_ID: organizationId });
      assert.equal(r.code, 1);
      assert.ok(sandbox.state.requests.some((req) => (req.headers.authorization ?? '').length > 0), 'the key reached the API');
      assert.match(r.stderr + r.stdout, /\[redacted\]/, 'the echo was there, and was scrubbed');
    }
  });
});
