// The checks that need the account (PS3xx) on hand-made snapshots: each fires on complete data, and
// none fires on data that is loading, failed or unknown.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-types';
import { toConnections } from '../../server/src/account/normalize';
import type { AccountSnapshot } from '../../server/src/service/account/snapshot';
import { parseDocument } from '../../server/src/service/document/document';
import { validateDocument } from '../../server/src/service/diagnostics/validate';
import { buildConnections, IDS } from '../sandbox/fixtures';
import { sandboxSnapshot, unknownSnapshot } from './account-fixtures';

const UNKNOWN_ID = '11111111-2222-4333-8444-555555555555';

function doc(options: { source?: string; destination?: string; mode?: string; configuration?: string; extra?: string } = {}): string {
  return `{
  "name": "Rules",
  "mode": "${options.mode ?? 'replicate'}",
  "source_connection_id": "${options.source ?? IDS.salesforce}",
  "destination_connection_id": "${options.destination ?? IDS.snowflake}",
  "destination_configuration": ${options.configuration ?? '{ "schema": "x" }'},
  "default_schedule": { "frequency": "manual" }${options.extra ? `,\n  ${options.extra}` : ''}
}`;
}

function check(text: string, account?: AccountSnapshot): Diagnostic[] {
  return validateDocument(parseDocument('file:///r.polysync.json', 1, text), { account }) ?? [];
}

const messageOf = (d: Diagnostic) => (typeof d.message === 'string' ? d.message : d.message.value);
const codes = (diagnostics: Diagnostic[]) => diagnostics.map((d) => String(d.code)).filter((c) => c.startsWith('PS3'));

/** Wrong in every way the account can tell. */
const WRONG = doc({
  source: IDS.snowflake,
  destination: IDS.s3,
  mode: 'replicate',
  configuration: '{}',
  extra: [
    `"schemas": ["Widget", { "id": "Contact", "fields": ["Nope"], "tracking_field": "SystemModstamp" }]`,
    `"additional_schedules": [{ "frequency": "manual", "resync_mode": "rebuild", "schemas": ["Nope"] }]`,
    `"policies": ["${UNKNOWN_ID}"]`,
  ].join(',\n  '),
});

