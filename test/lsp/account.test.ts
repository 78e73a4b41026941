// Live account data through the bundled server over stdio, with the server's environment pointing at
// the sandbox API on 127.0.0.1: completion, hover, inlay hints and the checks that need the account.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Sandbox, startSandbox } from '../sandbox/server';
import {
  accountCodes,
  completionAt,
  diagnosticsWhen,
  eventually,
  freshUri,
  hoverText,
  IDS,
  itemsOf,
  positionOf,
  SANDBOX_KEYS,
  sandboxEnv,
  startAccountServer,
  syncDoc,
  waitForOrganization,
  waitForStatus,
  withCursor,
} from './account-helpers';
import type { LspTestClient } from './harness';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const UNKNOWN_ID = '11111111-2222-4333-8444-555555555555';

describe('live account data over stdio', () => {
  let sandbox: Sandbox;
  let client: LspTestClient;

  before(async () => {
    sandbox = await startSandbox();
    client = await startAccountServer(sandboxEnv(sandbox));
    await waitForStatus(client, 'online');
  });
  after(async () => {
    await client.close();
    await sandbox.close();
  });

  /** Opens `marked` (cursor at `|`) and asks for completion until `accept` is satisfied. */
  async function completeUntil(marked: string, what: string, accept: (items: Json[]) => boolean): Promise<Json[]> {
    const { text, position } = withCursor(marked);
    const uri = freshUri('complete');
    client.open(uri, text);
    return eventually(what, async () => {
      const items = itemsOf(await completionAt(client, uri, position));
      return accept(items) ? items : undefined;
    });
  }

  const labels = (items: Json[]) => items.map((i) => i.label);

  test('the status names the organization; nothing the server sends contains the key', async () => {
    const status = await waitForOrganization(client, 'Sandbox Organization');
    assert.equal(status.apiUrl, sandbox.url);
    assert.match(status.message, /Sandbox Organization/);
    const everything = JSON.stringify(client.notifications) + client.stderr();
    assert.ok(!everything.includes(SANDBOX_KEYS.user), 'the key must not appear in notifications or logs');
  });

  test('source_connection_id: connection names as labels, ids inserted, usable sources first', async () => {
    const doc = syncDoc().replace(`"source_connection_id": "${IDS.salesforce}"`, '"source_connection_id": "|"');
    const items = await completeUntil(doc, 'connection items with roles', (all) =>
      all.some((i) => i.label === 'Snowflake Warehouse' && /cannot be a source/.test(i.detail ?? '')),
    );
    const connections = items.filter((i) => i.kind === 12 && i.textEdit.newText.length === 38);
    assert.deepEqual(labels(connections).slice(0, 3).sort(), ['HubSpot Marketing', 'Orders DB', 'Salesforce Production']);
    assert.deepEqual(labels(connections).slice(3).sort(), ['Analytics Postgres', 'Data Lake', 'Snowflake Warehouse']);
    const salesforce = items.find((i) => i.label === 'Salesforce Production');
    assert.equal(salesforce.textEdit.newText, `"${IDS.salesforce}"`);
    assert.match(salesforce.detail, /Salesforce/);
    assert.match(salesforce.detail, /healthy/);
    assert.match(salesforce.filterText, /Salesforce Production/);
  });

  test('destination_connection_id: destinations first; sources marked as unusable there', async () => {
    const doc = syncDoc().replace(`"destination_connection_id": "${IDS.snowflake}"`, '"destination_connection_id": "|"');
    const items = await completeUntil(doc, 'destination items', (all) => all.some((i) => /cannot be a destination/.test(i.detail ?? '')));
    const connections = items.filter((i) => typeof i.textEdit?.newText === 'string' && i.textEdit.newText.length === 38);
    assert.deepEqual(labels(connections).slice(0, 3).sort(), ['Analytics Postgres', 'Data Lake', 'Snowflake Warehouse']);
    assert.match(items.find((i) => i.label === 'HubSpot Marketing').detail, /cannot be a destination/);
    assert.equal(items.find((i) => i.label === 'Data Lake').textEdit.newText, `"${IDS.s3}"`);
  });

  test('schemas: the source\'s schemas for string items, object ids and additional schedules', async () => {
    const stringItem = await completeUntil(syncDoc({ extra: '"schemas": ["Account", "|"]' }), 'Salesforce schemas', (all) => all.some((i) => i.label === 'Contact'));
    for (const name of ['Account', 'Contact', 'Opportunity', 'Lead', 'Case', 'User']) assert.ok(labels(stringItem).includes(name), name);
    // The schema already chosen is offered last.
    assert.ok(labels(stringItem).indexOf('Account') > labels(stringItem).indexOf('Lead'));

    const objectId = await completeUntil(syncDoc({ source: IDS.ordersDb, extra: '"schemas": [{ "id": "|" }]' }), 'Orders DB schemas', (all) => all.some((i) => i.label === 'public.orders'));
    assert.ok(labels(objectId).includes('billing.invoices'));
    assert.equal(objectId.find((i) => i.label === 'public.orders').textEdit.newText, '"public.orders"');

    const scheduled = await completeUntil(
      syncDoc({ source: IDS.hubspot, extra: '"schemas": ["deals"],\n  "additional_schedules": [{ "frequency": "hourly", "minute": "0", "schemas": ["|"] }]' }),
      'HubSpot schemas in a schedule',
      (all) => all.some((i) => i.label === 'contacts'),
    );
    // In a schedule, the schemas the sync selects come first.
    assert.equal(scheduled.filter((i) => ['contacts', 'companies', 'deals', 'tickets'].includes(i.label))[0].label, 'deals');
  });

  test('fields, tracking_field, partition_key and filter field ids come from the schema\'s fields', async () => {
    const fields = await completeUntil(
      syncDoc({ extra: '"schemas": [{ "id": "Contact", "fields": ["Email", "|"] }]' }),
      'Contact fields',
      (all) => all.some((i) => i.label === 'FirstName'),
    );
    assert.ok(labels(fields).includes('LastModifiedDate'));
    assert.match(fields.find((i) => i.label === 'Id').detail, /primary key/);

    const tracking = await completeUntil(
      syncDoc({ source: IDS.ordersDb, extra: '"schemas": [{ "id": "public.orders", "tracking_field": "|" }]' }),
      'tracking field candidates',
      (all) => all.some((i) => i.label === 'updated_at'),
    );
    const orderFields = tracking.filter((i) => ['id', 'customer_id', 'status', 'total_cents', 'created_at', 'updated_at'].includes(i.label));
    // Date-time fields are the likely tracking fields: they come first.
    assert.deepEqual(orderFields.slice(0, 2).map((i) => i.label).sort(), ['created_at', 'updated_at']);

    const partition = await completeUntil(
      syncDoc({ source: IDS.ordersDb, extra: '"schemas": [{ "id": "billing.invoices", "partition_key": "|" }]' }),
      'partition key candidates',
      (all) => all.some((i) => i.label === 'issued_at'),
    );
    assert.ok(labels(partition).includes('amount_cents'));

    const filter = await completeUntil(
      syncDoc({ extra: '"schemas": [{ "id": "Opportunity", "filters": [{ "field_id": "|", "function": "IsNotNull" }] }]' }),
      'filter field ids',
      (all) => all.some((i) => i.label === 'StageName'),
    );
    assert.ok(labels(filter).includes('Amount'));
    assert.ok(!labels(filter).includes('Email'), 'fields of another schema are not offered');
  });

  test('destination_configuration keys from a JSON Schema description, nested objects too', async () => {
    const top = await completeUntil(syncDoc({ configuration: '{ | }' }), 'Snowflake settings', (all) => all.some((i) => i.label === 'mirror_schemas' && /Snowflake/.test(i.detail ?? '')));
    assert.deepEqual(labels(top).sort(), ['advanced', 'mirror_schemas', 'schema']);
    const schema = top.find((i) => i.label === 'schema');
    assert.match(schema.detail, /required/);
    assert.equal(top[0].label, 'schema', 'required settings come first');
    assert.equal(top.find((i) => i.label === 'mirror_schemas').textEdit.newText, '"mirror_schemas": ${1:false}');

    const nested = await completeUntil(syncDoc({ configuration: '{ "schema": "x", "advanced": { | } }' }), 'nested Snowflake settings', (all) => all.some((i) => i.label === 'hard_deletes'));
    assert.deepEqual(labels(nested).sort(), ['hard_deletes', 'table_prefix', 'truncate_existing']);
  });

  test('destination_configuration keys from the `key -> {default, required}` description', async () => {
    const top = await completeUntil(
      syncDoc({ destination: IDS.analyticsPostgres, configuration: '{ | }' }),
      'Analytics Postgres settings',
      (all) => all.some((i) => i.label === 'mirror_schemas' && /Analytics Postgres/.test(i.detail ?? '')),
    );
    assert.deepEqual(labels(top).sort(), ['advanced', 'mirror_schemas', 'schema']);
    assert.equal(top.find((i) => i.label === 'schema').textEdit.newText, '"schema": "${1:polytomic}"');

    const nested = await completeUntil(
      syncDoc({ destination: IDS.analyticsPostgres, configuration: '{ "advanced": { | } }' }),
      'nested items',
      (all) => all.some((i) => i.label === 'table_prefix'),
    );
    assert.deepEqual(labels(nested).sort(), ['table_prefix', 'truncate_existing']);

    const s3 = await completeUntil(syncDoc({ destination: IDS.s3, mode: 'snapshot', configuration: '{ | }' }), 'S3 settings', (all) => all.some((i) => i.label === 'format' && /Data Lake/.test(i.detail ?? '')));
    assert.deepEqual(labels(s3).sort(), ['format', 'subfolder']);
  });

  test('mode: only the modes the destination supports', async () => {
    const marked = syncDoc({ destination: IDS.s3, mode: 'X' }).replace('"mode": "X"', '"mode": "|"');
    const items = await completeUntil(marked, 'S3 modes', (all) => all.some((i) => /Data Lake/.test(i.detail ?? '')));
    assert.deepEqual(labels(items), ['snapshot']);

    const both = await completeUntil(syncDoc({ mode: 'X' }).replace('"mode": "X"', '"mode": "|"'), 'Snowflake modes', (all) => all.some((i) => /Snowflake/.test(i.detail ?? '')));
    assert.deepEqual(labels(both).sort(), ['replicate', 'snapshot']);
  });

  test('policies: names as labels, ids inserted', async () => {
    const items = await completeUntil(syncDoc({ extra: '"policies": ["|"]' }), 'policies', (all) => all.some((i) => i.label === 'Data Engineering'));
    assert.equal(items.find((i) => i.label === 'Data Engineering').textEdit.newText, `"${IDS.policyDataEngineering}"`);
    assert.match(items.find((i) => i.label === 'Default').detail, /system/);
  });

  test('hover: a connection id shows its name, type and status; schema and field ids their name and type', async () => {
    const text = syncDoc({ extra: '"schemas": [{ "id": "Contact", "fields": ["Email"] }]' });
    const uri = freshUri('hover');
    client.open(uri, text);
    const connection = await eventually('connection hover', async () => {
      const value = await hoverText(client, uri, positionOf(text, IDS.salesforce, 3));
      return value.includes('Salesforce Production') ? value : undefined;
    });
    assert.match(connection, /Salesforce connection \(`salesforce`\)/);
    assert.match(connection, /healthy/);

    const schema = await eventually('schema hover', async () => {
      const value = await hoverText(client, uri, positionOf(text, '"Contact"', 2));
      return /field/.test(value) ? value : undefined;
    });
    assert.match(schema, /\*\*Contact\*\*: source schema with 10 fields/);

    const field = await eventually('field hover', async () => {
      const value = await hoverText(client, uri, positionOf(text, '"Email"', 2));
      return value.includes('field of schema') ? value : undefined;
    });
    assert.match(field, /\*\*Email\*\*: `string` field of schema `Contact`/);
  });

  test('inlay hints show the connection name after each connection id', async () => {
    const text = syncDoc({ destination: IDS.analyticsPostgres });
    const uri = freshUri('hints');
    client.open(uri, text);
    const range = { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } };
    const hints = await eventually('connection name hints', async () => {
      const all: Json[] = await client.request('textDocument/inlayHint', { textDocument: { uri }, range });
      return all.some((h) => h.label === 'Analytics Postgres') ? all : undefined;
    });
    const source = hints.find((h) => h.label === 'Salesforce Production');
    assert.ok(source, 'source name hint');
    const afterSource = positionOf(text, IDS.salesforce, IDS.salesforce.length + 2);
    assert.deepEqual(source.position, afterSource, 'right after the id and its comma');
    assert.ok(hints.some((h) => h.label === 'daily at 02:30 UTC'), 'schedule hints still there');
  });

  test('a document that matches the account gets no account errors', async () => {
    const text = syncDoc({
      source: IDS.ordersDb,
      destination: IDS.analyticsPostgres,
      configuration: '{ "schema": "orders", "advanced": { "table_prefix": "x_" } }',
      extra: `"schemas": ["public.orders", { "id": "public.customers", "fields": ["id", "email"], "tracking_field": "updated_at" }],\n  "policies": ["${IDS.policyDefault}"]`,
    });
    const uri = freshUri('clean');
    client.open(uri, text);
    // The full description of both connections arrives in the background; wait for its effect on hover.
    await eventually('fields of Orders DB', async () => ((await hoverText(client, uri, positionOf(text, '"email"', 2))).includes('field of schema') ? true : undefined));
    const diagnostics = await client.diagnostics(uri);
    assert.deepEqual(diagnostics, []);
  });

  test('checks: unknown connection, wrong roles', async () => {
    const unknown = syncDoc({ source: UNKNOWN_ID });
    const uri = freshUri('unknown');
    client.open(uri, unknown);
    const found = await diagnosticsWhen(client, uri, 'PS301', (d) => accountCodes(d).includes('PS301'));
    const ps301 = found.find((d) => d.code === 'PS301');
    assert.equal(ps301.severity, 1);
    assert.match(ps301.message, new RegExp(`No connection with id ${UNKNOWN_ID}`));
    assert.deepEqual(ps301.range.start, positionOf(unknown, UNKNOWN_ID, -1));

    const swapped = syncDoc({ source: IDS.snowflake, destination: IDS.salesforce });
    const swappedUri = freshUri('swapped');
    client.open(swappedUri, swapped);
    const roles = await diagnosticsWhen(client, swappedUri, 'two PS302', (d) => d.filter((x) => x.code === 'PS302').length === 2);
    const [asSource, asDestination] = roles.filter((d) => d.code === 'PS302');
    assert.match(asSource.message, /"Snowflake Warehouse" \(snowflake\) cannot be a bulk sync source\. It can be a bulk sync destination\./);
    assert.match(asDestination.message, /"Salesforce Production" \(salesforce\) cannot be a bulk sync destination\. It can be a bulk sync source\./);
  });

  test('checks: unsupported mode and resync mode, missing required destination setting', async () => {
    const text = syncDoc({
      destination: IDS.s3,
      mode: 'replicate',
      configuration: '{ "subfolder": "raw" }',
      extra: '"additional_schedules": [{ "frequency": "weekly", "day_of_week": "sunday", "hour": "0", "minute": "0", "resync_mode": "rebuild" }]',
    });
    const uri = freshUri('modes');
    client.open(uri, text);
    const diagnostics = await diagnosticsWhen(client, uri, 'mode checks', (d) => ['PS303', 'PS306', 'PS309'].every((c) => accountCodes(d).includes(c)));
    const mode = diagnostics.find((d) => d.code === 'PS303');
    assert.match(mode.message, /"Data Lake" \(s3\) does not support mode `replicate`; it supports `snapshot`\./);
    assert.deepEqual(mode.data, { fix: 'replaceValue', path: ['mode'], suggestion: 'snapshot', allowed: ['snapshot'] });
    const setting = diagnostics.find((d) => d.code === 'PS306');
    assert.match(setting.message, /`destination_configuration` is missing `format`, which "Data Lake" \(s3\) requires/);
    assert.deepEqual(setting.data, { fix: 'addProperties', path: ['destination_configuration'], properties: ['format'] });
    assert.match(diagnostics.find((d) => d.code === 'PS309').message, /does not support resync mode `rebuild`; its resync modes are `refetch` \(a `normal` run is always accepted\)/);

    // The quick fix the mode check carries works like any other.
    const actions: Json[] = await client.request('textDocument/codeAction', {
      textDocument: { uri },
      range: mode.range,
      context: { diagnostics: [mode] },
    });
    assert.ok(actions.some((a) => a.title === 'Change to "snapshot"'));
  });

  test('checks: schemas and fields the source does not have; tracking fields where unsupported; unknown policy', async () => {
    const text = syncDoc({
      extra: [
        '"schemas": ["Account", "Widget", { "id": "Contact", "fields": ["Email", "Emial"], "tracking_field": "SystemModstamp", "filters": [{ "field_id": "Nope", "function": "IsNull" }] }]',
        '"additional_schedules": [{ "frequency": "hourly", "minute": "0", "schemas": ["Acount"] }]',
        `"policies": ["${UNKNOWN_ID}"]`,
      ].join(',\n  '),
    });
    const uri = freshUri('schemas');
    client.open(uri, text);
    const diagnostics = await diagnosticsWhen(client, uri, 'schema and field checks', (d) => d.filter((x) => x.code === 'PS305').length === 2);
    const widget = diagnostics.find((d) => d.code === 'PS304' && /Widget/.test(d.message));
    assert.match(widget.message, /Schema `Widget` is not in source "Salesforce Production" \(salesforce\)\./);
    const acount = diagnostics.find((d) => d.code === 'PS304' && /Acount/.test(d.message));
    assert.match(acount.message, /Did you mean `Account`\?/);
    assert.equal(acount.data.suggestion, 'Account');
    const emial = diagnostics.find((d) => d.code === 'PS305' && /Emial/.test(d.message));
    assert.match(emial.message, /Field `Emial` is not in schema `Contact` of source "Salesforce Production" \(salesforce\)\. Did you mean `Email`\?/);
    assert.deepEqual(emial.range.start, positionOf(text, '"Emial"'));
    assert.ok(diagnostics.some((d) => d.code === 'PS305' && /`Nope`/.test(d.message)));
    assert.match(diagnostics.find((d) => d.code === 'PS308').message, /does not support tracking fields/);
    assert.match(diagnostics.find((d) => d.code === 'PS307').message, new RegExp(`No permission policy with id ${UNKNOWN_ID}`));
  });
});

