// `polysync check --online`: the bundled CLI in a child process against the sandbox API on 127.0.0.1.
// Every run's output is scanned for the key it was given.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { IDS, SANDBOX_KEYS } from '../sandbox/fixtures';
import { type Sandbox, startSandbox } from '../sandbox/server';
import { type Run, runCli as runCliProcess } from './runCli';

const UNKNOWN_ID = '11111111-2222-4333-8444-555555555555';

/** The CLI, failing the test if the key it was given shows up in its output. */
function runCli(args: string[], env: Record<string, string | undefined>, cwd: string): Promise<Run> {
  return runCliProcess(args, env, cwd, env.POLYTOMIC_API_KEY ? [env.POLYTOMIC_API_KEY] : []);
}

function syncFile(options: { source?: string; destination?: string; mode?: string; configuration?: string; extra?: string } = {}): string {
  return `{
  "name": "Online check",
  "mode": "${options.mode ?? 'replicate'}",
  "source_connection_id": "${options.source ?? IDS.hubspot}",
  "destination_connection_id": "${options.destination ?? IDS.analyticsPostgres}",
  "destination_configuration": ${options.configuration ?? '{ "schema": "hubspot" }'},
  "default_schedule": { "frequency": "hourly", "minute": "15" }${options.extra ? `,\n  ${options.extra}` : ''}
}
`;
}

