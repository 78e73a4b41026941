// Shared setup for the API tests: a real sandbox on 127.0.0.1 and clients pointed at it.

import { after, before } from 'node:test';
import { PolytomicClient, type ApiConfigInput, type ClientDeps } from '../../server/src/api';
import { ApiError } from '../../server/src/api/errors';
import { IDS } from '../sandbox/fixtures';
import { type Sandbox, startSandbox } from '../sandbox/server';

export { IDS };

export const VALID_BODY = {
  name: 'Salesforce to Snowflake',
  mode: 'replicate',
  source_connection_id: IDS.salesforce,
  destination_connection_id: IDS.snowflake,
  destination_configuration: { schema: 'SALESFORCE', advanced: { hard_deletes: true } },
  default_schedule: { frequency: 'daily', hour: '2', minute: '0' },
  schemas: ['Account', { id: 'Contact', fields: ['Id', 'Email'] }],
};

/** Starts one sandbox for the file; each test calls reset() first. */
export function useSandbox(): { get: () => Sandbox } {
  let sandbox: Sandbox | undefined;
  before(async () => {
    sandbox = await startSandbox();
  });
  after(async () => {
    await sandbox?.close();
  });
  return {
    get() {
      if (!sandbox) throw new Error('sandbox not started');
      sandbox.reset();
      return sandbox;
    },
  };
}

/** A client with short backoff so retry tests stay quick; everything else as in production. */
export function clientFor(sandbox: Sandbox, config: Partial<ApiConfigInput> = {}, deps: ClientDeps = {}): PolytomicClient {
  return new PolytomicClient(
    { baseUrl: sandbox.url, apiKey: sandbox.keys.user, backoffBaseMs: 5, timeoutMs: 5000, ...config },
    deps,
  );
}

/** Runs `fn`, expecting an ApiError, and returns it. */
export async function expectApiError(fn: () => Promise<unknown>): Promise<ApiError> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected an ApiError, but the call succeeded');
}

/** Idempotency-Key headers of the recorded create requests. */
export function createKeys(sandbox: Sandbox): (string | undefined)[] {
  return sandbox.state.requests.filter((r) => r.method === 'POST').map((r) => r.idempotencyKey);
}

/** Polls `condition` until it holds; fails after `timeoutMs`. */
export async function waitUntil(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
