// Which documents are Polysync's: one rule for the client (which documents it offers the commands on and
// hands the server, which it switches to the Polysync language) and the server (which it analyses).

/** Polysync's own language id, as the VS Code client and the README's editor setups name it. */
export const LANGUAGE_ID = 'polysync';

/** A `$schema` that names Polysync's schema: the shipped file (any relative path) or its published `$id`. */
const POLYSYNC_SCHEMA = /"\$schema"\s*:\s*"[^"]*(?:bulk-sync\.schema\.json|polysync-bulk-sync[^"]*\.json)"/;

/** Whether `text`, a JSON document, declares Polysync's schema in a `$schema` near its start. */
export function declaresPolysyncSchema(text: string): boolean {
  return POLYSYNC_SCHEMA.test(text.slice(0, 4096));
}

/**
 * Documents an editor client treats as Polysync's (which it starts the server for, offers the commands on,
 * reads the state of): any document in the `polysync` language, whatever its name, and any URI ending in
 * `.polysync.json`, whatever its language id. A JSON document that declares the schema is switched to the
 * language first (client/src/extension.ts), so it is covered once it is.
 */
export function isPolysyncEditorDocument(document: { uri: string; languageId: string }): boolean {
  return document.languageId === LANGUAGE_ID || hasPolysyncName(document.uri);
}

/**
 * Documents Polysync analyses: the editor's Polysync documents (above); untitled documents, which an
 * editor sends only when it has matched them to Polysync; and a JSON document whose `$schema` names
 * Polysync's schema.
 */
export function isPolysyncDocument(document: { uri: string; languageId: string; getText(): string }): boolean {
  if (isPolysyncEditorDocument(document) || document.uri.startsWith('untitled:')) return true;
  return (document.languageId === 'json' || document.languageId === 'jsonc') && declaresPolysyncSchema(document.getText());
}

/** Whether a URI names a `*.polysync.json` file (query and fragment aside). */
function hasPolysyncName(uri: string): boolean {
  // Up to the first `?` or `#` (every request asks this: no regular expression, no array).
  const query = uri.indexOf('?');
  const fragment = uri.indexOf('#');
  const end = query < 0 ? (fragment < 0 ? uri.length : fragment) : fragment < 0 ? query : Math.min(query, fragment);
  return uri.slice(0, end).toLowerCase().endsWith('.polysync.json');
}
