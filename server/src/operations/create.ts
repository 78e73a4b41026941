// Create a bulk sync from a document: the one pipeline the language server (for any editor) and the CLI
// run. Check the document as the editor shows it (account checks included when the account is known),
// build the exact body, send it with the API client it is handed, and place the API's field problems
// back on the document. No editor, no connection: decisions that need a person stay with the caller.
import { type Diagnostic, DiagnosticSeverity, type Range } from 'vscode-languageserver-types';
import { ApiError } from '../api/errors';
import type { BulkSyncResponse } from '../api/types';
import { type AccountSnapshot, formatFieldPath, isApiRule, type ParsedDocument, type Silenced, stillBlocking, validateDocument } from '../service';
import { bodyLeaves, liveLeaves } from '../keep/leaves';
import { verifyApplied } from '../keep/threeWay';
import { bareLink, type SyncLink } from './link';
import { readLiveSync } from './pull';
import { locateFields, prepareRequestBody } from './requestBody';
import type { CallOptions, SyncApi } from './syncApi';

/** The part of the API client Create uses. */
export interface BulkSyncCreator {
  createBulkSync(body: Record<string, unknown>, options: { signal?: AbortSignal; idempotencyKey?: string }): Promise<BulkSyncResponse>;
}

export type CreateCheck =
  /** Errors in the document (warnings listed too, for one report): nothing may be sent. */
  | { ok: false; reason: 'document'; errors: Diagnostic[]; warnings: Diagnostic[] }
  /** The text cannot become one unambiguous body (a last guard behind the diagnostics). */
  | { ok: false; reason: 'body'; message: string; range?: Range }
  /** Ready to send: the body, the warnings a person may want to confirm, and the sync's name if set. */
  | { ok: true; body: Record<string, unknown>; warnings: Diagnostic[]; name?: string };

/**
 * Everything Create checks before sending, on one parse of one version. With `account`, the checks
 * that need the account (an unknown connection, PS301...) block Create as they show in the editor.
 */
export function checkForCreate(doc: ParsedDocument, account?: AccountSnapshot): CreateCheck {
  const silenced: Silenced[] = [];
  const diagnostics = validateDocument(doc, { account, silenced }) ?? [];
  // A comment can hide an error in the editor, not from the API: it still blocks, saying why.
  const hidden = silenced.filter((s) => s.diagnostic.severity === DiagnosticSeverity.Error && isApiRule(s.diagnostic.code)).map((s) => stillBlocking(doc, s));
  const errors = [...diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error), ...hidden];
  const warnings = diagnostics.filter((d) => d.severity === DiagnosticSeverity.Warning);
  if (errors.length > 0) return { ok: false, reason: 'document', errors, warnings };
  const prepared = prepareRequestBody(doc);
  if ('error' in prepared) return { ok: false, reason: 'body', message: prepared.error, range: prepared.range };
  const name = typeof prepared.body.name === 'string' && prepared.body.name.trim() ? prepared.body.name : undefined;
  return { ok: true, body: prepared.body, warnings, name };
}

/** A field the API named, placed on the document (its nearest parent when it is not there). */
export interface ApiFieldProblem {
  /** As the API named it, e.g. `schemas[1].fields`. */
  path: string;
  message: string;
  range: Range;
  exact: boolean;
}

export type CreateOutcome = { kind: 'created'; sync: BulkSyncResponse } | { kind: 'failed'; error: ApiError; fields: ApiFieldProblem[] };

export interface SendOptions {
  signal?: AbortSignal;
  idempotencyKey?: string;
}

/** Sends a checked body. Only ApiError is turned into an outcome; anything else is a bug and is thrown. */
export async function sendCreate(doc: ParsedDocument, body: Record<string, unknown>, client: BulkSyncCreator, options: SendOptions = {}): Promise<CreateOutcome> {
  try {
    return { kind: 'created', sync: await client.createBulkSync(body, options) };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return { kind: 'failed', error, fields: apiFieldProblems(doc, error) };
  }
}

/** The fields an API error names, on the document that was sent. */
function apiFieldProblems(doc: ParsedDocument, error: ApiError): ApiFieldProblem[] {
  if (error.fields.length === 0) return [];
  const located = locateFields(doc, error.fields.map((f) => f.path));
  return error.fields.map((field, i) => ({
    path: formatFieldPath(field.path),
    message: field.message ?? error.apiMessage ?? 'rejected by the API',
    range: located[i].range,
    exact: located[i].exact,
  }));
}

export interface CreatedLink {
  /** The link to write: with a base when the sync could be read back, else its id and updated_at alone. */
  link: SyncLink;
  /** Fields of the body the API did not keep, by path (empty when all were taken, or not read back). */
  notTaken: string[];
  /** False when the sync could not be read back: nothing was verified and the link has no base. */
  verified: boolean;
}

/**
 * After a create: the sync read back (the API client retries the schema cache refresh a new sync
 * answers with), the body verified against it, and the link with the base for the next comparison.
 * When the read fails the link is the id and `updated_at` alone (compared two ways until an apply or
 * pull writes a base).
 */
export async function linkCreated(api: Pick<SyncApi, 'getBulkSync' | 'listBulkSyncSchemas' | 'getBulkSyncSchema'>, sync: { id: string; updated_at?: string }, body: Record<string, unknown>, options: CallOptions = {}): Promise<CreatedLink> {
  let live;
  try {
    live = await readLiveSync(api, sync.id, options);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return { link: bareLink(sync), notTaken: [], verified: false };
  }
  const verified = verifyApplied({ sent: bodyLeaves(body), after: liveLeaves(live) });
  return { link: { ...bareLink(live.sync), base: verified.base }, notTaken: verified.notTaken, verified: true };
}
