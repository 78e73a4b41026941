// The helpers that replace node:crypto and Buffer in the code the web worker shares with Node give the
// same answers as Node's own, on text that exercises every UTF-8 length, lone surrogates and block edges.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import fc from 'fast-check';
import { base64Utf8, utf8Decode, utf8Encode } from '../../server/src/util/bytes';
import { utf8Length } from '../../server/src/util/utf8Length.web';
import { sha256Hex } from '../../server/src/util/sha256.web';

const EDGES = ['', 'a', 'abc', 'é', '€', '😀', '\ud800', 'x\udc00y', 'a'.repeat(55), 'a'.repeat(56), 'a'.repeat(63), 'a'.repeat(64), 'a'.repeat(65), 'ü'.repeat(1000)];
const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ unit: 'grapheme', maxLength: 300 }), fc.constantFrom(...EDGES));

test('sha256Hex matches node:crypto', () => {
  assert.equal(sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  for (const text of EDGES) assert.equal(sha256Hex(text), createHash('sha256').update(text).digest('hex'), JSON.stringify(text));
  fc.assert(fc.property(anyText, (text) => sha256Hex(text) === createHash('sha256').update(text).digest('hex')), { numRuns: 500 });
});

test('utf8Length, utf8Encode, utf8Decode and base64Utf8 match Buffer', () => {
  fc.assert(
    fc.property(anyText, (text) => {
      assert.equal(utf8Length(text), Buffer.byteLength(text, 'utf8'));
      assert.deepEqual(Buffer.from(utf8Encode(text)), Buffer.from(text, 'utf8'));
      assert.equal(utf8Decode(Buffer.from(text, 'utf8')), Buffer.from(text, 'utf8').toString('utf8'));
      assert.equal(base64Utf8(text), Buffer.from(text, 'utf8').toString('base64'));
    }),
    { numRuns: 500 },
  );
  // Longer than the chunk base64Utf8 converts at a time.
  const long = 'ключ:'.repeat(20_000);
  assert.equal(base64Utf8(long), Buffer.from(long, 'utf8').toString('base64'));
});
