// The language status item's words, severity and actions for every account and server state, and the
// redaction of the API key from the message trace (polysync.trace.server = verbose), checked on the
// trace vscode-jsonrpc really writes.

import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, test } from 'node:test';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, Trace } from 'vscode-languageserver-protocol/node';
import { BulkSyncState, SetCredentials, type AccountStatusParams } from '../../protocol/messages';
import { COMMANDS } from '../../client/src/commands';
import { stateTitle, when } from '../../client/src/keepSync/describe';
import { statusView, type StatusInputs } from '../../client/src/statusView';
import { redactingTraceChannel, redactTrace } from '../../client/src/traceRedaction';

const running = (account: AccountStatusParams): StatusInputs => ({ account, server: 'running', apiVersion: '2025-09-18', serverVersion: '0.1.0' });

describe('the language status item', () => {
  test('online: the organization\'s name, information, Refresh Account Data with why as its tooltip, the versions in the detail', () => {
    const view = statusView(running({ state: 'online', message: 'Signed in to Acme: 3 connections.', organizationName: 'Acme', apiUrl: 'https://app.polytomic.com' }));
    assert.equal(view.text, '$(cloud) Polysync: Acme');
    assert.equal(view.severity, 'information');
    assert.equal(view.busy, false);
    assert.deepEqual(view.action, { title: 'Refresh Account Data', command: COMMANDS.refreshAccount });
    assert.equal(view.reason, 'Signed in to Acme: 3 connections.');
    assert.equal(view.detail, `API 2025-09-18 · server 0.1.0`);
    assert.equal(view.accessibleLabel, 'Polysync: Acme. Signed in to Acme: 3 connections. API 2025-09-18 · server 0.1.0.');
  });

  test('online without an organization name falls back to the API URL', () => {
    const view = statusView(running({ state: 'online', message: 'Signed in.', apiUrl: 'http://127.0.0.1:9' }));
    assert.equal(view.text, '$(cloud) Polysync: http://127.0.0.1:9');
  });

  test('each state keeps the words users know, with its severity and action', () => {
    const rows = (['offline', 'misconfigured', 'signed-out', 'loading'] as const).map((state) => {
      const view = statusView(running({ state, message: `why ${state}` }));
      return [state, view.text, view.severity, view.busy, view.action.title, view.action.command, view.action.args];
    });
    assert.deepEqual(rows, [
      ['offline', '$(warning) Polysync: offline', 'warning', false, 'Refresh Account Data', COMMANDS.refreshAccount, undefined],
      ['misconfigured', '$(warning) Polysync: check settings', 'warning', false, 'Open Settings', COMMANDS.openSettings, ['polysync']],
      ['signed-out', '$(account) Polysync: not signed in', 'information', false, 'Set API Key', COMMANDS.setApiKey, undefined],
      ['loading', 'Polysync: loading', 'information', true, 'Show Output', COMMANDS.showOutput, undefined],
    ]);
  });

  test('not signed in to the account a workspace names: Set API Key asks for that URL; the user\'s own keeps asking for the URL in use', () => {
    const workspace = statusView(running({ state: 'signed-out', message: 'No API key is in use for http://127.0.0.1:9.', apiUrl: 'http://127.0.0.1:9', workspace: true }));
    assert.deepEqual([workspace.action.command, workspace.action.args], [COMMANDS.setApiKey, ['http://127.0.0.1:9']]);
    // A rejected key of the user's own account comes with its URL too, but is the user's: no URL is passed.
    const own = statusView(running({ state: 'signed-out', message: 'The API at 127.0.0.1:9 rejected the API key.', apiUrl: 'http://127.0.0.1:9' }));
    assert.deepEqual([own.action.command, own.action.args], [COMMANDS.setApiKey, undefined]);
  });

  test('the reason reads as a sentence; the detail is the versions only, so the hover does not clip the action', () => {
    const offline = statusView(running({ state: 'offline', message: 'Account data could not be read from 127.0.0.1:9: refused' }));
    assert.equal(offline.reason, 'Account data could not be read from 127.0.0.1:9: refused.');
    assert.equal(offline.detail, `API 2025-09-18 · server 0.1.0`);
    const loading = statusView(running({ state: 'loading', message: 'Loading account data from app.polytomic.com...' }));
    assert.equal(loading.reason, 'Loading account data from app.polytomic.com...');
    assert.equal(loading.detail, 'API 2025-09-18 · server 0.1.0');
  });

  test('the server\'s state comes before the account: starting spins, stopped is an error that offers a restart', () => {
    const account: AccountStatusParams = { state: 'online', message: 'Signed in to Acme.', organizationName: 'Acme' };
    const starting = statusView({ account, server: 'starting', apiVersion: '2024-02-08' });
    assert.equal(starting.text, 'Polysync: loading');
    assert.equal(starting.busy, true);
    assert.equal(starting.reason, 'Starting the Polysync language server...');
    assert.equal(starting.detail, 'API 2024-02-08 · server starting');
    const stopped = statusView({ account, server: 'stopped', apiVersion: '2025-09-18', serverVersion: '0.1.0' });
    assert.equal(stopped.text, '$(error) Polysync: language server stopped');
    assert.equal(stopped.severity, 'error');
    assert.deepEqual(stopped.action, { title: 'Restart Language Server', command: COMMANDS.restartServer });
    assert.match(stopped.reason, /not running/);
    assert.equal(stopped.detail, `API 2025-09-18 · server 0.1.0`);
    assert.match(statusView({ account, server: 'stopped', apiVersion: '2025-09-18' }).detail, /server not running/);
  });
});

