// How a linked sync's drift and an apply's leftovers are put in words (client/src/keepSync/describe.ts):
// "changed in Polytomic by NAME, TIME" in the lens and Show Changes' title, and the fields the API did
// not take after Create or Update. Times in a given zone, so the expected text does not depend on the machine.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { changedByText, changedInPolytomicText, notTakenText, stateTitle } from '../../client/src/keepSync/describe';
import type { LinkedState } from '../../client/src/keepSync/states';

const AT = '2026-03-04T14:05:00Z';

function state(extra: Partial<LinkedState> & Record<string, unknown> = {}): LinkedState {
  return {
    kind: 'linked', syncId: 's', name: 'n', appUrl: 'https://x', differences: [], changedInPolytomic: [], changedUnnamed: false, liveText: '{}', running: false,
    ...extra,
  } as LinkedState;
}

describe('changed in Polytomic, in words', () => {
  test('who and when, either, or neither', () => {
    assert.match(changedByText('Ana Ruiz', AT, 'UTC'), /^ by Ana Ruiz, Mar 4, (2:05\s?PM|14:05) UTC$/);
    assert.equal(changedByText('Ana Ruiz', undefined), ' by Ana Ruiz');
    assert.match(changedByText(undefined, AT, 'UTC'), /^, Mar 4, (2:05\s?PM|14:05) UTC$/);
    assert.equal(changedByText(undefined, undefined), '');
  });

  test('the fields when there are one or two, a count beyond; nothing when nothing changed there', () => {
    assert.equal(changedInPolytomicText(state()), undefined);
    assert.equal(changedInPolytomicText(state({ changedInPolytomic: ['name'] })), 'name changed in Polytomic');
    assert.equal(changedInPolytomicText(state({ changedInPolytomic: ['name', 'mode', 'active'] })), '3 fields changed in Polytomic');
    assert.equal(changedInPolytomicText(state({ changedUnnamed: true })), 'changed in Polytomic');
    assert.match(changedInPolytomicText(state({ changedInPolytomic: ['name'], changedBy: 'Ana Ruiz', changedAt: AT }), 'UTC') ?? '', /^name changed in Polytomic by Ana Ruiz, Mar 4, (2:05\s?PM|14:05) UTC$/);
  });

  test('the state lens says who changed it and when', () => {
    const title = stateTitle(state({ changedInPolytomic: ['name'], changedBy: 'Ana Ruiz', changedAt: AT }), 'UTC');
    assert.match(title, /^Never run · \$\(warning\) changed in Polytomic by Ana Ruiz, Mar 4, (2:05\s?PM|14:05) UTC$/);
    assert.equal(stateTitle(state({ changedInPolytomic: ['name'] })), 'Never run · $(warning) changed in Polytomic');
    assert.equal(stateTitle(state({ differences: [{ path: 'name', file: 'a', live: 'b' }] as never })), 'Never run · 1 local change');
  });

  test('fields the API did not take: named, the rest counted', () => {
    assert.equal(notTakenText(['disable_record_timestamps']), 'Polytomic did not take this field from the file: disable_record_timestamps. The sync keeps its own value there; Show Changes shows it.');
    assert.equal(
      notTakenText(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']),
      'Polytomic did not take these fields from the file: a, b, c, d, e, f and 2 more. The sync keeps its own values there; Show Changes shows them.',
    );
  });
});
