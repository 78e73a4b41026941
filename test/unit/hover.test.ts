import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { MarkupContent } from 'vscode-languageserver-types';
import { parseDocument } from '../../server/src/service/document/document';
import { hover } from '../../server/src/service/hover';
import { atCursor } from './cursor';

/** Hovers at `|` and checks the range is the token between `⟦` `⟧`; returns the markdown. */
function hoverText(marked: string): string {
  const fixture = atCursor(marked);
  const result = hover(fixture.doc, fixture.position);
  assert.ok(result, `expected a hover for ${marked}`);
  const contents = result.contents as MarkupContent;
  assert.equal(contents.kind, 'markdown');
  if (fixture.range) assert.deepEqual(result.range, fixture.range, 'the range is the hovered token');
  return contents.value;
}

const API_REFERENCE = 'https://apidocs.polytomic.com/2025-09-18/api-reference/bulk-sync/create';

describe('hover on property names', () => {
  test('description, type, required, and a link to the API reference', () => {
    const text = hoverText('{⟦"na|me"⟧: "x"}');
    assert.match(text, /\*\*`name`\*\* \(required\): `string`/);
    assert.match(text, /Human-readable name/);
    assert.match(text, /API rejects a request without it/);
    assert.ok(text.includes(API_REFERENCE));
  });

  test('allowed values, default and the behaviour when omitted', () => {
    const text = hoverText('{⟦"normalize|_names"⟧: "legacy"}');
    assert.match(text, /- `enabled`: /);
    assert.match(text, /- `legacy`: /);
    assert.match(text, /\*\*Default:\*\* `enabled`/);
    assert.match(text, /\*\*When omitted:\*\* Names are normalized/);
  });

  test('descriptions written next to a $ref win, with their docs links', () => {
    const objects = hoverText('{⟦"automatically_add_new_obj|ects"⟧: "all"}');
    assert.match(objects, /\*\*When omitted:\*\* Newly discovered objects are \*\*not\*\* added/);
    assert.ok(objects.includes('https://docs.polytomic.com/docs/common-advanced-settings'));
    const fields = hoverText('{"automatically_add_new_fie|lds": "all"}');
    assert.match(fields, /\*\*When omitted:\*\* Newly discovered fields on the selected objects \*\*are\*\* added/);
  });

  test('default_schedule reads the schedule back in words', () => {
    const text = hoverText('{⟦"default_sch|edule"⟧: {"frequency": "daily", "hour": "2", "minute": "30"}}');
    assert.match(text, /\*\*Runs:\*\* daily at 02:30 UTC/);
    assert.match(text, /UTC/);
  });

  test("an additional schedule's frequency reads that schedule back, with its scope", () => {
    const text = hoverText(
      '{"additional_schedules": [{⟦"freq|uency"⟧: "daily", "hour": "5", "minute": "0", "selective_mode": "nonincrementalFields", "schemas": ["Account"]}]}',
    );
    assert.match(text, /\*\*Runs:\*\* daily at 05:00 UTC \(non-incremental fields only; schemas `Account`\)/);
  });

  test('additional_schedules lists every schedule in words', () => {
    const text = hoverText(
      '{"additional_sched|ules": [{"frequency": "continuous", "selective_mode": "incrementalFields"}, {"frequency": "weekly", "day_of_week": "sunday", "hour": "3", "minute": "0", "resync_mode": "refetch"}]}',
    );
    assert.match(text, /1\. continuously \(incremental fields only\)/);
    assert.match(text, /2\. weekly on Sunday at 03:00 UTC \(refetch runs\)/);
  });

  test('schedule time fields say times are UTC', () => {
    const hour = hoverText('{"default_schedule": {"frequency": "weekly", ⟦"ho|ur"⟧: "6"}}');
    assert.match(hour, /Hour of the day in \*\*UTC\*\*/);
    assert.match(hour, /\*\*Runs:\*\* weekly \(day_of_week and minute not set\)/);
    const day = hoverText('{"default_schedule": {"frequency": "weekly", "day_of|_week": "monday"}}');
    assert.match(day, /Times are \*\*UTC\*\*/);
  });

  test('removed and refused properties explain themselves', () => {
    const schedule = hoverText('{⟦"sched|ule"⟧: {"frequency": "daily"}}');
    assert.match(schedule, /removed in API version 2025-09-18/);
    assert.match(schedule, /default_schedule/);
    const discover = hoverText('{"disc|over": true}');
    assert.match(discover, /automatically_add_new_objects/);
    const output = hoverText('{"schemas": [{"id": "Contact", ⟦"output|_name"⟧: "contacts"}]}');
    assert.match(output, /not accepted when creating a bulk sync/);
  });

  test('connection-specific configuration keys', () => {
    const text = hoverText('{"destination_configuration": {"advanced": {⟦"hard_del|etes"⟧: true}}}');
    assert.match(text, /soft delete/);
    assert.match(text, /`snowflake`/);
  });
});

