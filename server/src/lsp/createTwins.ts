// Create's twin check in the language server: before sending, the account's syncs are listed; one with
// the document's name, source and destination is the file's already, so Create answers `blocked`
// (reason `twin`, naming the syncs) and the client says how to link the file instead.
import type { CreateBulkSyncResult } from '../../../protocol/messages';
import { ApiError, type PolytomicClient } from '../api';
import { findTwins, twinsMessage } from '../operations';

type Answer = Extract<CreateBulkSyncResult, { kind: 'blocked' }> | Omit<Extract<CreateBulkSyncResult, { kind: 'failed' }>, 'apiUrl'>;

/** The answer that stops Create, or undefined when no live sync is the document's. */
export async function twinCheck(client: Pick<PolytomicClient, 'listBulkSyncs'>, body: Record<string, unknown>, uri: string, signal: AbortSignal): Promise<Answer | undefined> {
  try {
    const twins = await findTwins(client, body, { signal });
    if (twins.length === 0) return undefined;
    const file = decodeURIComponent(uri.split('/').pop() ?? uri);
    return { kind: 'blocked', reason: 'twin', message: twinsMessage(file, twins).replace(/^[^:]*: not created: /, 'Nothing was created: '), syncIds: twins.map((t) => t.id) };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const message = `${error.message} (The bulk syncs are listed before a create, to look for one this file would duplicate.) No bulk sync was created.`;
    return { kind: 'failed', error: { kind: error.kind, message, sent: 'no', ...(error.status !== undefined ? { status: error.status } : {}) }, fields: [] };
  }
}
