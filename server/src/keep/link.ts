// The link's value (the top-level "polysync" key) in the format that keeps a base, and in the one
// before it (per-setting fingerprints), which is still read: a file linked by an older Polysync keeps
// working, compared two ways until its next apply or pull writes a base.
//
//   "polysync": {
//     "sync_id": "4e5f6a7b-…",
//     "updated_at": "2026-01-05T08:00:00.000Z",
//     "ignore": ["active"],
//     "base": "b1.…"
//   }
import { decodeBase, encodeBase } from './base';
import type { Base } from './threeWay';

export interface KeptLink {
  sync_id: string;
  /** The sync's updated_at at the last apply or pull. */
  updated_at?: string;
  /** Field paths left to the app: never differences or conflicts; apply sends their live values. */
  ignore: string[];
  /** The file and the live sync at the last apply or pull; absent in a link from before bases. */
  base?: Base;
  /** A link from before bases: each setting's fingerprint (read, never written). */
  fingerprints?: Record<string, string>;
}

export type LinkProblem = { message: string; member?: string };

/** Reads the link's value; a problem names the member at fault. */
export function parseKeptLink(value: unknown): { link: KeptLink } | { problem: LinkProblem } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { problem: { message: 'the link must be an object with the linked sync\'s "sync_id"' } };
  const v = value as Record<string, unknown>;
  if (typeof v.sync_id !== 'string' || v.sync_id.trim() === '') return { problem: { message: 'the link has no "sync_id"; pull the sync again, or delete the key to unlink the file' } };
  const link: KeptLink = { sync_id: v.sync_id.trim(), ignore: [] };
  if (typeof v.updated_at === 'string') link.updated_at = v.updated_at;
  if (v.ignore !== undefined) {
    if (!Array.isArray(v.ignore) || v.ignore.some((p) => typeof p !== 'string' || p.trim() === '')) {
      return { problem: { member: 'ignore', message: '"ignore" must be a list of field paths such as "active" or "schemas[Contact].filters"' } };
    }
    link.ignore = (v.ignore as string[]).map((p) => p.trim());
  }
  if (v.base !== undefined) {
    if (typeof v.base !== 'string') return { problem: { member: 'base', message: '"base" must be the string Polysync wrote; pull the sync again to renew it' } };
    const base = decodeBase(v.base);
    if ('error' in base) return { problem: { member: 'base', message: `${base.error}; pull the sync again to renew it` } };
    link.base = base;
  }
  if (typeof v.fingerprints === 'object' && v.fingerprints !== null && !Array.isArray(v.fingerprints)) {
    link.fingerprints = Object.fromEntries(Object.entries(v.fingerprints).filter(([, f]) => typeof f === 'string')) as Record<string, string>;
  }
  return { link };
}

/** The link's value as written into a file: sync_id, updated_at, ignore (when set) and the base; never fingerprints. */
export function keptLinkValue(link: KeptLink): Record<string, unknown> {
  const out: Record<string, unknown> = { sync_id: link.sync_id };
  if (link.updated_at !== undefined) out.updated_at = link.updated_at;
  if (link.ignore.length > 0) out.ignore = [...link.ignore];
  if (link.base) out.base = encodeBase(link.base);
  return out;
}