describe('hover on values', () => {
  test('an enum value says what it does', () => {
    const text = hoverText('{"mode": ⟦"repl|icate"⟧}');
    assert.match(text, /\*\*`replicate`\*\* \(`mode`\)/);
    assert.match(text, /up-to-date replica/);
  });

  test('the value used when the field is omitted is pointed out', () => {
    assert.match(hoverText('{"normalize_names": "ena|bled"}'), /what the API does when `normalize_names` is left out/);
    assert.doesNotMatch(hoverText('{"normalize_names": "leg|acy"}'), /left out/);
    assert.match(hoverText('{"automatically_add_new_objects": "no|ne"}'), /left out/);
  });

  test('a frequency value names the fields it uses and reads the schedule back', () => {
    const text = hoverText('{"default_schedule": {"frequency": ⟦"wee|kly"⟧, "day_of_week": "1", "hour": "6", "minute": "0"}}');
    assert.match(text, /Uses `day_of_week`, `hour` and `minute` \(UTC\)/);
    assert.match(text, /\*\*Runs:\*\* weekly on Monday at 06:00 UTC/);
    assert.match(hoverText('{"default_schedule": {"frequency": "mul|ti"}}'), /deprecated/);
  });

  test('booleans and null', () => {
    const text = hoverText('{"disable_record_timestamps": ⟦fal|se⟧}');
    assert.match(text, /Sets `disable_record_timestamps` to `false`/);
    assert.match(text, /left out/);
    assert.match(hoverText('{"active": nu|ll}'), /as if it were left out/);
  });

  test('other values show what their property is', () => {
    assert.match(hoverText('{"source_connection_id": "248d|f4b7"}'), /\*\*source\*\* connection/);
    assert.match(hoverText('{"schemas": [⟦"Con|tact"⟧]}'), /Id of a source schema/);
    assert.match(hoverText('{"schemas": [{"id": "Con|tact"}]}'), /Id of the source schema/);
  });
});

describe('hover where there is nothing to say', () => {
  test('punctuation, whitespace, unknown properties, empty and broken documents', () => {
    for (const marked of ['{"name": "x" |}', '|{"name": "x"}', '{"name"|: "x"}', '{"nonsense|": 1}', '|', '{"mode": |', '[|1]']) {
      const fixture = atCursor(marked);
      assert.equal(hover(fixture.doc, fixture.position), null, marked);
    }
  });

  test('every offset of the examples and of broken texts: a hover or null, never an exception', () => {
    const examples = join(__dirname, '..', '..', 'examples');
    const texts = readdirSync(examples)
      .filter((f) => f.endsWith('.json'))
      .map((f) => readFileSync(join(examples, f), 'utf8'));
    texts.push('{"default_schedule": {"frequency": 5, "hour": [1]}}', '{"schemas": [{"fields": [{"id": {}}]}]}', '{"a": [1, {"b": "\\u12');
    let hovers = 0;
    for (const text of texts) {
      const doc = parseDocument('file:///x.polysync.json', 1, text);
      for (let offset = 0; offset <= text.length; offset++) {
        const result = hover(doc, doc.positionAt(offset));
        if (result) hovers++;
      }
    }
    assert.ok(hovers > 100, 'the examples have plenty to explain');
  });
});