describe('the message trace never holds the API key', () => {
  test('redactTrace replaces every apiKey value, escaped quotes included, and leaves the rest', () => {
    const text = '{\n    "apiUrl": "https://app.polytomic.com",\n    "apiKey": "k-1\\"2",\n    "keyKind": "user"\n} {"apiKey":"second"}';
    assert.equal(redactTrace(text), '{\n    "apiUrl": "https://app.polytomic.com",\n    "apiKey": "<redacted>",\n    "keyKind": "user"\n} {"apiKey":"<redacted>"}');
  });

  test('a verbose trace of polysync/setCredentials, as vscode-jsonrpc writes it, names the message but not the key', async () => {
    const key = 'pk_live_0123456789abcdef';
    const lines: string[] = [];
    const channel = redactingTraceChannel({ name: 'Polysync', trace: (message: string) => void lines.push(message) });
    assert.equal(channel.name, 'Polysync', 'other members pass through');
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    const client = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
    const server = createMessageConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
    const received = new Promise<unknown>((resolve) => server.onNotification(SetCredentials.method, resolve));
    server.listen();
    client.listen();
    // What vscode-languageclient does with polysync.trace.server = verbose: its tracer writes to the trace channel.
    await client.trace(Trace.Verbose, { log: (message: string, data?: string) => channel.trace(data ? `${message}\n${data}` : message) });
    await client.sendNotification(SetCredentials.method, { apiUrl: 'https://app.polytomic.com', apiKey: key, keyKind: 'user' });
    assert.deepEqual(await received, { apiUrl: 'https://app.polytomic.com', apiKey: key, keyKind: 'user' }, 'the server still gets the key');
    const trace = lines.join('\n');
    assert.match(trace, /Sending notification 'polysync\/setCredentials'/);
    assert.match(trace, /"apiKey": "<redacted>"/);
    assert.ok(!trace.includes(key), trace);
    client.dispose();
    server.dispose();
  });

  test('a request on a workspace\'s sync carrying its account (the key stored for that URL) is traced without the key', async () => {
    const key = 'pk_live_workspace_fedcba9876543210';
    const lines: string[] = [];
    const channel = redactingTraceChannel({ name: 'Polysync', trace: (message: string) => void lines.push(message) });
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    const client = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
    const server = createMessageConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
    server.onRequest(BulkSyncState.method, () => ({ kind: 'unlinked' }));
    server.listen();
    client.listen();
    await client.trace(Trace.Verbose, { log: (message: string, data?: string) => channel.trace(data ? `${message}\n${data}` : message) });
    const account = { apiUrl: 'https://eu.polytomic.example', apiKey: key, keyKind: 'user' };
    assert.deepEqual(await client.sendRequest(BulkSyncState.method, { textDocument: { uri: 'file:///a.polysync.json', version: 1 }, account }), { kind: 'unlinked' });
    const trace = lines.join('\n');
    assert.match(trace, /Sending request 'polysync\/bulkSyncState/);
    assert.match(trace, /"apiUrl": "https:\/\/eu\.polytomic\.example"/);
    assert.ok(!trace.includes(key), trace);
    client.dispose();
    server.dispose();
  });
});

describe('the state lens says the zone of its times', () => {
  test('a run time carries the zone abbreviation, in the zone given', () => {
    assert.match(when('2026-03-04T14:05:00Z', 'UTC') ?? '', /\b2:05\s?PM UTC$|\b14:05 UTC$/);
    assert.match(when('2026-07-04T14:05:00Z', 'America/New_York') ?? '', /\b10:05\s?AM (EDT|GMT-4)$/);
  });
  test('the title of a sync that ran says when, with the zone', () => {
    const title = stateTitle({
      kind: 'linked', syncId: 's', name: 'n', appUrl: 'https://x', differences: [], changedInPolytomic: [], changedUnnamed: false, liveText: '{}', running: false,
      execution: { id: 'e', status: 'completed', completedAt: '2026-03-04T14:05:00Z' },
      nextRun: '2026-03-05T02:00:00Z',
    } as never);
    const zone = new Intl.DateTimeFormat(undefined, { timeZoneName: 'short' }).formatToParts(new Date('2026-03-04T14:05:00Z')).find((p) => p.type === 'timeZoneName')?.value;
    assert.ok(zone, 'the machine has a zone name');
    assert.match(title, new RegExp(`^Last run completed .+ ${zone} · next .+ ${zone}$`));
  });
});
