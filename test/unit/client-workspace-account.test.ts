// The one decision of which account a workspace's requests go with (client/src/create/workspaceAccount.ts):
// Create may ask; every request on the workspace's syncs afterwards only follows a recorded "workspace"
// answer for that exact URL, with the key stored for THAT URL, and stops (Set API Key for it) without one.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ApiSettings } from '../../client/src/create/apiTarget';
import { MemoryStore, UrlDecisions } from '../../client/src/create/state';
import { accountForWorkspace, notSentMessage } from '../../client/src/create/workspaceAccount';
import { accountParam, syncAccount } from '../../client/src/keepSync/account';
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
