// Which documents are Polysync's: one rule for the client (which documents it hands the server, which it
// switches to the Polysync language) and the server (which it analyses).

/** Polysync's own language id, as the VS Code client and the README's editor setups name it. */
export const LANGUAGE_ID = 'polysync';

/** A `$schema` that names Polysync's schema: the shipped file (any relative path) or its published `$id`. */
const POLYSYNC_SCHEMA = /"\$schema"\s*:\s*"[^"]*(?:bulk-sync\.schema\.json|polysync-bulk-sync[^"]*\.json)"/;

/** Whether `text`, a JSON document, declares Polysync's schema in a `$schema` near its start. */
export function declaresPolysyncSchema(text: string): boolean {
  return POLYSYNC_SCHEMA.test(text.slice(0, 4096));
}

/**
 * Documents Polysync analyses: any document the editor gives the `polysync` language, whatever its name
 * (an untitled buffer, `orders.json` set to Polysync); any URI ending in `.polysync.json`, whatever its
 * language id; untitled documents, which an editor sends only when it has matched them to Polysync; and a
 * JSON document whose `$schema` names Polysync's schema.
 */
export function isPolysyncDocument(document: { uri: string; languageId: string; getText(): string }): boolean {
  if (document.languageId === LANGUAGE_ID || isPolysyncUri(document.uri)) return true;
  return (document.languageId === 'json' || document.languageId === 'jsonc') && declaresPolysyncSchema(document.getText());
}

/** Documents Polysync analyses by their URI alone: `*.polysync.json`, and untitled buffers. */
function isPolysyncUri(uri: string): boolean {
  if (uri.startsWith('untitled:')) return true;
  const path = uri.split(/[?#]/, 1)[0].toLowerCase();
  return path.endsWith('.polysync.json');
}
