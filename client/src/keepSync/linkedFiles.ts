// Which of the workspace's sync files are linked to a given sync: read from each file's `"polysync"`
// link, as its text stands (an open document's unsaved text counts). Free of VS Code and of a JSON
// parser (the client has none): the link is a small object whose `sync_id` is a plain string.

/** A sync file of the workspace and its text now. */
export interface WorkspaceSyncFile {
  uri: string;
  text: string;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether `text` has a `"polysync"` link whose `sync_id` is `syncId`. */
export function linksTo(text: string, syncId: string): boolean {
  // `[^{}]*` keeps the match inside the link's own braces (before any nested object, such as an old link's fingerprints).
  return new RegExp(`"polysync"\\s*:\\s*\\{[^{}]*"sync_id"\\s*:\\s*"${escape(syncId)}"`).test(text);
}

/** The files linked to `syncId`, in the order given. */
export function filesLinkedTo(files: readonly WorkspaceSyncFile[], syncId: string): string[] {
  return files.filter((f) => linksTo(f.text, syncId)).map((f) => f.uri);
}
