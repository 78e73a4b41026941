// The three-way comparison (server/src/keep): leaves of a body and of a live sync, each rule of the
// comparison, what an apply did not take, the base in the link, and links from before bases.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { BulkSchema, BulkSyncResponse } from '../../server/src/api/types';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { decodeBase, encodeBase } from '../../server/src/keep/base';
import { bodyLeaves, type Leaves, leafText, liveLeaves } from '../../server/src/keep/leaves';
import { keptLinkValue, parseKeptLink } from '../../server/src/keep/link';
import { type Base, compareThreeWay, ignoreMatcher, pulledBase, verifyApplied } from '../../server/src/keep/threeWay';

const BODY = {
  name: 'Orders',
  mode: 'replicate',
  source_connection_id: 'src',
  destination_connection_id: 'dst',
  destination_configuration: { schema: 'ORDERS' },
  default_schedule: { frequency: 'daily', hour: '4', minute: '0' },
  additional_schedules: [{ frequency: 'weekly', day_of_week: 'sunday', hour: '1', minute: '0' }],
  schemas: ['public.customers', { id: 'public.orders', fields: ['id', { id: 'email', obfuscate: true }], filters: [{ field_id: 'id', function: 'IsNotNull' }] }],
};

const field = (id: string, enabled = true, obfuscated = false) => ({ id, enabled, obfuscated, output_name: id, user_output_name: null });

/** The live sync as a realistic API reads BODY back: defaults filled in, "" for unset schedule fields, ids, stamps. */
function realisticLive(change: (sync: Record<string, unknown>, schemas: BulkSchema[]) => void = () => {}): { sync: BulkSyncResponse; schemas: BulkSchema[] } {
  const actor = { id: 'u1', name: 'Dana Example', type: 'user' };
  const sync: Record<string, unknown> = {
    id: 'sync-1',
    name: 'Orders',
    mode: 'replicate',
    active: true,
    source_connection_id: 'src',
    destination_connection_id: 'dst',
    source_configuration: { replication_slot: '' },
    destination_configuration: { schema: 'ORDERS', mirror_schemas: false, advanced: { table_prefix: '', truncate_existing: false } },
    default_schedule: { frequency: 'daily', hour: '4', minute: '0', day_of_week: '', day_of_month: '', month: '', id: 'sch-1', created_at: '2026-01-01T00:00:00Z', created_by: actor, updated_at: '2026-01-01T00:00:00Z', updated_by: actor },
    additional_schedules: [{ frequency: 'weekly', day_of_week: 'sunday', hour: '1', minute: '0', day_of_month: '', month: '', id: 'sch-2' }],
    automatically_add_new_fields: 'all',
    automatically_add_new_objects: 'none',
    normalize_names: 'enabled',
    concurrency_limit: null,
    policies: ['pol-default'],
    organization_id: 'org',
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    updated_by: actor,
  };
  const schemas: BulkSchema[] = [
    { id: 'public.customers', enabled: true, output_name: 'customers', user_output_name: null, partition_key: null, tracking_field: null, data_cutoff_timestamp: null, disable_data_cutoff: false, fields: [field('id'), field('name')], filters: [] },
    { id: 'public.orders', enabled: true, output_name: 'orders', user_output_name: 'orders_v2', partition_key: null, tracking_field: null, data_cutoff_timestamp: null, disable_data_cutoff: false, fields: [field('id'), field('email', true, true), field('total', false)], filters: [{ field_id: 'id', function: 'IsNotNull' }] },
    { id: 'billing.invoices', enabled: false, fields: [field('id')] },
  ];
  change(sync, schemas);
  return { sync: sync as unknown as BulkSyncResponse, schemas };
}

const edited = (change: (body: Record<string, unknown>) => void) => {
  const body = structuredClone(BODY) as Record<string, unknown>;
  change(body);
  return bodyLeaves(body);
};
/** The base right after creating BODY against the realistic read-back. */
const createdBase = (): Base => verifyApplied({ sent: bodyLeaves(BODY), after: liveLeaves(realisticLive()) }).base;

