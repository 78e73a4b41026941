// The polysync.apiUrl a workspace's settings files name, read as written. polysync.apiUrl is machine-
// scoped, and VS Code leaves such settings out of a workspace's configuration (inspect() has no
// workspaceValue for them), so Create reads the files to know that a workspace asks for another URL (and
// then asks the user). Free of VS Code: settings files are JSON with comments and trailing commas.

const SETTING = 'polysync.apiUrl';

/** `text` without its comments and trailing commas (strings kept as they are), for JSON.parse. */
export function stripJsonc(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
      out += ' ';
    } else out += c;
  }
  // A comma followed only by blanks before a closing bracket (strings are already whole, and a string
  // holding ",}" was copied above, so rewrite outside strings only).
  return out.replace(/("(?:[^"\\]|\\.)*")|,(\s*[}\]])/g, (match, string: string | undefined, close: string | undefined) => string ?? close ?? match);
}

/**
 * The URL a settings file names: a folder's `.vscode/settings.json` (`kind` "folder") or a
 * `.code-workspace` file's `settings` ("workspace"). Undefined when it names none or cannot be read.
 */
export function apiUrlInSettings(text: string, kind: 'folder' | 'workspace'): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stripJsonc(text.replace(/^\uFEFF/, '')));
  } catch {
    return undefined;
  }
  const holder = kind === 'workspace' ? (parsed as { settings?: unknown } | null)?.settings : parsed;
  const value = holder && typeof holder === 'object' ? (holder as Record<string, unknown>)[SETTING] : undefined;
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
