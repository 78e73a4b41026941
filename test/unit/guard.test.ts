// The async guard the language server's custom requests run under: a bug is logged with its stack and
// answered as a failure; cancellation before the work, and after it for requests that change nothing.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LSPErrorCodes, ResponseError } from 'vscode-languageserver';
import { createAsyncGuard } from '../../server/src/lsp/guard';

const token = (cancelled: boolean) => ({ isCancellationRequested: cancelled });

describe('createAsyncGuard', () => {
  test('a bug is logged with its stack and answered with the failure given', async () => {
    const log: string[] = [];
    const guard = createAsyncGuard((line) => log.push(line));
    const answer = await guard('polysync/bulkSyncState', token(false), { cancelAfter: true, failed: { kind: 'failed' } }, async () => {
      throw new TypeError('boom');
    });
    assert.deepEqual(answer, { kind: 'failed' });
    assert.equal(log.length, 1);
    assert.match(log[0], /^polysync\/bulkSyncState failed: TypeError: boom\n\s+at /);
  });

  test('without a failure answer, a bug becomes an internal error the client can show', async () => {
    const guard = createAsyncGuard(() => undefined);
    const answer = await guard('Create Bulk Sync', token(false), { cancelAfter: false }, async () => {
      throw new Error('boom');
    });
    assert.ok(answer instanceof ResponseError);
    assert.match(answer.message, /Create Bulk Sync failed with an internal error/);
  });

  test('cancelled before: the work does not run; cancelled during: only a request that changes nothing is dropped', async () => {
    const guard = createAsyncGuard(() => undefined);
    let ran = false;
    const before = await guard('read', token(true), { cancelAfter: true }, async () => {
      ran = true;
      return 1;
    });
    assert.ok(before instanceof ResponseError && before.code === LSPErrorCodes.RequestCancelled);
    assert.equal(ran, false);

    const during = { isCancellationRequested: false };
    const read = await guard('read', during, { cancelAfter: true }, async () => ((during.isCancellationRequested = true), 1));
    assert.ok(read instanceof ResponseError && read.code === LSPErrorCodes.RequestCancelled);
    const change = { isCancellationRequested: false };
    const sent = await guard('update', change, { cancelAfter: false }, async () => ((change.isCancellationRequested = true), 'updated'));
    assert.equal(sent, 'updated', 'once sent, the answer says what happened');
  });
});
