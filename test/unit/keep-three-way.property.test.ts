// A property of the three-way comparison: whatever the API reads back (defaults filled in, values
// normalised, fields a PUT keeps), after a create and after an apply of any edits the comparison is
// empty or the apply named the field it could not set; with nobody changing anything it is empty; an
// edit to what the file sets is always a difference before the apply; a change in the app to what the
// file sets is marked changed in Polytomic, and one to what it does not set is never a difference.
// The API here is a model over leaves, so thousands of runs stay fast; test/api covers the sandbox.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { type Leaves, leafText, SCHEMAS_LISTED } from '../../server/src/keep/leaves';
import { compareThreeWay, pulledBase, verifyApplied } from '../../server/src/keep/threeWay';

const SETTINGS = [
  'name', 'active', 'concurrency_limit', 'normalize_names', 'policies',
  'default_schedule.frequency', 'default_schedule.hour', 'default_schedule.minute', 'default_schedule.day_of_week',
  'destination_configuration.schema', 'destination_configuration.advanced.table_prefix', 'source_configuration.replication_slot',
  'additional_schedules[0].hour', 'additional_schedules[0].id',
];
const SCHEMAS = ['schemas[A]', 'schemas[B]', 'schemas[C]'];
const SCHEMA_SETTINGS = ['schemas[A].fields', 'schemas[A].filters', 'schemas[B].fields', 'schemas[B].partition_key'];
const ALL = [...SETTINGS, ...SCHEMAS, ...SCHEMA_SETTINGS];

/** How the API reads back: defaults for paths not sent, a normal form for some values, fields a PUT keeps. */
interface ReadBack {
  defaults: Map<string, string>;
  normalised: Set<string>;
  putKeeps: Set<string>;
}

const value = fc.constantFrom('a', 'b', 'c', '', '1').map((v) => leafText(v));
const readBack: fc.Arbitrary<ReadBack> = fc.record({
  defaults: fc.uniqueArray(fc.tuple(fc.constantFrom(...SETTINGS, ...SCHEMA_SETTINGS), value), { selector: ([p]) => p, maxLength: 6 }).map((pairs) => new Map(pairs)),
  normalised: fc.subarray(SETTINGS).map((s) => new Set(s)),
  putKeeps: fc.subarray(SETTINGS, { maxLength: 3 }).map((s) => new Set(s)),
});

/** A file's leaves: some settings, always a schema list; schema settings only on selected schemas. */
const fileLeaves: fc.Arbitrary<Leaves> = fc
  .tuple(fc.subarray(SETTINGS), fc.subarray(SCHEMAS), fc.subarray(SCHEMA_SETTINGS), fc.array(value, { minLength: ALL.length, maxLength: ALL.length }))
  .map(([settings, schemas, schemaSettings, values]) => {
    const out: Leaves = new Map([[SCHEMAS_LISTED, leafText('listed')]]);
    settings.forEach((p) => out.set(p, values[ALL.indexOf(p)]));
    schemas.forEach((p) => out.set(p, leafText('selected')));
    schemaSettings.filter((p) => out.has(p.slice(0, p.indexOf(']') + 1))).forEach((p) => out.set(p, values[ALL.indexOf(p)]));
    return out;
  });

/** A normal form that is its own fixed point, as an API's normalisation is. */
const normalise = (text: string): string => (text.endsWith('~"') ? text : `${text.slice(0, -1)}~"`);

/** What the API stores from what it was sent; `previous` is the sync before a PUT. */
function store(sent: Leaves, api: ReadBack, previous?: Leaves): Leaves {
  const out: Leaves = new Map([[SCHEMAS_LISTED, leafText('listed')]]);
  for (const path of ALL) {
    if (previous && api.putKeeps.has(path)) {
      const kept = previous.get(path);
      if (kept !== undefined) out.set(path, kept);
      continue;
    }
    const schema = /^(schemas\[\w\])\./.exec(path);
    if (schema && !sent.has(schema[1])) continue; // a schema not selected has no settings
    const given = sent.get(path) ?? api.defaults.get(path);
    if (given === undefined) continue;
    out.set(path, api.normalised.has(path) && given.startsWith('"') ? normalise(given) : given);
  }
  return out;
}

/** An apply as the use case sends it: the file's leaves, and the live value of everything the file leaves to the app. */
function sendable(file: Leaves, live: Leaves, base: ReturnType<typeof pulledBase>): Leaves {
  const out = new Map(file);
  for (const [path, v] of live) if (!out.has(path) && !base.file.has(path) && !path.startsWith('schemas[')) out.set(path, v);
  return out;
}

const edits = fc.array(fc.tuple(fc.constantFrom(...ALL), fc.option(value, { nil: undefined })), { maxLength: 5 });

