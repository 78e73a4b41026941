// Checks a key typed into "Set API Key" before it is stored. Pure, so it is tested without VS Code.

/** Why a typed key cannot be used, or undefined when it can. */
export function checkTypedKey(value: string): string | undefined {
  const key = value.trim();
  if (key === '') return 'Paste the API key from Polytomic (Settings → API keys).';
  if (/\s/.test(key)) return 'An API key has no spaces or line breaks.';
  if (/[^\u0021-\u007e]/.test(key)) return 'An API key is plain ASCII text.';
  return undefined;
}
