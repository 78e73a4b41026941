// Checks a key typed into "Set API Key" before it is stored: the same rule the server applies.
import { apiKeyProblem } from '../../protocol/settings';

/** Why a typed key cannot be used, or undefined when it can. */
export function checkTypedKey(value: string): string | undefined {
  if (value.trim() === '') return 'Paste the API key from Polytomic (Settings → API keys).';
  return apiKeyProblem(value);
}
