// The account cache and fetcher against the sandbox API on 127.0.0.1 (real HTTP, no mocks): what is
// cached, per which account, for how long, and that failures are never kept as data.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { AccountManager, accountIdentity } from '../../server/src/account';
import { accountStatus, watchAccountStatus } from '../../server/src/lsp/accountBridge';
import { IDS, SANDBOX_KEYS } from '../sandbox/fixtures';
import { type Sandbox, startSandbox } from '../sandbox/server';

describe('account identity', () => {
  test('a hash of URL, version, organization and key; never the key itself', () => {
    const base = { apiUrl: 'https://app.polytomic.com', apiKey: 'secret-key-123' };
    const id = accountIdentity(base);
    assert.match(id, /^[0-9a-f]{32}$/);
    assert.ok(!id.includes('secret'));
    assert.equal(accountIdentity({ ...base, apiUrl: 'https://app.polytomic.com/' }), id, 'trailing slash does not matter');
    assert.notEqual(accountIdentity({ ...base, apiKey: 'other' }), id);
    assert.notEqual(accountIdentity({ ...base, organizationId: 'org' }), id);
    assert.notEqual(accountIdentity({ ...base, keyKind: 'organization', organizationId: 'org' }), accountIdentity({ ...base, keyKind: 'user', organizationId: 'org' }));
    assert.notEqual(accountIdentity({ ...base, apiUrl: 'https://eu.example.com' }), id);
  });
});