describe('account checks', () => {
  test('nothing runs without a snapshot, or on data that is not known', () => {
    assert.deepEqual(codes(check(WRONG)), []);
    for (const status of ['loading', 'failed', 'unknown'] as const) {
      assert.deepEqual(codes(check(WRONG, unknownSnapshot(status))), [], status);
    }
  });

  test('one answer of any kind, in a snapshot that holds nothing else, is enough to report from', () => {
    const full = sandboxSnapshot();
    const nothing: AccountSnapshot = { ...full, connections: { status: 'unknown' }, policies: { status: 'unknown' }, connectionLookups: new Map(), sources: new Map(), targets: new Map() };
    assert.deepEqual(codes(check(WRONG, nothing)), []);
    const only = (part: Partial<AccountSnapshot>, text = WRONG) => codes(check(text, { ...nothing, ...part }));
    const missing = { status: 'ready', value: null } as const;
    assert.deepEqual(only({ connectionLookups: new Map([[IDS.snowflake.toLowerCase(), missing]]) }), ['PS301']);
    assert.deepEqual(only({ policies: full.policies }), ['PS307']);
    assert.deepEqual(only({ sources: full.sources }, doc({ extra: '"schemas": ["Acount"]' })), ['PS304']);
    assert.ok(only({ targets: full.targets }).includes('PS303'));
  });

  test('a document that matches the account gets none', () => {
    const good = doc({
      source: IDS.ordersDb,
      destination: IDS.analyticsPostgres,
      configuration: '{ "advanced": { "table_prefix": "a_" } }',
      extra: `"schemas": ["public.orders", { "id": "public.customers", "fields": ["id", { "id": "email", "obfuscate": true }], "tracking_field": "updated_at", "partition_key": "id", "filters": [{ "field_id": "email", "function": "IsNotNull" }] }],\n  "policies": ["${IDS.policyDataEngineering.toUpperCase()}"]`,
    });
    assert.deepEqual(check(good, sandboxSnapshot()), []);
  });

  test('PS301 only once the API confirmed the id is not there', () => {
    const text = doc({ source: UNKNOWN_ID });
    assert.deepEqual(codes(check(text, sandboxSnapshot())), [], 'not in the list, not looked up yet');
    const loading = sandboxSnapshot({ lookups: new Map([[UNKNOWN_ID, { status: 'loading' }]]) });
    assert.deepEqual(codes(check(text, loading)), []);
    const missing = sandboxSnapshot({ lookups: new Map([[UNKNOWN_ID, { status: 'ready', value: null }]]) });
    const [d] = check(text, missing);
    assert.equal(d.code, 'PS301');
    assert.equal(d.severity, 1);
    assert.deepEqual(d.range, { start: { line: 3, character: 26 }, end: { line: 3, character: 64 } });
  });

  test('a connection found by lookup (not in the list) is known', () => {
    const extra = { id: UNKNOWN_ID, name: 'New Source', typeId: 'postgresql' };
    const snapshot = sandboxSnapshot({ lookups: new Map([[UNKNOWN_ID, { status: 'ready', value: extra }]]) });
    assert.deepEqual(codes(check(doc({ source: UNKNOWN_ID }), snapshot)), []);
  });

  test('PS302 for each connection that cannot take its role, with the API\'s reason', () => {
    const found = check(doc({ source: IDS.snowflake, destination: IDS.hubspot }), sandboxSnapshot());
    assert.deepEqual(codes(found), ['PS302', 'PS302']);
    assert.match(messageOf(found[0]), /^"Snowflake Warehouse" \(snowflake\) cannot be a bulk sync source\. It can be a bulk sync destination\. The API says: connection "Snowflake Warehouse" cannot be used as a bulk sync source\.$/);
    assert.match(messageOf(found[1]), /"HubSpot Marketing" \(hubspot\) cannot be a bulk sync destination/);
  });

  test('PS303 and PS309: modes the destination does not list, with the allowed ones as fixes', () => {
    const found = check(doc({ destination: IDS.s3, configuration: '{ "format": "csv" }', extra: '"additional_schedules": [{ "frequency": "manual", "resync_mode": "resync" }]' }), sandboxSnapshot());
    assert.deepEqual(codes(found), ['PS303', 'PS309']);
    assert.deepEqual(found[1].data, { fix: 'replaceValue', path: ['additional_schedules', 0, 'resync_mode'], suggestion: undefined, allowed: ['normal', 'refetch'] });
    // A misspelt mode is the schema's business (PS104), not the account's.
    assert.deepEqual(codes(check(doc({ destination: IDS.s3, mode: 'replciate', configuration: '{ "format": "csv" }' }), sandboxSnapshot())), []);
  });

  test('PS309: `normal` is a regular run, never checked against `supported_resync_modes` (which lists real resyncs only)', () => {
    const s3 = IDS.s3.toLowerCase();
    const snapshot = sandboxSnapshot();
    const target = snapshot.targets.get(s3);
    assert.ok(target?.status === 'ready');
    // What a real destination answers: only the resync modes, no `normal`.
    const targets = new Map(snapshot.targets).set(s3, { status: 'ready', value: { ...target.value, resyncModes: ['refetch'] } });
    const real = sandboxSnapshot({ targets });
    const schedules = (mode: string) => `"additional_schedules": [{ "frequency": "manual", "resync_mode": "${mode}" }]`;
    const base = { destination: IDS.s3, mode: 'snapshot', configuration: '{ "format": "csv" }' };
    assert.deepEqual(codes(check(doc({ ...base, extra: schedules('normal') }), real)), []);
    assert.deepEqual(codes(check(doc({ ...base, extra: schedules('refetch') }), real)), []);
    const found = check(doc({ ...base, extra: schedules('rebuild') }), real).filter((d) => d.code === 'PS309');
    assert.equal(found.length, 1);
    assert.match(messageOf(found[0]), /its resync modes are `refetch` \(a `normal` run is always accepted\)/);
    assert.deepEqual((found[0].data as { allowed: string[] }).allowed, ['normal', 'refetch']);
  });

  test('PS306 at every level that has required settings; both description shapes', () => {
    const s3 = check(doc({ destination: IDS.s3, mode: 'snapshot', configuration: '{ "subfolder": "x" }' }), sandboxSnapshot());
    assert.deepEqual(codes(s3), ['PS306']);
    assert.equal(s3[0].range.start.line, 5, 'on the destination_configuration key');

    const snapshot = sandboxSnapshot();
    const target = snapshot.targets.get(IDS.analyticsPostgres)!;
    assert.equal(target.status, 'ready');
    const nestedRequired = {
      ...snapshot,
      targets: new Map([[IDS.analyticsPostgres, { status: 'ready' as const, value: { ...(target as { value: object }).value, settings: [{ key: 'advanced', required: false, hasDefault: false, type: 'object' as const, children: [{ key: 'table_prefix', required: true, hasDefault: false }] }] } }]]),
    };
    const nested = check(doc({ destination: IDS.analyticsPostgres, configuration: '{ "advanced": {} }' }), nestedRequired);
    assert.deepEqual(codes(nested), ['PS306']);
    assert.deepEqual(nested[0].data, { fix: 'addProperties', path: ['destination_configuration', 'advanced'], properties: ['table_prefix'] });
    assert.deepEqual(codes(check(doc({ destination: IDS.analyticsPostgres, configuration: '{}' }), nestedRequired)), [], 'an absent optional object is not checked inside');
  });

  test('PS304, PS305, PS308: schemas and fields, with suggestions', () => {
    // Salesforce into Snowflake: every mode is supported, `schema` is required, no tracking fields.
    const found = check(WRONG.replace(IDS.snowflake, IDS.salesforce).replace(IDS.s3, IDS.snowflake), sandboxSnapshot());
    assert.deepEqual(codes(found), ['PS306', 'PS304', 'PS305', 'PS308', 'PS304', 'PS307']);
    const byCode = (code: string) => found.filter((d) => d.code === code).map(messageOf);
    assert.deepEqual(byCode('PS304'), [
      'Schema `Widget` is not in source "Salesforce Production" (salesforce).',
      'Schema `Nope` is not in source "Salesforce Production" (salesforce).',
    ]);
    assert.deepEqual(byCode('PS305'), ['Field `Nope` is not in schema `Contact` of source "Salesforce Production" (salesforce). Did you mean `Name`?']);
    assert.match(byCode('PS308')[0], /^Source "Salesforce Production" \(salesforce\) does not support tracking fields/);
    assert.deepEqual(found.find((d) => d.code === 'PS308')!.data, { fix: 'removeProperty', path: ['schemas', 1, 'tracking_field'] });
  });

  test('field checks wait for the fields; schema checks only need the list', () => {
    const text = doc({ extra: '"schemas": ["Acount", { "id": "Contact", "fields": ["Nope"] }]' });
    const withoutFields = check(text, sandboxSnapshot({ withFields: false }));
    assert.deepEqual(codes(withoutFields), ['PS304']);
    assert.match(messageOf(withoutFields[0]), /Did you mean `Account`\?/);
    assert.equal((withoutFields[0].data as { suggestion?: string }).suggestion, 'Account');
    assert.deepEqual(codes(check(text, sandboxSnapshot())), ['PS304', 'PS305']);
  });

  test('ids are matched without regard to case; the connection list need not be complete for other checks', () => {
    const upper = doc({ source: IDS.salesforce.toUpperCase(), destination: IDS.snowflake.toUpperCase(), extra: '"schemas": ["Widget"]' });
    assert.deepEqual(codes(check(upper, sandboxSnapshot())), ['PS304']);
    const listFailed = sandboxSnapshot({ connections: { status: 'failed', message: 'HTTP 500' } });
    assert.deepEqual(codes(check(upper, listFailed)), ['PS304'], 'the source answered, so its schemas are known');
    assert.ok(toConnections(buildConnections().map((c) => c.connection)).length === 6);
  });
});
