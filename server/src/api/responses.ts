// Turns raw HTTP answers into data or an ApiError with a message a user can act on. Anything the
// server sends back passes through redact() before it lands in a message.

import { ApiError, type ApiErrorKind, kindForStatus } from './errors';
import { formatFieldPath } from '../service/document/fieldPaths';
import { extractFieldProblems } from './fieldProblems';
import { redact, redactDeep } from './redact';
import type { ApiErrorBody } from './types';
import type { HttpResponse } from './transport';

export type JsonRead = { ok: true; value: unknown } | { ok: false; problem: string };

/** Parses a response body as JSON, or says in words what it was instead. */
export function readJsonBody(res: HttpResponse, secrets: readonly string[]): JsonRead {
  const text = res.body.toString('utf8');
  if (text.trim() === '') return { ok: false, problem: 'the response body is empty' };
  const contentType = String(res.headers['content-type'] ?? '').toLowerCase();
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    if (contentType.includes('text/html') || /^\s*</.test(text)) {
      return {
        ok: false,
        problem: 'the response is an HTML page, not JSON (often a proxy, gateway or login page in front of the API)',
      };
    }
    if (/^\s*[{[]/.test(text)) {
      return { ok: false, problem: `the response body is not valid JSON (cut off or malformed after ${res.body.length} bytes)` };
    }
    return { ok: false, problem: `the response is not JSON (it starts with "${snippet(text, secrets)}")` };
  }
}

/** The `{key, message, status, metadata}` body, or undefined when the value is not an object. */
function asErrorBody(value: unknown): ApiErrorBody | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  // Some gateways wrap the error as {"error": {...}} or {"error": "text"}.
  const inner = typeof v.error === 'object' && v.error !== null && !Array.isArray(v.error) ? (v.error as Record<string, unknown>) : v;
  const message =
    typeof inner.message === 'string' ? inner.message : typeof v.error === 'string' ? v.error : undefined;
  return {
    key: typeof inner.key === 'string' ? inner.key : undefined,
    message,
    status: typeof inner.status === 'number' ? inner.status : undefined,
    metadata: inner.metadata,
  };
}

export interface ErrorContext {
  method: string;
  path: string;
  secrets: readonly string[];
}

/** Builds the error for a non-2xx answer. */
export function errorFromResponse(res: HttpResponse, ctx: ErrorContext, retryAfterMs?: number): ApiError {
  const statusLine = formatStatus(res);
  const kind: ApiErrorKind = kindForStatus(res.status);
  const where = `${ctx.method} ${ctx.path}`;
  if (kind === 'redirect') return redirectError(res, ctx);

  const read = readJsonBody(res, ctx.secrets);
  // Whatever the server echoes is scrubbed once, here, so no member of the error can hold the key.
  const body = read.ok ? asErrorBody(redactDeep(read.value, ctx.secrets)) : undefined;
  const apiMessage = body?.message ? body.message.trim() : undefined;
  const fields = body ? extractFieldProblems(body.metadata) : [];

  let detail: string;
  if (apiMessage) detail = apiMessage;
  else if (!read.ok) detail = read.problem;
  else detail = 'the response carries no error message';
  const fieldNote = describeFields(fields, apiMessage);
  const hint = hintForStatus(res.status, retryAfterMs);
  const message = `${sentence(`HTTP ${statusLine} from ${where}: ${detail}${fieldNote}`)}${hint ? ` ${hint}` : ''}`;
  return new ApiError({
    kind,
    status: res.status,
    message,
    errorKey: body?.key,
    apiMessage,
    fields,
    metadata: body?.metadata,
    retryAfterMs,
    method: ctx.method,
    path: ctx.path,
  });
}

/** A 2xx whose body is not the expected `{"data": ...}`. */
export function badSuccessBody(res: HttpResponse, ctx: ErrorContext, problem: string): ApiError {
  return new ApiError({
    kind: 'bad-response',
    status: res.status,
    message: `HTTP ${formatStatus(res)} from ${ctx.method} ${ctx.path}, but ${problem}.`,
    method: ctx.method,
    path: ctx.path,
  });
}

function redirectError(res: HttpResponse, ctx: ErrorContext): ApiError {
  const location = String(res.headers.location ?? '');
  let target = 'no Location given';
  if (location) {
    try {
      const url = new URL(location, 'http://relative.invalid');
      target = url.host === 'relative.invalid' ? `a path on the same host` : `host ${url.host}`;
    } catch {
      target = 'an unreadable Location';
    }
  }
  return new ApiError({
    kind: 'redirect',
    status: res.status,
    message:
      `HTTP ${formatStatus(res)} from ${ctx.method} ${ctx.path}: the server redirects to ${redact(target, ctx.secrets)}. ` +
      'Redirects are not followed, so the API key is never sent to another address; check the API base URL.',
    method: ctx.method,
    path: ctx.path,
  });
}

function describeFields(fields: { path: (string | number)[] }[], apiMessage: string | undefined): string {
  if (fields.length === 0) return '';
  const names = fields.map((f) => formatFieldPath(f.path));
  const missing = names.filter((n) => !apiMessage?.includes(n));
  if (missing.length === 0) return '';
  return ` (fields: ${[...new Set(names)].join(', ')})`;
}

function hintForStatus(status: number, retryAfterMs?: number): string {
  if (status === 401) return 'Check the API key (and the organization id, for an organization key).';
  if (status === 403) return 'The API key is valid but not allowed to do this.';
  if (status === 429 && retryAfterMs !== undefined) return `Rate limited; the API asks to wait ${Math.ceil(retryAfterMs / 1000)} s.`;
  if (status === 409) return 'A request with the same idempotency key is still being processed.';
  return '';
}

/** Ends the text with a full stop unless it already ends a sentence. */
export function sentence(text: string): string {
  const trimmed = text.trimEnd();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

export function formatStatus(res: Pick<HttpResponse, 'status' | 'statusText'>): string {
  return res.statusText ? `${res.status} ${res.statusText}` : String(res.status);
}

function snippet(text: string, secrets: readonly string[]): string {
  // Redact before cutting, so a cut cannot leave part of a key behind.
  const flat = redact(text, secrets).replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  const cut = flat.length > 40 ? `${flat.slice(0, 40)}...` : flat;
  return cut.replace(/"/g, "'");
}
