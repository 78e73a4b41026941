// What an apply sends so nothing the file does not own is reset (server/src/keep/send.ts), the live
// syncs an unlinked file would duplicate, and the API version keep-as-code accepts.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { BulkSchema, BulkSyncResponse } from '../../server/src/api/types';
import { keepScheduleIds, putBody, selectionAfter } from '../../server/src/keep/send';
import { existingTwins, KEEP_AS_CODE_VERSION, keepVersionProblem, twinsMessage } from '../../server/src/keep/twins';

const LIVE_SYNC = {
  id: 's1',
  name: 'Orders',
  mode: 'replicate',
  active: false,
  source_connection_id: 'src',
  destination_connection_id: 'dst',
  destination_configuration: { schema: 'ORDERS', advanced: { table_prefix: 'x_' } },
  default_schedule: { frequency: 'daily', hour: '4', minute: '0', id: 'd1', created_at: 't', updated_by: { id: 'u' } },
  additional_schedules: [{ frequency: 'weekly', day_of_week: 'sunday', id: 'a1', created_at: 't' }],
  policies: ['pol-app'],
  organization_id: 'org',
  updated_at: '2026-01-01T00:00:00Z',
} as unknown as BulkSyncResponse;

const field = (id: string, name: string | null = null) => ({ id, enabled: true, obfuscated: false, output_name: id, user_output_name: name });
const LIVE_SCHEMAS: BulkSchema[] = [
  { id: 'public.orders', enabled: true, user_output_name: 'orders_v2', fields: [field('id', 'order_id'), field('total')] },
  { id: 'public.customers', enabled: true, user_output_name: null, fields: [field('id')] },
  { id: 'billing.invoices', enabled: false },
];
const live = { sync: LIVE_SYNC, schemas: LIVE_SCHEMAS };

const BODY = {
  name: 'Orders',
  mode: 'replicate',
  source_connection_id: 'src',
  destination_connection_id: 'dst',
  destination_configuration: { schema: 'ORDERS' },
  default_schedule: { frequency: 'daily', hour: '6', minute: '0' },
  additional_schedules: [{ frequency: 'weekly', day_of_week: 'monday' }],
  schemas: [{ id: 'public.orders', fields: ['id', 'total'] }],
};

describe('the PUT body', () => {
  test('the file\'s settings, the live value of each setting it leaves to the app, schedule ids kept, the selection it wants with output names', () => {
    const { body, carried } = putBody({ body: BODY, live });
    assert.deepEqual(carried.sort(), ['active', 'policies']);
    assert.equal(body.active, false, 'set in the app, not in the file: kept');
    assert.deepEqual(body.policies, ['pol-app'], 'policies set in the app survive');
    assert.deepEqual(body.default_schedule, BODY.default_schedule, 'the file owns it');
    assert.deepEqual(body.additional_schedules, [{ frequency: 'weekly', day_of_week: 'monday', id: 'a1' }]);
    assert.deepEqual(body.destination_configuration, { schema: 'ORDERS' }, 'the file owns the object it sets');
    assert.deepEqual(body.schemas, [{ id: 'public.orders', user_output_name: 'orders_v2', fields: [{ id: 'id', user_output_name: 'order_id' }, 'total'] }]);
    assert.ok(!('organization_id' in body) && !('id' in body) && !('updated_at' in body));
  });

  test('a setting removed from the file is not carried (the PUT resets it); ignored paths get their live value', () => {
    const { body } = putBody({ body: { ...BODY, active: true }, live, removed: new Set(['policies']), ignore: ['active', 'destination_configuration.advanced'] });
    assert.ok(!('policies' in body));
    assert.equal(body.active, false);
    assert.deepEqual(body.destination_configuration, { schema: 'ORDERS', advanced: { table_prefix: 'x_' } });
  });

  test('a file without schemas sends the live selection, so a PUT cannot select every schema', () => {
    const { schemas: _s, ...noSchemas } = BODY;
    assert.deepEqual(selectionAfter(noSchemas, live), [{ id: 'public.orders', user_output_name: 'orders_v2' }, { id: 'public.customers' }]);
  });

  test('schedule ids: kept for the schedule at the same place with the same frequency; a new one gets none', () => {
    const kept = keepScheduleIds([{ frequency: 'weekly' }, { frequency: 'daily' }], [{ frequency: 'weekly', id: 'a1' }]);
    assert.deepEqual(kept, [{ frequency: 'weekly', id: 'a1' }, { frequency: 'daily' }]);
    assert.deepEqual(keepScheduleIds([{ frequency: 'hourly' }], [{ frequency: 'weekly', id: 'a1' }]), [{ frequency: 'hourly' }]);
    assert.deepEqual(keepScheduleIds([{ frequency: 'weekly', id: 'mine' }], [{ frequency: 'weekly', id: 'a1' }]), [{ frequency: 'weekly', id: 'mine' }]);
  });
});

describe('one sync per file', () => {
  test('a live sync with the same name (any case) and connections is found; another destination is not', () => {
    const syncs = [LIVE_SYNC, { ...LIVE_SYNC, id: 's2', name: ' orders ' }, { ...LIVE_SYNC, id: 's3', destination_connection_id: 'other' }] as BulkSyncResponse[];
    assert.deepEqual(existingTwins(BODY, syncs).map((s) => s.id), ['s1', 's2']);
    assert.deepEqual(existingTwins({ ...BODY, name: 'New' }, syncs), []);
    assert.deepEqual(existingTwins({ ...BODY, name: undefined }, syncs), []);
    const message = twinsMessage('syncs/orders.polysync.json', existingTwins(BODY, syncs));
    assert.match(message, /not created: .* already exists: s1 \(last changed 2026-01-01T00:00:00Z\), s2/);
    // The CLI words the time for the person (local on a terminal); the API's string otherwise.
    const worded = twinsMessage('syncs/orders.polysync.json', existingTwins(BODY, syncs), (iso) => `<${iso.slice(0, 10)}>`);
    assert.match(worded, /already exists: s1 \(last changed <2026-01-01>\), s2/);
    assert.match(message, /polysync link syncs\/orders\.polysync\.json s1/);
  });
});

describe('the API version keep-as-code models', () => {
  test(`${KEEP_AS_CODE_VERSION} and unset pass; another is refused with a message`, () => {
    assert.equal(keepVersionProblem(undefined), undefined);
    assert.equal(keepVersionProblem(KEEP_AS_CODE_VERSION), undefined);
    assert.match(keepVersionProblem('2024-02-08') ?? '', /--api-version 2024-02-08 answers in another shape, so nothing was compared or changed/);
  });
});