function edited(leaves: Leaves, changes: [string, string | undefined][], keepSchemaRule = true): Leaves {
  const out = new Map(leaves);
  for (const [path, v] of changes) {
    if (v === undefined) out.delete(path);
    else out.set(path, SCHEMAS.includes(path) ? leafText('selected') : v);
  }
  if (keepSchemaRule) for (const path of [...out.keys()]) {
    const schema = /^(schemas\[\w\])\./.exec(path);
    if (schema && !out.has(schema[1])) out.delete(path);
  }
  return out;
}

test('after a create, and after an apply of any edits, the comparison is empty or names what the API did not take', () => {
  fc.assert(
    fc.property(fileLeaves, readBack, edits, edits, (file0, api, fileEdits, appEdits) => {
      // Create, verify, and nobody changes anything: no differences.
      const live0 = store(file0, api);
      const created = verifyApplied({ sent: file0, after: live0 });
      assert.deepEqual(created.notTaken.filter((p) => !(api.putKeeps.has(p) || live0.has(p))), [], 'a create takes what it is sent');
      assert.deepEqual(compareThreeWay({ file: file0, live: live0, base: created.base }).filter((d) => !created.notTaken.includes(d.path)), []);

      // Someone edits in the app, the user edits the file.
      const live1 = edited(live0, appEdits);
      const file1 = edited(file0, fileEdits);
      const before = compareThreeWay({ file: file1, live: live1, base: created.base });
      for (const d of before) assert.ok(!d.discovered, 'no discovery in this model');
      const changedPaths = new Set(before.map((d) => d.path));
      for (const [path] of fileEdits) {
        // A schema's settings go with its selection: dropping the schema is the difference then.
        const schema = /^(schemas\[\w\])\./.exec(path);
        const ownedNow = schema ? file1.has(schema[1]) : file1.has(path) || created.base.file.has(path) || SCHEMAS.includes(path);
        if (ownedNow && file1.get(path) !== live1.get(path) && file1.get(path) !== created.base.file.get(path)) {
          assert.ok(changedPaths.has(path), `the edit to ${path} shows before the apply`);
        }
      }
      for (const d of before) {
        if (live1.get(d.path) !== created.base.live.get(d.path)) assert.ok(d.changedInPolytomic, `${d.path} is marked changed in Polytomic`);
        assert.ok(file1.has(d.path) || created.base.file.has(d.path) || /^schemas\[/.test(d.path), `${d.path} is something the file owns`);
      }

      // Apply: PUT of the file with what it leaves to the app carried, read back, verify.
      const live2 = store(sendable(file1, live1, created.base), api, live1);
      const applied = verifyApplied({ sent: file1, before: live1, after: live2, base: created.base });
      // Named as not taken: a field the API keeps, or one whose live value already was what the API
      // makes of the file's value (the read-back cannot tell the two apart, so it says so).
      const storedForm = (path: string) => store(new Map([[SCHEMAS_LISTED, leafText('listed')], ...[...file1].filter(([p]) => p === path || /^schemas\[\w\]$/.test(p))]), { ...api, putKeeps: new Set() }).get(path);
      for (const path of applied.notTaken) assert.ok(api.putKeeps.has(path) || storedForm(path) === live1.get(path), `${path} named as not taken is one the API keeps`);
      const after = compareThreeWay({ file: file1, live: live2, base: applied.base });
      for (const d of after) assert.ok(applied.notTaken.includes(d.path), `after the apply ${d.path} differs and was not named: ${JSON.stringify(d)}`);

      // Pull: the file becomes the live sync; nothing differs.
      assert.deepEqual(compareThreeWay({ file: live2, live: live2, base: pulledBase(live2, live2) }), []);
    }),
    { numRuns: 3000 },
  );
});

test('an edit in the app to what the file does not own is never a difference; with ignore, nothing the ignore names is', () => {
  fc.assert(
    fc.property(fileLeaves, readBack, edits, fc.subarray(SETTINGS, { maxLength: 3 }), (file0, api, appEdits, ignore) => {
      const live0 = store(file0, api);
      const { base } = verifyApplied({ sent: file0, after: live0 });
      const live1 = edited(live0, appEdits, false);
      const diffs = compareThreeWay({ file: file0, live: live1, base, ignore });
      for (const d of diffs) {
        assert.ok(file0.has(d.path) || /^schemas\[/.test(d.path), `${d.path} is owned by the file`);
        assert.ok(!ignore.includes(d.path), `${d.path} is ignored`);
        assert.ok(d.changedInPolytomic, `${d.path}: only the app changed`);
      }
    }),
    { numRuns: 2000 },
  );
});