describe('leaves', () => {
  test('a body: one leaf per member, additional schedules by index, the schema selection, fields and filters as one leaf each', () => {
    const leaves = bodyLeaves({ ...BODY, policies: ['b', 'a'], polysync: { sync_id: 'x' }, $schema: 'y' });
    assert.deepEqual([...leaves.keys()].sort(), [
      'additional_schedules[0].day_of_week', 'additional_schedules[0].frequency', 'additional_schedules[0].hour', 'additional_schedules[0].minute',
      'default_schedule.frequency', 'default_schedule.hour', 'default_schedule.minute',
      'destination_configuration.schema', 'destination_connection_id', 'mode', 'name', 'policies',
      'schemas', 'schemas[public.customers]', 'schemas[public.customers].fields',
      'schemas[public.orders]', 'schemas[public.orders].fields', 'schemas[public.orders].filters',
      'source_connection_id',
    ]);
    assert.equal(leaves.get('policies'), '["a","b"]');
    assert.equal(leaves.get('schemas[public.customers].fields'), '"all"');
    assert.equal(leaves.get('schemas[public.orders].fields'), '[["email","obfuscated"],["id","selected"]]');
  });

  test('a live sync: schedule stamps and sync stamps left out, disabled schemas and fields left out, output names kept', () => {
    const leaves = liveLeaves(realisticLive());
    assert.ok(!leaves.has('default_schedule.updated_at') && !leaves.has('updated_at') && !leaves.has('organization_id'));
    assert.equal(leaves.get('default_schedule.id'), '"sch-1"');
    assert.ok(!leaves.has('schemas[billing.invoices]'));
    assert.equal(leaves.get('schemas[public.orders].fields'), bodyLeaves(BODY).get('schemas[public.orders].fields'));
    assert.equal(leaves.get('schemas[public.orders].user_output_name'), '"orders_v2"');
    assert.equal(leaves.get('concurrency_limit'), undefined, 'null is no leaf');
  });

  test('date-times compare as instants, key order does not matter', () => {
    assert.equal(leafText('2024-01-01T00:00:00Z'), leafText('2024-01-01T01:00:00+01:00'));
    assert.equal(leafText({ b: 1, a: 2 }), leafText({ a: 2, b: 1 }));
  });
});

