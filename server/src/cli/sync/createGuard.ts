// What stops apply (and plan) from creating a sync from an unlinked file: a live sync that already is
// the file's (its twin), or another file of the same run that would create the same one. Either way
// nothing is created, and the message names the sync or the files.
import { ApiError } from '../../api';
import { twinsMessage, type TwinFinder } from '../../operations';

export interface CreateRefused {
  kind: 'error';
  file: string;
  message: string;
  code: 1;
  /** The live syncs that are this file's already, when that is the reason. */
  twins?: string[];
}

/** The refusal when `body` has a live twin or the account's syncs cannot be listed; undefined to go on. */
export async function twinRefusal(file: string, body: Record<string, unknown>, twinsOf: TwinFinder, showTime?: (iso: string) => string): Promise<CreateRefused | undefined> {
  try {
    const twins = await twinsOf(body);
    if (twins.length === 0) return undefined;
    return { kind: 'error', file, message: twinsMessage(file, twins, showTime), code: 1, twins: twins.map((t) => t.id) };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return { kind: 'error', file, message: `${file}: ${error.message} (The bulk syncs are listed before a create, to look for one this file would duplicate.) No bulk sync was created.`, code: 1 };
  }
}

const twinKey = (body: Record<string, unknown>): string | undefined =>
  typeof body.name === 'string' && body.name.trim() ? JSON.stringify([body.name.trim().toLowerCase(), body.source_connection_id, body.destination_connection_id]) : undefined;

/**
 * Two files of one run that would create the same sync (name, source, destination): both are
 * refused, naming each other, so a copied file never makes a second sync. Answers, by index, the
 * other files of each such item.
 */
export function sameCreates(items: readonly { file: string; body?: Record<string, unknown> }[]): Map<number, string[]> {
  const groups = new Map<string, number[]>();
  items.forEach((item, index) => {
    const key = item.body && twinKey(item.body);
    if (key) groups.set(key, [...(groups.get(key) ?? []), index]);
  });
  const out = new Map<number, string[]>();
  for (const indexes of groups.values()) {
    if (indexes.length < 2) continue;
    for (const i of indexes) out.set(i, indexes.filter((j) => j !== i).map((j) => items[j].file));
  }
  return out;
}

export function sameCreateMessage(file: string, others: readonly string[]): string {
  return `${file}: not created: ${others.join(', ')} would create a bulk sync with the same name, source and destination. Rename one of them, or create one and link the other with "polysync link FILE SYNC_ID".`;
}

/** sameCreates over apply's steps: each such create step is replaced by a refusal. */
export function refuseSameCreates<S extends { kind: string; file: string; body?: Record<string, unknown> }>(steps: (S | CreateRefused)[]): void {
  const same = sameCreates(steps.map((s) => ({ file: s.file, body: s.kind === 'create' ? (s as S).body : undefined })));
  for (const [i, others] of same) steps[i] = { kind: 'error', file: steps[i].file, code: 1, message: sameCreateMessage(steps[i].file, others) };
}
