// Reading the API's descriptions of sources and destinations into the snapshot's shapes, including
// both documented shapes of a destination's configuration.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readConfiguration, toSource, toTarget } from '../../server/src/account/normalize';
import { toConnections, toPolicies } from '../../server/src/account/normalize';
import { buildConnections, IDS } from '../sandbox/fixtures';

const sandbox = new Map(buildConnections().map((c) => [c.connection.id, c]));
const keys = (settings: readonly { key: string }[] | undefined) => (settings ?? []).map((s) => s.key);

describe('destination configuration descriptions', () => {
  test('a JSON Schema: properties, required, defaults, titles and nested objects', () => {
    const settings = readConfiguration(sandbox.get(IDS.snowflake)!.target!.configuration);
    assert.deepEqual(keys(settings), ['schema', 'mirror_schemas', 'advanced']);
    const [schema, mirror, advanced] = settings!;
    assert.deepEqual(
      { required: schema.required, type: schema.type, title: schema.title, description: schema.description },
      { required: true, type: 'string', title: 'Output schema', description: 'Schema the tables are written to.' },
    );
    assert.deepEqual({ required: mirror.required, hasDefault: mirror.hasDefault, default: mirror.default, type: mirror.type }, { required: false, hasDefault: true, default: false, type: 'boolean' });
    assert.equal(advanced.type, 'object');
    assert.deepEqual(keys(advanced.children), ['table_prefix', 'truncate_existing', 'hard_deletes']);
  });

  test('the `key -> {default, required}` map, with nested `items`', () => {
    const settings = readConfiguration(sandbox.get(IDS.analyticsPostgres)!.target!.configuration);
    assert.deepEqual(keys(settings), ['schema', 'mirror_schemas', 'advanced']);
    assert.deepEqual(settings![0], { key: 'schema', required: false, hasDefault: true, default: 'polytomic', type: 'string', title: undefined, description: undefined });
    assert.equal(settings![2].type, 'object', 'a key with items is an object');
    assert.deepEqual(keys(settings![2].children), ['table_prefix', 'truncate_existing']);

    const s3 = readConfiguration(sandbox.get(IDS.s3)!.target!.configuration)!;
    assert.deepEqual(s3.map((s) => [s.key, s.required, s.default]), [['format', true, 'csv'], ['subfolder', false, '']]);
  });

  test('a map with a key named `properties` is still read as a map', () => {
    const settings = readConfiguration({ properties: { default: '', required: true }, region: { default: 'us', required: false } });
    assert.deepEqual(keys(settings), ['properties', 'region']);
    assert.equal(settings![0].required, true);
  });

  test('enums and bare values; nothing readable gives undefined, an empty object no settings', () => {
    const fromSchema = readConfiguration({ type: 'object', properties: { format: { type: 'string', enum: ['csv', 'json'] } } });
    assert.deepEqual(fromSchema![0].enum, ['csv', 'json']);
    const bare = readConfiguration({ region: 'eu' });
    assert.deepEqual(bare, [{ key: 'region', required: false, hasDefault: true, default: 'eu', type: 'string' }]);
    assert.equal(readConfiguration(null), undefined);
    assert.equal(readConfiguration('nonsense'), undefined);
    assert.deepEqual(readConfiguration({}), []);
  });
});

describe('sources, targets, connections and policies', () => {
  test('a source with fields keeps them; without, fields stay unknown', () => {
    const raw = sandbox.get(IDS.ordersDb)!.source!;
    const full = toSource(raw, true);
    assert.equal(full.fieldsIncluded, true);
    assert.equal(full.supportsTrackingFields, true);
    const orders = full.schemas.find((s) => s.id === 'public.orders')!;
    assert.deepEqual(orders.fields![0], { id: 'id', name: 'id', type: 'integer', isPrimaryKey: true });
    const bare = toSource({ schemas: [{ id: 'public.orders', name: 'public.orders' }] }, false);
    assert.equal(bare.fieldsIncluded, false);
    assert.equal(bare.schemas[0].fields, undefined);
  });

  test('malformed entries are dropped, never trusted', () => {
    const source = toSource({ schemas: [{ id: 'ok', fields: [{ id: 'a' }, { name: 'no id' }, 7, 'b'] }, { name: 'no id' }, null] }, true);
    assert.deepEqual(source.schemas.map((s) => s.id), ['ok']);
    assert.deepEqual(source.schemas[0].fields!.map((f) => f.id), ['a', 'b']);
    assert.deepEqual(toSource('garbage', true), { schemas: [], fieldsIncluded: true, supportsTrackingFields: undefined });
  });

  test('a target lists modes (objects or plain ids) and resync modes', () => {
    const target = toTarget({ modes: [{ id: 'snapshot', label: 'Snapshot', requires_identity: false }, 'replicate', { label: 'no id' }], supported_resync_modes: ['normal', 3] });
    assert.deepEqual(target.modes!.map((m) => m.id), ['snapshot', 'replicate']);
    assert.deepEqual(target.resyncModes, ['normal']);
    assert.equal(toTarget({}).modes, undefined, 'no list means the modes are not known');
  });

  test('connections without a type object, and policies', () => {
    const connections = toConnections([{ id: 'a', name: 'A', type: 'postgresql' }, { id: 'b' }, { name: 'no id' }]);
    assert.deepEqual(connections, [
      { id: 'a', name: 'A', typeId: 'postgresql', typeName: undefined, status: undefined },
      { id: 'b', name: 'b', typeId: 'unknown', typeName: undefined, status: undefined },
    ]);
    assert.deepEqual(toPolicies([{ id: 'p', name: 'P', system: true }, {}]), [{ id: 'p', name: 'P', system: true }]);
  });
});