describe('polysync check --online', () => {
  let sandbox: Sandbox;
  let dir: string;
  let env: Record<string, string>;
  const file = (name: string, text: string) => {
    writeFileSync(path.join(dir, name), text);
    return name;
  };

  before(async () => {
    sandbox = await startSandbox();
    dir = mkdtempSync(path.join(tmpdir(), 'polysync-online-'));
    env = { POLYTOMIC_API_URL: sandbox.url, POLYTOMIC_API_KEY: SANDBOX_KEYS.user };
  });
  beforeEach(() => sandbox.reset());
  after(async () => {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a file that matches the account passes, and the account was asked', async () => {
    const good = file('good.polysync.json', syncFile({ extra: '"schemas": ["contacts", { "id": "deals", "fields": ["dealname", "amount"] }]' }));
    const r = await runCli(['check', '--online', good], env, dir);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(r.stdout, '1 file checked: 0 errors, 0 warnings.\n');
    assert.equal(r.stderr, '');
    const paths = sandbox.state.requests.map((q) => `${q.path}${q.query}`);
    assert.ok(paths.includes('/api/connections'));
    assert.ok(paths.includes(`/api/connections/${IDS.hubspot}/bulksync/source?include_fields=true`));
    assert.ok(paths.includes(`/api/connections/${IDS.analyticsPostgres}/bulksync/target`));
  });

  test('account problems are errors at their file:line:col; the offline run does not see them', async () => {
    const bad = file(
      'bad.polysync.json',
      syncFile({ destination: IDS.s3, configuration: '{ "subfolder": "x" }', extra: `"schemas": ["contacts", "widgets", { "id": "deals", "fields": ["dealnme"] }],\n  "policies": ["${UNKNOWN_ID}"]` }),
    );
    const r = await runCli(['check', '--online', bad], env, dir);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /^bad\.polysync\.json:3:11: error PS303 "Data Lake" \(s3\) does not support mode `replicate`; it supports `snapshot`\./m);
    assert.match(r.stdout, /^bad\.polysync\.json:6:3: error PS306 `destination_configuration` is missing `format`/m);
    assert.match(r.stdout, /^bad\.polysync\.json:8:27: error PS304 Schema `widgets` is not in source "HubSpot Marketing" \(hubspot\)\./m);
    assert.match(r.stdout, /error PS305 Field `dealnme` is not in schema `deals` of source "HubSpot Marketing" \(hubspot\)\. Did you mean `dealname`\?/);
    assert.match(r.stdout, /error PS307 No permission policy with id 11111111-2222-4333-8444-555555555555/);
    assert.match(r.stdout, /1 file checked: 5 errors, 0 warnings\./);

    const offline = await runCli(['check', bad], env, dir);
    assert.equal(offline.code, 0);
    assert.doesNotMatch(offline.stdout, /PS3/);
  });

  test('unknown connections and wrong roles; --format json carries the codes', async () => {
    const swapped = file('swapped.polysync.json', syncFile({ source: IDS.snowflake, destination: UNKNOWN_ID }));
    const r = await runCli(['check', '--online', '--format', 'json', swapped], env, dir);
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout);
    const codes = report.files[0].diagnostics.map((d: { code: string }) => d.code).sort();
    assert.deepEqual(codes, ['PS301', 'PS302']);
    // The id missing from the list was confirmed with the API before being called unknown.
    assert.ok(sandbox.state.requests.some((q) => q.path === `/api/connections/${UNKNOWN_ID}` && q.status === 404));
  });

  test('without a key: exit 2 with what to set, and nothing is asked', async () => {
    const good = file('nokey.polysync.json', syncFile());
    const r = await runCli(['check', '--online', good], { POLYTOMIC_API_URL: sandbox.url }, dir);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /--online needs POLYTOMIC_API_KEY/);
    assert.equal(sandbox.state.requests.length, 0);
  });

  test('an unreachable API: the offline results, then exit 2 saying the online checks were skipped', async () => {
    const gone = await startSandbox();
    const url = gone.url;
    await gone.close();
    const bad = file('unreachable.polysync.json', syncFile({ destination: IDS.s3 }));
    const r = await runCli(['check', '--online', bad], { ...env, POLYTOMIC_API_URL: url }, dir);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '1 file checked: 0 errors, 0 warnings.\n');
    assert.match(r.stderr, /polysync check: the online checks were skipped: Account data could not be read from 127\.0\.0\.1:\d+/);
  });

  test('a rejected key: exit 2, the key never printed', async () => {
    const good = file('rejected.polysync.json', syncFile());
    const r = await runCli(['check', '--online', good], { ...env, POLYTOMIC_API_KEY: 'wrong-key-0d9e8f' }, dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /rejected the API key/);
  });

  test('one item failing (500): the rest is checked, the run still exits 2 and names what was skipped', async () => {
    sandbox.setFault({ type: 'status', status: 500, path: `/api/connections/${IDS.hubspot}/bulksync/source` });
    const bad = file('partial.polysync.json', syncFile({ destination: IDS.s3, extra: '"schemas": ["widgets"]' }));
    const r = await runCli(['check', '--online', bad], env, dir);
    assert.equal(r.code, 2);
    assert.match(r.stdout, /error PS303/, 'the destination checks ran');
    assert.doesNotMatch(r.stdout, /PS304/, 'the schema check was skipped, not guessed');
    assert.match(r.stderr, new RegExp(`some online checks were skipped: source ${IDS.hubspot}: .*500`));
  });

  test('an organization key, and --api-url', async () => {
    const good = file('org.polysync.json', syncFile());
    const r = await runCli(
      ['check', '--online', '--api-url', sandbox.url, good],
      { POLYTOMIC_API_URL: 'http://127.0.0.1:9', POLYTOMIC_API_KEY: SANDBOX_KEYS.organization, POLYTOMIC_ORGANIZATION_ID: sandbox.organizationId },
      dir,
    );
    assert.equal(r.code, 0, r.stderr);
    assert.ok(sandbox.state.requests.length > 0 && sandbox.state.requests.every((q) => q.authScheme === 'Basic'));
  });

  test('--api-url without --online is a usage error; a plain-http remote URL is refused', async () => {
    const good = file('usage.polysync.json', syncFile());
    const usage = await runCli(['check', '--api-url', sandbox.url, good], env, dir);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--api-url only applies with --online/);
    const remote = await runCli(['check', '--online', good], { ...env, POLYTOMIC_API_URL: 'http://api.example.com' }, dir);
    assert.equal(remote.code, 2);
    assert.match(remote.stderr, /must use https/);
  });
});
