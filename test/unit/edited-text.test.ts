// EditedText (a version's text read in place as the previous flat text with one region replaced) reads
// exactly like the string it stands for, through long sequences of edits: small ones that keep the
// region small, edits far apart whose region grows, and large ones past the point where it is made one
// flat string again.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EditedText } from '../../server/src/service/document/editedText';
import { random } from '../bench/generate';


function assertReadsLike(text: string | EditedText, expected: string, next: () => number, label: string): void {
  assert.equal(text.length, expected.length, `${label}: length`);
  for (let i = 0; i < 30; i++) {
    const at = Math.floor(next() * (expected.length + 2)) - 1;
    assert.equal(text.charCodeAt(at), expected.charCodeAt(at), `${label}: charCodeAt(${at})`);
    const from = Math.floor(next() * (expected.length + 1));
    const to = from + Math.floor(next() * 300) - 20;
    assert.equal(text.slice(from, to), expected.slice(from, to), `${label}: slice(${from}, ${to})`);
  }
  assert.equal(text.slice(0), expected, `${label}: slice(0)`);
}

test('an edited text reads like the spliced string, through small, scattered and large edits', () => {
  const next = random(9);
  const base = Array.from({ length: 4000 }, (_, i) => `line ${i} ${'x'.repeat(i % 50)}\n`).join('');
  let text: string | EditedText = base;
  let expected = base;
  let flatAgain = 0;
  for (let step = 0; step < 600; step++) {
    const roll = next();
    const start = Math.floor(next() * (expected.length + 1));
    // Mostly keystrokes near the last one; sometimes far away, sometimes a large cut or paste.
    const length = roll < 0.7 ? Math.floor(next() * 3) : roll < 0.9 ? Math.floor(next() * 200) : Math.floor(next() * 90_000);
    const end = Math.min(expected.length, start + (next() < 0.5 ? length : 0));
    const inserted = next() < 0.5 ? '' : roll > 0.95 ? 'y'.repeat(70_000) : 'ab\r\n'.slice(0, 1 + Math.floor(next() * 4));
    text = EditedText.replace(text, start, end, inserted);
    expected = expected.slice(0, start) + inserted + expected.slice(end);
    if (typeof text === 'string') flatAgain++;
    assertReadsLike(text, expected, next, `step ${step}`);
    if (step % 50 === 0) assert.equal(String(text), expected, `step ${step}: the whole text`);
  }
  assert.ok(flatAgain > 5, `the text was made flat again only ${flatAgain} times`);
});
