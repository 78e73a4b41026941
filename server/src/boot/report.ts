// What the launcher did with the V8 code cache on this start (see codeCache.ts). The launcher and the
// language server are separate bundles, so the report passes between them on `globalThis`.

export type CodeCacheState =
  /** Disabled with POLYSYNC_CODE_CACHE=off. */
  | 'off'
  /** No safe directory to keep it in. */
  | 'unavailable'
  /** No cache for this bundle and runtime yet: one will be written. */
  | 'missing'
  /** The cache was used. */
  | 'accepted'
  /** A file was there but was damaged, or V8 refused it: a new one will be written. */
  | 'rejected';

export interface CodeCacheReport {
  state: CodeCacheState;
  /** The cache file, when there is a directory for it. */
  file?: string;
  /** Set once a new cache has been written (true), or when writing it failed (false). */
  written?: boolean;
  writeError?: string;
}

const KEY = Symbol.for('polysync.codeCache');

export function publishCodeCacheReport(report: CodeCacheReport): void {
  (globalThis as Record<symbol, unknown>)[KEY] = report;
}

/** The launcher's report, or undefined when the server was started without it (from the sources, in tests). */
export function codeCacheReport(): CodeCacheReport | undefined {
  return (globalThis as Record<symbol, unknown>)[KEY] as CodeCacheReport | undefined;
}

/** One line for the server log. */
export function describeCodeCache(report: CodeCacheReport | undefined): string {
  switch (report?.state) {
    case undefined:
      return 'no code cache';
    case 'off':
      return 'code cache off';
    case 'unavailable':
      return 'code cache unavailable (no private cache directory)';
    case 'missing':
      return `code cache will be written to ${report.file}`;
    case 'accepted':
      return `code cache used from ${report.file}`;
    case 'rejected':
      return `code cache at ${report.file} was not usable and will be rewritten`;
  }
}
