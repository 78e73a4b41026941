// How a 422 names the offending fields is not documented. This one module accepts the shapes
// that are plausible and turns their paths into field paths (service/document/fieldPaths.ts); change it here only.
//
// Accepted `metadata` shapes:
//   { "<path>": "message" }            or { "<path>": ["message", ...] }
//   { "fields": [{ "field": "<path>", "message": "..." }] }   (also "path" or "name" for the path)
//   { "fields": { "<path>": "message" } }
//   { "errors": [{ "path" | "field": "<path>", "message": "..." }] }
// Path spellings: as parseFieldPath accepts them.

import { type FieldPath, parseFieldPath } from '../service/document/fieldPaths';

export interface FieldProblem {
  path: FieldPath;
  message?: string;
}

export function extractFieldProblems(metadata: unknown): FieldProblem[] {
  if (!isRecord(metadata)) return [];
  const out: FieldProblem[] = [];
  for (const listKey of ['fields', 'errors']) {
    const list = metadata[listKey];
    if (Array.isArray(list)) {
      for (const item of list) {
        if (typeof item === 'string') pushProblem(out, item, undefined);
        else if (isRecord(item)) {
          const raw = item.field ?? item.path ?? item.name ?? item.pointer;
          const path = Array.isArray(raw) ? raw.filter(isSegment) : raw;
          pushProblem(out, path, firstMessage(item.message ?? item.error ?? item.detail));
        }
      }
    } else if (isRecord(list)) {
      for (const [path, message] of Object.entries(list)) pushProblem(out, path, firstMessage(message));
    }
  }
  if (out.length > 0) return out;
  // Flat map form: only entries whose value reads like a message count as fields.
  for (const [path, message] of Object.entries(metadata)) {
    if (path === 'fields' || path === 'errors') continue;
    const text = firstMessage(message);
    if (text !== undefined) pushProblem(out, path, text);
  }
  return out;
}

function pushProblem(out: FieldProblem[], raw: unknown, message: string | undefined): void {
  let path: FieldPath | undefined;
  if (typeof raw === 'string' && raw.trim() !== '') path = parseFieldPath(raw);
  else if (Array.isArray(raw) && raw.length > 0) path = raw as FieldPath;
  if (path && path.length > 0) out.push(message === undefined ? { path } : { path, message });
}

function firstMessage(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value.join('; ');
  return undefined;
}

function isSegment(value: unknown): value is string | number {
  return typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