describe('three-way comparison', () => {
  test('nobody changed anything: no differences, whatever the API filled in, left "" or added ids to', () => {
    const base = createdBase();
    assert.deepEqual(compareThreeWay({ file: bodyLeaves(BODY), live: liveLeaves(realisticLive()), base }), []);
  });

  test('without a base the same read-back shows only where the file and the live sync disagree on what the file sets', () => {
    const diffs = compareThreeWay({ file: bodyLeaves(BODY), live: liveLeaves(realisticLive()) });
    assert.deepEqual(diffs, [], 'nothing the API added is a difference, even two-way');
  });

  test('a value the API normalised is no difference until someone changes it', () => {
    const live = (dow: string) => liveLeaves(realisticLive((s) => ((s.additional_schedules as Record<string, unknown>[])[0].day_of_week = dow)));
    const base = verifyApplied({ sent: bodyLeaves(BODY), after: live('0') }).base;
    assert.deepEqual(compareThreeWay({ file: bodyLeaves(BODY), live: live('0'), base }), []);
    const diffs = compareThreeWay({ file: edited((b) => ((b.additional_schedules as Record<string, unknown>[])[0].day_of_week = 'monday')), live: live('0'), base });
    assert.deepEqual(diffs.map((d) => [d.path, d.file, d.live, d.editedInFile, d.changedInPolytomic]), [['additional_schedules[0].day_of_week', 'monday', '0', true, false]]);
  });

  test('an edit in the file is a difference, not changed in Polytomic', () => {
    const diffs = compareThreeWay({ file: edited((b) => ((b.default_schedule as Record<string, string>).hour = '6')), live: liveLeaves(realisticLive()), base: createdBase() });
    assert.deepEqual(diffs, [{ path: 'default_schedule.hour', file: '6', live: '4', base: '4', editedInFile: true, changedInPolytomic: false, discovered: false }]);
  });

  test('a key the user removed from the file is a difference; a key the file never set is not, whatever its live value', () => {
    const file = edited((b) => delete (b.destination_configuration as Record<string, unknown>).schema);
    const live = liveLeaves(realisticLive((s) => (s.normalize_names = 'legacy')));
    const diffs = compareThreeWay({ file, live, base: createdBase() });
    assert.deepEqual(diffs.map((d) => [d.path, d.file, d.live]), [['destination_configuration.schema', undefined, 'ORDERS']]);
  });

  test('a change in Polytomic to what the file sets is marked; to what it does not set, nothing', () => {
    const live = liveLeaves(realisticLive((s) => {
      (s.default_schedule as Record<string, string>).hour = '9';
      s.active = false;
    }));
    const diffs = compareThreeWay({ file: bodyLeaves(BODY), live, base: createdBase() });
    assert.deepEqual(diffs.map((d) => [d.path, d.file, d.live, d.editedInFile, d.changedInPolytomic]), [['default_schedule.hour', '4', '9', false, true]]);
  });

  test('both changed: the same value is no difference, another one is, marked changed in Polytomic', () => {
    const base = createdBase();
    const live = liveLeaves(realisticLive((s) => ((s.default_schedule as Record<string, string>).hour = '9')));
    assert.deepEqual(compareThreeWay({ file: edited((b) => ((b.default_schedule as Record<string, string>).hour = '9')), live, base }), []);
    const diffs = compareThreeWay({ file: edited((b) => ((b.default_schedule as Record<string, string>).hour = '7')), live, base });
    assert.deepEqual(diffs.map((d) => [d.path, d.editedInFile, d.changedInPolytomic]), [['default_schedule.hour', true, true]]);
  });

  test('schemas: one dropped from the file (its settings go with it), one selected in the app, filters changed in the app on a schema the file lists', () => {
    const base = createdBase();
    const file = edited((b) => (b.schemas = (b.schemas as unknown[]).slice(1)));
    const live = liveLeaves(realisticLive((_s, schemas) => {
      schemas[2].enabled = true;
      schemas[0].filters = [{ field_id: 'id', function: 'IsNotNull' }];
      schemas[1].filters = [];
    }));
    const diffs = compareThreeWay({ file, live, base }).sort((a, b) => a.path.localeCompare(b.path));
    assert.deepEqual(diffs.map((d) => [d.path, d.file, d.live, d.editedInFile, d.changedInPolytomic, d.discovered]), [
      ['schemas[billing.invoices]', undefined, 'selected', false, true, false],
      ['schemas[public.customers]', undefined, 'selected', true, false, false],
      ['schemas[public.orders].filters', [{ field_id: 'id', function: 'IsNotNull' }], undefined, false, true, false],
    ]);
  });

  test('discovery on: a schema or fields the app added are marked discovered (information); discovery off: not', () => {
    const base = createdBase();
    const live = liveLeaves(realisticLive((_s, schemas) => {
      schemas[2].enabled = true;
      schemas[1].fields!.push(field('created_at'));
    }));
    const byPath = (a: { path: string }, b: { path: string }) => a.path.localeCompare(b.path);
    const on = compareThreeWay({ file: bodyLeaves(BODY), live, base, discovery: { objects: 'all', fields: 'all' } }).sort(byPath);
    assert.deepEqual(on.map((d) => [d.path, d.discovered]), [['schemas[billing.invoices]', true], ['schemas[public.orders].fields', true]]);
    const off = compareThreeWay({ file: bodyLeaves(BODY), live, base, discovery: { objects: 'none', fields: 'none' } }).sort(byPath);
    assert.deepEqual(off.map((d) => [d.path, d.discovered, d.changedInPolytomic]), [['schemas[billing.invoices]', false, true], ['schemas[public.orders].fields', false, true]]);
    // A field turned off in the app is a change, not a discovery.
    const removed = liveLeaves(realisticLive((_s, schemas) => (schemas[1].fields![0].enabled = false)));
    assert.deepEqual(compareThreeWay({ file: bodyLeaves(BODY), live: removed, base, discovery: { fields: 'all' } }).map((d) => d.discovered), [false]);
  });

  test('ignore: a path, everything under it, and [*] for any schema or index; never a difference', () => {
    const base = createdBase();
    const live = liveLeaves(realisticLive((s, schemas) => {
      s.name = 'Renamed in the app';
      (s.default_schedule as Record<string, string>).hour = '9';
      (s.additional_schedules as Record<string, string>[])[0].hour = '3';
      schemas[1].filters = [];
    }));
    assert.equal(compareThreeWay({ file: bodyLeaves(BODY), live, base }).length, 4);
    assert.deepEqual(compareThreeWay({ file: bodyLeaves(BODY), live, base, ignore: ['name', 'default_schedule', 'additional_schedules[*].hour', 'schemas[*].filters'] }), []);
    const match = ignoreMatcher(['default_schedule']);
    assert.ok(match('default_schedule.hour') && match('default_schedule') && !match('default_schedule_x'));
  });
});

