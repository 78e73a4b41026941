// The link's base in a few characters: the file's leaves and, where they differ, the live sync's, at
// the last apply or pull, as compressed JSON in one string. One line in the file, whatever the sync's
// size, so the link stays a few folded lines with one outline entry; `polysync` reads it back.
// Raw deflate by fflate (pure JavaScript, synchronous), so the language server's web build, which has
// no node:zlib, reads and writes the same `b1.` bases as the CLI.
import type * as Deflate from './deflate';
import { base64UrlDecode, base64UrlEncode, utf8Decode, utf8Encode } from '../util/bytes';
import type { Leaves } from './leaves';
import type { Base } from './threeWay';

const PREFIX = 'b1.';

/** Loaded on the first use (see deflate.ts). */
let deflate: typeof Deflate | undefined;
const codec = (): typeof Deflate => (deflate ??= require('./deflate') as typeof Deflate);

/** `f`: the file's leaves; `l`: the live leaves that differ from them (null: the live sync has no such leaf). */
interface Stored {
  f: [string, string][];
  l: [string, string | null][];
}

export function encodeBase(base: Base): string {
  const f = [...base.file].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const l: [string, string | null][] = [];
  for (const [path, value] of base.live) if (base.file.get(path) !== value) l.push([path, value]);
  for (const [path] of base.file) if (!base.live.has(path)) l.push([path, null]);
  l.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const json = JSON.stringify({ f, l } satisfies Stored);
  return PREFIX + base64UrlEncode(codec().deflateSync(utf8Encode(json), { level: 9 }));
}

/** The base, or a reason it cannot be read (edited by hand, cut, or written by a newer Polysync). */
export function decodeBase(text: string): Base | { error: string } {
  if (!text.startsWith(PREFIX)) return { error: 'the base was written by another version of Polysync' };
  let stored: Stored;
  try {
    stored = JSON.parse(utf8Decode(codec().inflateSync(base64UrlDecode(text.slice(PREFIX.length))))) as Stored;
  } catch {
    return { error: 'the base cannot be read (it was changed or cut)' };
  }
  if (!isPairs(stored?.f) || !isPairs(stored?.l, true)) return { error: 'the base cannot be read (it was changed or cut)' };
  const file: Leaves = new Map(stored.f);
  const live: Leaves = new Map(stored.f);
  for (const [path, value] of stored.l) {
    if (value === null) live.delete(path);
    else live.set(path, value);
  }
  return { file, live };
}

function isPairs(value: unknown, nullable = false): value is [string, string][] {
  return Array.isArray(value) && value.every((p) => Array.isArray(p) && p.length === 2 && typeof p[0] === 'string' && (typeof p[1] === 'string' || (nullable && p[1] === null)));
}
