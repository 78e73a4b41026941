// The sandbox's stand-in for the Polytomic app's page of a bulk sync. The extension's "Open in
// Polytomic" opens `<API base URL>/bulk/syncs/<id>` (server/src/api/inferred.ts); with the sandbox as
// the API, that address must show a readable page, not an API error, and say plainly that it is the
// sandbox and not the app. A browser sends no API key, so the page needs none and shows no secret.
import type { BulkSyncResponse } from '../../server/src/api/types';

/** The sync id in a path of the app's sync page shape, or undefined for any other path. */
export function appSyncPageId(pathname: string): string | undefined {
  const match = /^\/bulk\/syncs\/([^/]+)\/?$/.exec(pathname);
  if (!match) return undefined;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return match[1];
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

export interface AppPageFacts {
  sync: BulkSyncResponse | undefined;
  id: string;
  /** A connection's display name by id, when the sandbox has it. */
  connectionName(id: string): string | undefined;
  /** The status of the sync's latest execution, when it has run. */
  lastRun?: string;
}

/** The page's HTML and status: 200 with the sync's facts, or 404 naming the id the sandbox lacks. */
export function renderAppSyncPage(facts: AppPageFacts): { status: number; html: string } {
  const { sync, id } = facts;
  const rows: [string, string][] = sync
    ? [
        ['Id', sync.id],
        ['Mode', sync.mode ?? ''],
        ['Source', `${facts.connectionName(sync.source_connection_id) ?? 'unknown connection'} (${sync.source_connection_id})`],
        ['Destination', `${facts.connectionName(sync.destination_connection_id) ?? 'unknown connection'} (${sync.destination_connection_id})`],
        ['Schedule', sync.default_schedule ? JSON.stringify(sync.default_schedule) : 'none'],
        ['Last run', facts.lastRun ?? 'never run'],
        ['Updated', sync.updated_at ?? ''],
      ]
    : [];
  const title = sync ? `${sync.name} (Polysync sandbox)` : 'No such bulk sync (Polysync sandbox)';
  const body = sync
    ? `<h1>${escapeHtml(sync.name)}</h1>
<table>
${rows.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('\n')}
</table>
<p>The sync as JSON: <code>GET /api/bulk/syncs/${escapeHtml(encodeURIComponent(sync.id))}</code> with the sandbox's API key.</p>`
    : `<h1>No such bulk sync</h1>
<p>This sandbox has no bulk sync with the id <code>${escapeHtml(id)}</code>. It keeps its syncs in memory, so a restart forgets them.</p>`;
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem}th{text-align:left;padding-right:1rem;vertical-align:top}td{word-break:break-all}.note{background:#fff4ce;padding:.5rem .75rem;border-radius:4px}</style>
</head>
<body>
<p class="note">This is the local Polysync sandbox, not the Polytomic app. With a real account, <strong>Open in Polytomic</strong> opens this sync's page in the Polytomic app.</p>
${body}
</body>
</html>
`;
  return { status: sync ? 200 : 404, html };
}
