// The one error type the API client throws. Its message is safe to show as is: it names the HTTP
// status (when there was one), carries the API's own message, and never contains the API key.

import type { FieldProblem } from './fieldProblems';

export type ApiErrorKind =
  | 'unauthorized' // 401
  | 'forbidden' // 403
  | 'bad-request' // 400 and other 4xx
  | 'invalid' // 422
  | 'not-found' // 404
  | 'conflict' // 409
  | 'rate-limited' // 429
  | 'server' // 5xx, 408
  | 'network' // connection refused, reset, DNS failure
  | 'timeout' // no complete answer within the time limit
  | 'bad-response' // answer that is not the JSON the API sends (HTML, truncated, empty)
  | 'redirect' // 3xx: not followed, so the key never goes to another host
  | 'cancelled'; // the caller aborted

/**
 * Whether the request may have created a bulk sync:
 * - 'no': the request never reached the API complete, or the API answered that it did nothing;
 * - 'yes': the API answered with success (even if the answer could not be read);
 * - 'unknown': the request was sent and no definite answer came back.
 */
export type SentOutcome = 'no' | 'yes' | 'unknown';

export interface ApiErrorInit {
  kind: ApiErrorKind;
  message: string;
  status?: number;
  sent?: SentOutcome;
  /** `key` of the API's error body (a machine-readable error name), not an API key. */
  errorKey?: string;
  apiMessage?: string;
  fields?: FieldProblem[];
  metadata?: unknown;
  retryAfterMs?: number;
  idempotencyKey?: string;
  attempts?: number;
  method?: string;
  path?: string;
}

export class ApiError extends Error {
  readonly kind: ApiErrorKind;
  readonly status?: number;
  readonly sent: SentOutcome;
  readonly errorKey?: string;
  readonly apiMessage?: string;
  readonly fields: FieldProblem[];
  readonly metadata?: unknown;
  readonly retryAfterMs?: number;
  /** The Idempotency-Key of a create; re-sending the same body with it is safe. */
  readonly idempotencyKey?: string;
  readonly attempts: number;
  readonly method?: string;
  readonly path?: string;

  constructor(init: ApiErrorInit) {
    super(init.message);
    this.name = 'ApiError';
    this.kind = init.kind;
    this.status = init.status;
    this.sent = init.sent ?? 'no';
    this.errorKey = init.errorKey;
    this.apiMessage = init.apiMessage;
    this.fields = init.fields ?? [];
    this.metadata = init.metadata;
    this.retryAfterMs = init.retryAfterMs;
    this.idempotencyKey = init.idempotencyKey;
    this.attempts = init.attempts ?? 1;
    this.method = init.method;
    this.path = init.path;
  }

  /** Returns a copy with some members replaced (used to add attempt counts and outcome). */
  with(changes: Partial<ApiErrorInit>): ApiError {
    return new ApiError({ ...this.toInit(), ...changes });
  }

  private toInit(): ApiErrorInit {
    return {
      kind: this.kind,
      message: this.message,
      status: this.status,
      sent: this.sent,
      errorKey: this.errorKey,
      apiMessage: this.apiMessage,
      fields: this.fields,
      metadata: this.metadata,
      retryAfterMs: this.retryAfterMs,
      idempotencyKey: this.idempotencyKey,
      attempts: this.attempts,
      method: this.method,
      path: this.path,
    };
  }
}

/** Maps an HTTP error status to the error kind. */
export function kindForStatus(status: number): ApiErrorKind {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 409) return 'conflict';
  if (status === 422) return 'invalid';
  if (status === 429) return 'rate-limited';
  if (status === 408 || status >= 500) return 'server';
  if (status >= 300 && status < 400) return 'redirect';
  return 'bad-request';
}

/** One sentence a user can act on, for each create outcome. */
export function describeOutcome(sent: SentOutcome): string {
  switch (sent) {
    case 'no':
      return 'No bulk sync was created.';
    case 'yes':
      return 'The API reported success, so the bulk sync was probably created; check the list of bulk syncs.';
    case 'unknown':
      return 'The bulk sync may or may not have been created; check the list of bulk syncs before trying again, or retry with the same idempotency key.';
  }
}
