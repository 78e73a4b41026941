// One sync per file, even in CI: before an unlinked file creates a sync, the live syncs that already
// are it (the same name, source and destination). A pipeline whose push of the link failed would
// otherwise create a second sync on its next run.
import type { BulkSyncResponse } from '../api/types';

/** The live syncs with the file's name (compared without case or surrounding spaces) and connections. */
export function existingTwins(body: Record<string, unknown>, syncs: readonly BulkSyncResponse[]): BulkSyncResponse[] {
  const name = typeof body.name === 'string' ? body.name.trim().toLowerCase() : undefined;
  if (!name) return [];
  return syncs.filter(
    (s) =>
      typeof s.name === 'string' &&
      s.name.trim().toLowerCase() === name &&
      s.source_connection_id === body.source_connection_id &&
      s.destination_connection_id === body.destination_connection_id,
  );
}

/**
 * What to tell the person when twins exist: nothing was created, which sync it is, how to link.
 * `showTime` words each sync's `updated_at` (local time on a terminal); the API's string by default.
 */
export function twinsMessage(file: string, twins: readonly BulkSyncResponse[], showTime: (iso: string) => string = (iso) => iso): string {
  const list = twins.map((s) => `${s.id}${s.updated_at ? ` (last changed ${showTime(s.updated_at)})` : ''}`).join(', ');
  const first = twins[0]?.id ?? 'SYNC_ID';
  return `${file}: not created: a bulk sync with this name, source and destination already exists: ${list}. Link the file to it with "polysync link ${file} ${first}" (this changes nothing in Polytomic), or rename the file's sync to create another.`;
}

/** Keep-as-code models the read shape of one API version; another would compare the wrong fields. */
export const KEEP_AS_CODE_VERSION = '2025-09-18';

export function keepVersionProblem(version: string | undefined): string | undefined {
  if (version === undefined || version === KEEP_AS_CODE_VERSION) return undefined;
  return `keeping syncs as code reads and writes the ${KEEP_AS_CODE_VERSION} shape of a bulk sync; --api-version ${version} answers in another shape, so nothing was compared or changed. Leave --api-version (and POLYTOMIC_API_VERSION) unset or set it to ${KEEP_AS_CODE_VERSION}.`;
}