describe('verifying an apply', () => {
  const live = (change: (sync: Record<string, unknown>) => void = () => {}) => liveLeaves(realisticLive(change));

  test('a PUT that kept a field: named, and the next comparison still shows the edit', () => {
    const base = createdBase();
    const before = live();
    const file = edited((b) => {
      b.name = 'Renamed';
      b.concurrency_limit = 3;
    });
    const after = live((s) => (s.name = 'Renamed'));
    const verified = verifyApplied({ sent: file, before, after });
    assert.deepEqual(verified.notTaken, ['concurrency_limit']);
    assert.deepEqual(compareThreeWay({ file, live: after, base: verified.base }).map((d) => [d.path, d.file, d.live, d.editedInFile]), [['concurrency_limit', 3, undefined, true]]);
    void base;
  });

  test('a value stored normalised counts as taken; afterwards nothing differs', () => {
    const file = edited((b) => ((b.additional_schedules as Record<string, string>[])[0].day_of_week = 'monday'));
    const after = live((s) => ((s.additional_schedules as Record<string, string>[])[0].day_of_week = '1'));
    const verified = verifyApplied({ sent: file, before: live(), after });
    assert.deepEqual(verified.notTaken, []);
    assert.deepEqual(compareThreeWay({ file, live: after, base: verified.base }), []);
  });

  test('a removal the API did not take is named and stays a difference', () => {
    const file = edited((b) => delete b.additional_schedules);
    const verified = verifyApplied({ sent: file, before: live(), after: live(), base: createdBase() });
    assert.ok(verified.notTaken.includes('additional_schedules[0].frequency'));
    assert.ok(compareThreeWay({ file, live: live(), base: verified.base }).some((d) => d.path === 'additional_schedules[0].frequency'));
  });

  test('a create whose read-back lacks a field the file set names it', () => {
    const file = edited((b) => (b.concurrency_limit = 3));
    const verified = verifyApplied({ sent: file, after: live() });
    assert.deepEqual(verified.notTaken, ['concurrency_limit']);
    assert.equal(compareThreeWay({ file, live: live(), base: verified.base }).length, 1);
  });

  test('after a pull nothing differs', () => {
    const leaves = live();
    const written = new Map([...leaves].filter(([p]) => !p.startsWith('default_schedule.id')));
    assert.deepEqual(compareThreeWay({ file: written, live: leaves, base: pulledBase(written, leaves) }), []);
  });
});

describe('the base in the link', () => {
  test('round-trips, is one line, and is much shorter than per-setting fingerprints would be', () => {
    const base = createdBase();
    const text = encodeBase(base);
    assert.match(text, /^b1\.[A-Za-z0-9_-]+$/);
    const back = decodeBase(text);
    assert.ok(!('error' in back));
    assert.deepEqual([...back.file].sort(), [...base.file].sort());
    assert.deepEqual([...back.live].sort(), [...base.live].sort());
    assert.ok(text.length < 900, `${text.length} characters`);
  });

  test('b1 is raw deflate in base64url: a base from node:zlib reads, and one written reads with node:zlib (the web build has no zlib)', () => {
    const base = createdBase();
    const written = encodeBase(base);
    const json = inflateRawSync(Buffer.from(written.slice(3), 'base64url')).toString('utf8');
    assert.deepEqual(Object.keys(JSON.parse(json)), ['f', 'l']);
    const fromZlib = `b1.${deflateRawSync(Buffer.from(json, 'utf8'), { level: 9 }).toString('base64url')}`;
    const back = decodeBase(fromZlib);
    assert.ok(!('error' in back));
    assert.deepEqual([...back.live].sort(), [...base.live].sort());
    assert.match((decodeBase('b1.not*base64') as { error: string }).error, /cannot be read/);
  });

  test('a base edited by hand, cut, or from another version is a located problem, not a crash', () => {
    const text = encodeBase(createdBase());
    assert.match((decodeBase(text.slice(0, 40)) as { error: string }).error, /cannot be read/);
    assert.match((decodeBase('b9.xyz') as { error: string }).error, /another version/);
    const parsed = parseKeptLink({ sync_id: 's', base: text.slice(0, 40) });
    assert.ok('problem' in parsed && parsed.problem.member === 'base');
    assert.match((parsed as { problem: { message: string } }).problem.message, /pull the sync again/);
  });

  test('the link value: sync_id, updated_at, ignore and base; old links with fingerprints are read, never written', () => {
    const base = createdBase();
    const value = keptLinkValue({ sync_id: 's', updated_at: '2026-01-01T00:00:00.000Z', ignore: ['active'], base });
    assert.deepEqual(Object.keys(value), ['sync_id', 'updated_at', 'ignore', 'base']);
    const back = parseKeptLink(JSON.parse(JSON.stringify(value)));
    assert.ok('link' in back);
    assert.deepEqual(back.link.ignore, ['active']);
    const old = parseKeptLink({ sync_id: 's', updated_at: 'x', fingerprints: { name: 'abc', bad: 1 } });
    assert.ok('link' in old);
    assert.deepEqual(old.link.fingerprints, { name: 'abc' });
    assert.equal(old.link.base, undefined);
    assert.ok(!('fingerprints' in keptLinkValue(old.link)));
    assert.ok('problem' in parseKeptLink({ sync_id: 's', ignore: ['ok', 3] }));
    assert.ok('problem' in parseKeptLink({ sync_id: ' ' }));
    assert.ok('problem' in parseKeptLink([]));
  });
});

// Keeps the Leaves type in use for readers of this file.
export type { Leaves };