describe('AccountManager against the sandbox', () => {
  let sandbox: Sandbox;
  let clock = 0;
  const managers: AccountManager[] = [];
  const make = (options: ConstructorParameters<typeof AccountManager>[0] = {}) => {
    const manager = new AccountManager({ probeRoles: false, now: () => Date.now() + clock, ...options });
    managers.push(manager);
    return manager;
  };
  const user = () => ({ apiUrl: sandbox.url, apiKey: SANDBOX_KEYS.user });
  const count = (path: string) => sandbox.state.requests.filter((r) => r.path === path).length;

  before(async () => {
    sandbox = await startSandbox();
  });
  beforeEach(() => {
    sandbox.reset();
    clock = 0;
  });
  after(async () => {
    for (const m of managers) m.dispose();
    await sandbox.close();
  });

  test('signed out without a key: nothing is asked', async () => {
    const manager = make();
    manager.setCredentials({ apiUrl: sandbox.url });
    await manager.load({ sources: [IDS.hubspot] });
    assert.equal(manager.snapshot().state, 'signed-out');
    assert.equal(sandbox.state.requests.length, 0);
  });

  test('answers are cached per account; switching back uses the cache', async () => {
    const manager = make();
    manager.setCredentials(user());
    await manager.load({ sources: [IDS.hubspot], targets: [IDS.s3] });
    assert.equal(manager.snapshot().state, 'online');
    await manager.load({ sources: [IDS.hubspot], targets: [IDS.s3] });
    assert.equal(count('/api/connections'), 1, 'the second load is served from the cache');

    manager.setCredentials({ apiUrl: sandbox.url, apiKey: SANDBOX_KEYS.organization, organizationId: sandbox.organizationId });
    await manager.load({});
    assert.equal(count('/api/connections'), 2, 'another key is another account');

    manager.setCredentials(user());
    await manager.load({ sources: [IDS.hubspot] });
    assert.equal(count('/api/connections'), 2);
    assert.equal(manager.snapshot().sources.get(IDS.hubspot)?.status, 'ready');
  });

  test('after the cache life an answer is served stale while it is fetched again', async () => {
    const manager = make({ ttlMs: 60_000 });
    manager.setCredentials(user());
    await manager.load({});
    clock = 61_000;
    const stale = manager.snapshot().connections;
    assert.equal(stale.status, 'ready');
    assert.equal((stale as { stale?: boolean }).stale, true);
    await manager.load({});
    assert.equal(count('/api/connections'), 2);
    assert.equal((manager.snapshot().connections as { stale?: boolean }).stale, undefined);
  });

  test('a 500 is not cached and not retried; the next use after the pause asks again', async () => {
    sandbox.setFault({ type: 'status', status: 500, path: '/api/connections' });
    const manager = make({ failurePauseMs: 5_000 });
    manager.setCredentials(user());
    await manager.load({});
    const snapshot = manager.snapshot();
    assert.equal(snapshot.state, 'offline');
    assert.equal(snapshot.connections.status, 'failed');
    assert.equal(count('/api/connections'), 1, 'no retry');

    sandbox.setFault(null);
    await manager.load({});
    assert.equal(count('/api/connections'), 1, 'within the pause nothing is asked');
    clock = 6_000;
    await manager.load({});
    assert.equal(count('/api/connections'), 2);
    assert.equal(manager.snapshot().state, 'online');
  });

  test('a stale answer is dropped when its refresh fails, so nothing out of date is checked against', async () => {
    const manager = make({ ttlMs: 1_000 });
    manager.setCredentials(user());
    await manager.load({});
    sandbox.setFault({ type: 'status', status: 503, path: '/api/connections' });
    clock = 2_000;
    await manager.load({});
    assert.equal(manager.snapshot().connections.status, 'failed');
    assert.equal(manager.snapshot().state, 'offline');
  });

  test('refresh forgets everything and asks again at once, even within the failure pause', async () => {
    sandbox.setFault({ type: 'status', status: 500, path: `/api/connections/${IDS.hubspot}` });
    const manager = make();
    manager.setCredentials(user());
    await manager.load({ sources: [IDS.hubspot] });
    assert.equal(manager.snapshot().sources.get(IDS.hubspot)?.status, 'failed');
    sandbox.setFault(null);
    await manager.refresh();
    assert.equal(accountStatus(manager).state, 'online');
    assert.equal(manager.snapshot().sources.get(IDS.hubspot)?.status, 'ready');
    assert.equal(count('/api/connections'), 2);
  });

  test('an unexpected error inside a read reaches the log with its stack; an API failure is one line', async () => {
    sandbox.setFault({ type: 'status', status: 500, path: '/api/me' });
    const lines: string[] = [];
    const manager = make({
      log: (line) => lines.push(line),
      // The real request to the sandbox, then a normalizer with a bug in it.
      resources: {
        policies: {
          fetch: (client, _id, options) => client.listPolicies(options),
          normalize: () => {
            throw new TypeError('policies normalizer broke');
          },
        },
      },
    });
    manager.setCredentials(user());
    await manager.load({});
    const policies = lines.find((l) => l.startsWith('Account data: policies could not be read'));
    assert.ok(policies, JSON.stringify(lines));
    assert.match(policies, /TypeError: policies normalizer broke\n\s+at /, 'the stack follows the message');
    assert.match(policies, /account-manager\.test\.ts/, 'the stack names where it was thrown');
    assert.equal(manager.snapshot().policies.status, 'failed', 'the failure is not kept as data');
    assert.equal(count('/api/permissions/policies'), 1, 'the request itself was made');
    const me = lines.find((l) => l.startsWith('Account data: me could not be read'));
    assert.ok(me, JSON.stringify(lines));
    assert.ok(!me.includes('\n'), `an API failure is one line: ${me}`);
    assert.doesNotMatch(lines.join('\n'), new RegExp(SANDBOX_KEYS.user), 'no key in the log');
  });

  test('a connection that cannot take a role is an answer (kept), not a failure', async () => {
    const manager = make();
    manager.setCredentials(user());
    await manager.load({ sources: [IDS.s3], targets: [IDS.salesforce] });
    const source = manager.snapshot().sources.get(IDS.s3);
    assert.equal(source?.status, 'refused');
    assert.match((source as { message: string }).message, /cannot be used as a bulk sync source/);
    await manager.load({ sources: [IDS.s3] });
    assert.equal(count(`/api/connections/${IDS.s3}/bulksync/source`), 1);
  });

  test('an id missing from the list is looked up; 404 means it does not exist', async () => {
    const missing = '11111111-2222-4333-8444-555555555555';
    const manager = make();
    manager.setCredentials(user());
    await manager.load({ connections: [missing, IDS.hubspot] });
    assert.deepEqual(manager.snapshot().connectionLookups.get(missing), { status: 'ready', value: null });
    assert.equal(count(`/api/connections/${IDS.hubspot}`), 0, 'listed ids are not looked up');
  });

  test('a request slower than the time limit fails quickly with a timeout', async () => {
    sandbox.setFault({ type: 'latency', phase: 'before-headers', ms: 2_000 });
    const manager = make({ timeoutMs: 200 });
    manager.setCredentials(user());
    const started = Date.now();
    await manager.load({});
    assert.ok(Date.now() - started < 2_000, 'did not wait for the slow answer');
    assert.equal(manager.snapshot().state, 'offline');
    assert.doesNotMatch(manager.snapshot().message, new RegExp(SANDBOX_KEYS.user));
  });

  test('a settings problem is reported and nothing is sent', async () => {
    const manager = make();
    manager.setCredentials({ apiUrl: 'http://api.example.com', apiKey: SANDBOX_KEYS.user });
    await manager.load({});
    assert.equal(manager.snapshot().state, 'misconfigured');
    assert.match(manager.snapshot().message, /must use https/);
  });

  test('an organization key without its organization id is refused, never sent as a Bearer key', async () => {
    const manager = make();
    const before = sandbox.state.requests.length;
    manager.setCredentials({ apiUrl: sandbox.url, apiKey: SANDBOX_KEYS.organization, keyKind: 'organization' });
    await manager.load({});
    assert.equal(accountStatus(manager).state, 'misconfigured');
    assert.match(accountStatus(manager).message, /polysync\.organizationId must be set/);
    assert.equal(sandbox.state.requests.length, before, 'nothing was sent');
  });

  test('the status waits for the organization\'s name instead of showing the host first', async () => {
    sandbox.setFault({ type: 'latency', phase: 'before-headers', ms: 400, path: '/api/me' });
    const manager = make({ changeDelayMs: 0 });
    const seen: string[] = [];
    watchAccountStatus(manager, (s) => seen.push(`${s.state}:${s.organizationName ?? ''}`));
    manager.setCredentials(user());
    await manager.load({});
    await new Promise((resolve) => setTimeout(resolve, 50));
    const online = seen.filter((s) => s.startsWith('online:'));
    assert.ok(online.length > 0, JSON.stringify(seen));
    assert.ok(online.every((s) => s !== 'online:'), `online was shown without the organization's name: ${JSON.stringify(seen)}`);
    assert.equal(manager.snapshot().state, 'online', 'the data itself was usable all along');
  });

  test('when /api/me fails, the status shows the host', async () => {
    sandbox.setFault({ type: 'status', status: 500, path: '/api/me' });
    const manager = make({ changeDelayMs: 0 });
    manager.setCredentials(user());
    await manager.load({});
    const status = accountStatus(manager);
    assert.equal(status.state, 'online');
    assert.equal(status.organizationName, undefined);
    assert.equal(status.apiUrl, sandbox.url);
  });

  test('listeners hear the status when it changes; a load served from the cache changes nothing', async () => {
    const manager = make({ changeDelayMs: 0 });
    let changes = 0;
    manager.onDidChange(() => changes++);
    const online = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no online status within 5 s')), 5_000);
      watchAccountStatus(manager, (s) => {
        if (s.state !== 'online') return;
        clearTimeout(timer);
        resolve();
      });
    });
    manager.setCredentials(user());
    await manager.load({});
    await online;
    assert.ok(changes >= 1, 'change listeners were told');
    const revision = manager.snapshot().revision;
    await manager.load({});
    assert.equal(manager.snapshot().revision, revision);
  });
});
