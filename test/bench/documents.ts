// The benchmark's documents: generated bulk syncs of a given size with one planted schema error (the
// invalid filter function every server must report), and the one-character edits typed into them.
import { generateDocument, PLANTED_FUNCTION } from './generate';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface Position {
  line: number;
  character: number;
}

export interface BenchDocument {
  label: string;
  text: string;
  uri: string;
  /** Where the planted invalid filter function is (the string token, quotes included). */
  planted: { start: Position; end: Position };
  /** Where the one-character edits happen: inside the `name` value on line 1. */
  editAt: Position;
}

export function positionAt(text: string, offset: number): Position {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}

export function makeDocument(label: string, bytes: number): BenchDocument {
  const text = generateDocument(bytes, { plantError: true });
  const token = `"${PLANTED_FUNCTION}"`;
  const offset = text.indexOf(`"function": ${token}`) + '"function": '.length;
  const nameOffset = text.indexOf('"name": "') + '"name": "'.length + 10;
  return {
    label,
    text,
    uri: `file:///bench/${label.replace(/\s+/g, '')}.polysync.json`,
    planted: { start: positionAt(text, offset), end: positionAt(text, offset + token.length) },
    editAt: positionAt(text, nameOffset),
  };
}

export const samePosition = (a: Position, b: Position) => a.line === b.line && a.character === b.character;

export function findPlanted(doc: BenchDocument, diagnostics: Json[]): Json | undefined {
  return diagnostics.find((d) => samePosition(d.range.start, doc.planted.start) && samePosition(d.range.end, doc.planted.end));
}

/** Alternately inserts and deletes one character, so the text returns to its original every two edits. */
export function oneCharEdit(doc: BenchDocument, n: number): Json {
  const { line, character } = doc.editAt;
  return n % 2 === 0
    ? { range: { start: { line, character }, end: { line, character } }, text: 'x' }
    : { range: { start: { line, character }, end: { line, character: character + 1 } }, text: '' };
}

