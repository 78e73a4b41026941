// The one decision of which account a workspace's requests go with (client/src/create/workspaceAccount.ts):
// Create may ask; every request on the workspace's syncs afterwards only follows a recorded "workspace"
// answer for that exact URL, with the key stored for THAT URL, and stops (Set API Key for it) without one.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ApiSettings } from '../../client/src/create/apiTarget';
import { MemoryStore, UrlDecisions } from '../../client/src/create/state';
import { accountForWorkspace, notSentMessage } from '../../client/src/create/workspaceAccount';
import { accountParam, syncAccount } from '../../client/src/keepSync/account';
import { AccountWatch, dataAccount } from '../../client/src/keepSync/accountWatch';
import { terminalCredentials, terminalVariables } from '../../client/src/terminalLauncher';
import { FakeUi, OpenDocuments } from './client-flow-harness';

const USER_URL = 'https://app.polytomic.com';
const WORKSPACE_URL = 'https://eu.polytomic.example';
const USER_KEY = 'user-url-key-3f9a1c';
const WORKSPACE_KEY = 'workspace-url-key-8b2d7e';

function sources(stored: Record<string, string> = { [USER_URL]: USER_KEY, [WORKSPACE_URL]: WORKSPACE_KEY }) {
  const urlDecisions = new UrlDecisions(new MemoryStore());
  const asked: string[] = [];
  const settings: ApiSettings = { apiUrl: USER_URL, workspaceApiUrl: WORKSPACE_URL, apiVersion: '2025-09-18', keyKind: 'user' };
  return {
    settings,
    urlDecisions,
    /** The URLs whose key was looked up. */
    asked,
    keyFor: async (url: string) => (asked.push(url), stored[url]),
  };
}

describe('the account for a workspace\'s requests', () => {
  test('never answered, answered "user", or no other URL named: the server\'s account, and no key is even looked up', async () => {
    const s = sources();
    assert.deepEqual(await accountForWorkspace(s.settings, s), { ok: true }, 'never answered: not asked either');
    await s.urlDecisions.set(WORKSPACE_URL, 'user');
    assert.deepEqual(await accountForWorkspace(s.settings, s), { ok: true });
    assert.deepEqual(await accountForWorkspace({ ...s.settings, workspaceApiUrl: undefined }, s), { ok: true });
    assert.deepEqual(await accountForWorkspace({ ...s.settings, workspaceApiUrl: `${USER_URL}/` }, s), { ok: true });
    assert.deepEqual(s.asked, []);
  });

  test('answered "workspace" for this URL: that URL with the key stored for it, never the user URL\'s key', async () => {
    const s = sources();
    await s.urlDecisions.set(WORKSPACE_URL, 'workspace');
    const decision = await accountForWorkspace(s.settings, s);
    assert.deepEqual(decision, { ok: true, account: { apiUrl: WORKSPACE_URL, apiKey: WORKSPACE_KEY, keyKind: 'user', organizationId: undefined, apiVersion: '2025-09-18' } });
    assert.deepEqual(s.asked, [WORKSPACE_URL]);
  });

  test('an answer for another URL does not carry over: the workspace now names a different one', async () => {
    const s = sources();
    await s.urlDecisions.set(WORKSPACE_URL, 'workspace');
    assert.deepEqual(await accountForWorkspace({ ...s.settings, workspaceApiUrl: 'https://elsewhere.example' }, s), { ok: true });
    assert.deepEqual(s.asked, []);
  });

  test('answered "workspace" with no key stored for that URL: nothing may be sent; the URL goes alone, keyless', async () => {
    const s = sources({ [USER_URL]: USER_KEY });
    await s.urlDecisions.set(WORKSPACE_URL, 'workspace');
    const decision = await accountForWorkspace(s.settings, s);
    assert.equal(decision.ok, false);
    assert.ok(!decision.ok && decision.reason === 'no-key');
    assert.equal(decision.url, WORKSPACE_URL);
    assert.equal(decision.keyless.apiUrl, WORKSPACE_URL);
    assert.equal(decision.keyless.apiKey, undefined, 'the user URL\'s key is never put in its place');
    assert.match(notSentMessage(decision), /^No API key is stored for https:\/\/eu\.polytomic\.example, so nothing was sent there\./);
  });

  test('an untrusted workspace never sends to its URL: no key is looked up; the user URL stays as it was', async () => {
    const s = sources();
    await s.urlDecisions.set(WORKSPACE_URL, 'workspace');
    const decision = await accountForWorkspace(s.settings, s, undefined, false);
    assert.ok(!decision.ok && decision.reason === 'untrusted' && decision.keyless.apiKey === undefined);
    assert.deepEqual(s.asked, []);
    await s.urlDecisions.set(WORKSPACE_URL, 'user');
    assert.deepEqual(await accountForWorkspace(s.settings, s, undefined, false), { ok: true });
  });

  test('a recorded answer for a URL the rules refuse (plain http to a remote host) is never followed', async () => {
    const s = sources();
    const refused = 'http://collector.example.net';
    await s.urlDecisions.set(refused, 'workspace');
    assert.deepEqual(await accountForWorkspace({ ...s.settings, workspaceApiUrl: refused }, s), { ok: true });
    assert.deepEqual(s.asked, []);
  });

  test('Create asks once; its answer is what the later requests follow, both ways', async () => {
    for (const [answer, expected] of [[0, WORKSPACE_URL], [1, undefined]] as const) {
      const s = sources();
      const ui = new FakeUi(new OpenDocuments());
      ui.answer = (_m, choices) => choices[answer];
      const created = await accountForWorkspace(s.settings, s, ui);
      assert.equal(created.ok && created.account?.apiUrl, expected ?? undefined);
      assert.equal(ui.questions.length, 1);
      const later = await syncAccount({ ...s, settings: () => s.settings, isTrusted: () => true })();
      assert.deepEqual(later, created, 'the requests on the workspace\'s syncs go where Create went');
      assert.equal(ui.questions.length, 1, 'and never ask');
    }
  });

  test('dismissing Create\'s question records nothing: the later requests stay on the user URL', async () => {
    const s = sources();
    const ui = new FakeUi(new OpenDocuments());
    assert.deepEqual(await accountForWorkspace(s.settings, s, ui), { ok: false, reason: 'declined' });
    assert.deepEqual(await syncAccount({ ...s, settings: () => s.settings, isTrusted: () => true })(), { ok: true });
  });

  test('a command stops before sending without the key, offering Set API Key for THAT URL; the server\'s account adds nothing', async () => {
    const s = sources({ [USER_URL]: USER_KEY });
    await s.urlDecisions.set(WORKSPACE_URL, 'workspace');
    const ui = new FakeUi(new OpenDocuments());
    const account = syncAccount({ ...s, settings: () => s.settings, isTrusted: () => true });
    assert.equal(await accountParam({ ui, account }), undefined);
    const error = ui.only('error');
    assert.match(error.message, /^No API key is stored for https:\/\/eu\.polytomic\.example, so nothing was sent there\./);
    await ui.pickAction(error, 'Set API Key');
    assert.deepEqual(ui.commands, [`polysync.setApiKey ${WORKSPACE_URL}`]);

    const never = sources();
    const plain = new FakeUi(new OpenDocuments());
    assert.deepEqual(await accountParam({ ui: plain, account: syncAccount({ ...never, settings: () => never.settings, isTrusted: () => true }) }), {});
    assert.deepEqual(plain.shown, []);
  });
});

