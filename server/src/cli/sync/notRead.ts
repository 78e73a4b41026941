// What diff and plan say of schemas they did not read: the link vouched for them (operations/liveRead.ts).
import type { CliIO } from '../io';
import { showTime } from './times';

/** The line saying which schemas were taken from the link's base instead of read (nothing when all were read). */
export function notReadLine(io: CliIO, r: { schemasNotRead?: { since: string; schemas: string[] } }): string {
  const n = r.schemasNotRead?.schemas.length ?? 0;
  if (!r.schemasNotRead || n === 0) return '';
  const which = n === 1 ? `schema ${r.schemasNotRead.schemas[0]}` : `${n} schemas`;
  return `  (fields and filters of ${which} taken from the link, not read: the sync is unchanged since ${showTime(io, r.schemasNotRead.since)}; --read-schemas reads them)\n`;
}