describe('refreshing the editor when account data arrives', () => {
  let sandbox: Sandbox;
  let client: LspTestClient;
  before(async () => {
    sandbox = await startSandbox();
    client = await startAccountServer(sandboxEnv(sandbox));
    await waitForStatus(client, 'online');
  });
  after(async () => {
    await client.close();
    await sandbox.close();
  });

  test('when data arrives the server asks the client to pull diagnostics and inlay hints again', async () => {
    const text = syncDoc({ source: IDS.hubspot, destination: IDS.analyticsPostgres, configuration: '{}', extra: '"schemas": [{ "id": "deals", "fields": ["dealnme"] }]' });
    const uri = freshUri('refresh');
    const refreshes = () => client.serverRequests.filter((r) => r.method === 'workspace/diagnostic/refresh').length;
    const before = refreshes();
    client.open(uri, text);
    // The first pull asks for HubSpot's fields; it cannot wait for them.
    const first = await client.diagnostics(uri);
    assert.ok(!accountCodes(first).includes('PS305'));
    // Pull again only when the server asks: data arrives in parts (the account's connections may still be
    // coming in when the fields are asked for), so one of the refreshes, not necessarily the first, brings
    // the fields' problem.
    let asked = before;
    const after = await eventually('diagnostics with the fields, pulled when the server asks', async () => {
      if (refreshes() === asked) return undefined;
      asked = refreshes();
      const items = await client.diagnostics(uri);
      return accountCodes(items).includes('PS305') ? items : undefined;
    });
    assert.ok(accountCodes(after).includes('PS305'), JSON.stringify(after));
    // The two refresh requests are separate messages: the second may still be on its way.
    await eventually('an inlay hint refresh request', async () => (client.serverRequests.some((r) => r.method === 'workspace/inlayHint/refresh') ? true : undefined));
  });
});