describe('what follows the decision: the server\'s account data, the terminals, and when it is decided again', () => {
  /** A watch over sources whose keys and trust the test changes. */
  function watched(stored: Record<string, string> = { [USER_URL]: USER_KEY }) {
    const s = sources(stored);
    const trust = { value: true };
    const watch = new AccountWatch({ ...s, settings: () => s.settings, isTrusted: () => trust.value });
    const changes: { account: unknown; first: boolean }[] = [];
    watch.onDidChange(({ decision, first }) => changes.push({ account: dataAccount(decision).account, first }));
    return { ...s, stored, trust, watch, changes };
  }
  const WORKSPACE_ACCOUNT = { apiUrl: WORKSPACE_URL, apiKey: WORKSPACE_KEY, keyKind: 'user' as const, organizationId: undefined, apiVersion: '2025-09-18' };
  const KEYLESS = { apiUrl: WORKSPACE_URL, apiKey: undefined, keyKind: 'user' as const, organizationId: undefined, apiVersion: '2025-09-18' };

  test('the server reads its own account data until the answer is "workspace"; then that URL with its key, or that URL alone without one', () => {
    assert.deepEqual(dataAccount({ ok: true }), { account: null });
    assert.deepEqual(dataAccount({ ok: true, account: WORKSPACE_ACCOUNT }), { account: WORKSPACE_ACCOUNT });
    for (const reason of ['no-key', 'untrusted'] as const) {
      assert.deepEqual(dataAccount({ ok: false, reason, url: WORKSPACE_URL, keyless: KEYLESS }), { account: KEYLESS }, reason);
    }
    assert.deepEqual(dataAccount({ ok: false, reason: 'declined' }), { account: null });
  });

  test('recording the answer decides again at once; so does a key stored for the workspace URL, and nothing else that leaves the decision as it was', async () => {
    const w = watched();
    await w.watch.check();
    assert.deepEqual(w.changes, [{ account: null, first: true }]);
    await w.watch.check();
    assert.equal(w.changes.length, 1, 'the same decision is not told twice');

    // The answer, recorded by Create: the watch hears of it without being asked to check.
    await w.urlDecisions.set(WORKSPACE_URL, 'workspace');
    await w.watch.check();
    assert.deepEqual(w.changes.slice(1), [{ account: KEYLESS, first: false }]);

    // Set API Key for another URL changes nothing; for the workspace URL, the account is complete.
    w.stored['https://other.example'] = 'other-key';
    await w.watch.check();
    assert.equal(w.changes.length, 2);
    w.stored[WORKSPACE_URL] = WORKSPACE_KEY;
    await w.watch.check();
    assert.deepEqual(w.changes.slice(2), [{ account: WORKSPACE_ACCOUNT, first: false }]);
    // Another key for it is another account.
    w.stored[WORKSPACE_URL] = 'replaced-workspace-key';
    await w.watch.check();
    assert.deepEqual(w.changes.slice(3), [{ account: { ...WORKSPACE_ACCOUNT, apiKey: 'replaced-workspace-key' }, first: false }]);
  });

  test('a decision that cannot be made is reported, and the last one stands', async () => {
    const s = sources();
    await s.urlDecisions.set(WORKSPACE_URL, 'workspace');
    let failing = false;
    const errors: string[] = [];
    const watch = new AccountWatch(
      {
        ...s,
        settings: () => s.settings,
        keyFor: async (url) => {
          if (failing) throw new Error('secret storage is locked');
          return s.keyFor(url);
        },
        isTrusted: () => true,
      },
      (error) => errors.push(error instanceof Error ? error.message : String(error)),
    );
    const heard: unknown[] = [];
    watch.onDidChange(({ decision }) => heard.push(dataAccount(decision).account));
    await watch.check();
    failing = true;
    await watch.check();
    assert.deepEqual([heard, errors], [[WORKSPACE_ACCOUNT], ['secret storage is locked']]);
    failing = false;
    await watch.check();
    assert.equal(heard.length, 1, 'the same decision as before the failure is not told again');
  });

  test('the answer recorded is heard without a check from outside', async () => {
    const w = watched({ [USER_URL]: USER_KEY, [WORKSPACE_URL]: WORKSPACE_KEY });
    await w.watch.check();
    const heard = new Promise<unknown>((resolve) => w.watch.onDidChange(({ decision }) => resolve(dataAccount(decision).account)));
    await w.urlDecisions.set(WORKSPACE_URL, 'workspace');
    assert.deepEqual(await heard, WORKSPACE_ACCOUNT);
  });

  test('the terminals: answer "workspace", that URL and its key; no key stored or untrusted, that URL alone; otherwise the user URL as before', async () => {
    const own = { apiUrl: USER_URL, apiKey: USER_KEY, keyKind: 'user' as const, apiVersion: '2025-09-18' };
    const w = watched();
    const terminal = async () => terminalVariables(terminalCredentials(await w.watch.decide(), own));
    assert.deepEqual(await terminal(), { POLYTOMIC_API_URL: USER_URL, POLYTOMIC_API_KEY: USER_KEY, POLYTOMIC_ORGANIZATION_ID: undefined }, 'never answered');
    await w.urlDecisions.set(WORKSPACE_URL, 'user');
    assert.deepEqual(await terminal(), { POLYTOMIC_API_URL: USER_URL, POLYTOMIC_API_KEY: USER_KEY, POLYTOMIC_ORGANIZATION_ID: undefined }, 'answered "user"');
    await w.urlDecisions.set(WORKSPACE_URL, 'workspace');
    assert.deepEqual(await terminal(), { POLYTOMIC_API_URL: WORKSPACE_URL, POLYTOMIC_API_KEY: undefined, POLYTOMIC_ORGANIZATION_ID: undefined }, 'no key stored for it: the URL alone, never the user URL\'s key');
    w.stored[WORKSPACE_URL] = WORKSPACE_KEY;
    assert.deepEqual(await terminal(), { POLYTOMIC_API_URL: WORKSPACE_URL, POLYTOMIC_API_KEY: WORKSPACE_KEY, POLYTOMIC_ORGANIZATION_ID: undefined });
    w.trust.value = false;
    assert.deepEqual(await terminal(), { POLYTOMIC_API_URL: WORKSPACE_URL, POLYTOMIC_API_KEY: undefined, POLYTOMIC_ORGANIZATION_ID: undefined }, 'untrusted');
  });
});