describe('live account data for a push-diagnostics client', () => {
  let sandbox: Sandbox;
  let client: LspTestClient;
  before(async () => {
    sandbox = await startSandbox();
    client = await startAccountServer(sandboxEnv(sandbox), { capabilities: undefined, pullDiagnostics: false, initializationOptions: { diagnosticsDelayMs: 0 } });
  });
  after(async () => {
    await client.close();
    await sandbox.close();
  });

  test('diagnostics are pushed again, without an edit, once the account data is in', async () => {
    const text = syncDoc({ source: UNKNOWN_ID });
    const uri = freshUri('push');
    client.open(uri, text);
    const pushed = await client.waitForNotification('textDocument/publishDiagnostics', (p) => p.uri === uri && p.diagnostics.some((d: Json) => d.code === 'PS301'));
    assert.equal(pushed.version, 1);
  });
});

describe('automatic account look-ups turned off (polysync.account.automaticLookups)', () => {
  let sandbox: Sandbox;
  let client: LspTestClient;

  before(async () => {
    sandbox = await startSandbox();
    client = await startAccountServer({ ...sandboxEnv(sandbox), POLYTOMIC_API_KEY: '' });
    await waitForStatus(client, 'signed-out');
  });
  after(async () => {
    await client.close();
    await sandbox.close();
  });

  test('nothing is read until asked; Refresh reads it; turning them on again reads as documents need', async () => {
    client.notify('polysync/setCredentials', { apiUrl: sandbox.url, apiKey: SANDBOX_KEYS.user, automaticLookups: false });
    const off = await waitForStatus(client, 'offline', 10_000, (s) => /automatic account look-ups are off/i.test(s.message));
    assert.match(off.message, /Refresh Account Data/);
    const uri = freshUri('manual');
    client.open(uri, `{\n  "source_connection_id": "${UNKNOWN_ID}"\n}\n`);
    await client.diagnostics(uri);
    const { text, position } = withCursor('{\n  "source_connection_id": "|"\n}\n');
    const completing = freshUri('manual-complete');
    client.open(completing, text);
    await completionAt(client, completing, position);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(sandbox.state.requests.length, 0, `no request was made: ${sandbox.state.requests.map((r) => r.path).join(', ')}`);

    const refreshed = await client.request('polysync/refreshAccount', null);
    assert.equal(refreshed.state, 'online');
    assert.ok(sandbox.state.requests.some((r) => r.path === '/api/connections'));

    const before = sandbox.state.requests.length;
    client.notify('polysync/setCredentials', { apiUrl: sandbox.url, apiKey: SANDBOX_KEYS.user, automaticLookups: true });
    const codes = await eventually('PS301 once look-ups are on', async () => {
      const found = (await client.diagnostics(uri)).map((d: Json) => d.code);
      return found.includes('PS301') ? found : undefined;
    });
    assert.ok(codes.includes('PS301'));
    assert.ok(sandbox.state.requests.length > before);
  });
});
