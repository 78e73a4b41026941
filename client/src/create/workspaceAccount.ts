// The one decision of which account a workspace's requests to Polytomic go with: Create, and every
// request on the syncs kept in its files (the lens state, Show Changes, Update, Run Now, Import). Either
// the language server's own (the user URL, with its key), or, where the user agreed for this workspace to
// use the API URL it names, that URL with the key stored for it. Create may ask that question
// (apiTarget.ts chooseApiUrl); the other requests only follow a recorded answer, never ask, and never
// send the key to the workspace URL without it.
import { type AccountAt, checkBaseUrl, sameBaseUrl } from '../../../protocol/settings';
import { type ApiSettings, chooseApiUrl, credentialsFor } from './apiTarget';
import type { UrlDecisions } from './state';
import { COMMANDS } from '../commands';
import type { Ui, UiAction } from '../ui';

/** What the decision reads: the settings, the remembered answers, the keys in secret storage. */
export interface AccountSources {
  urlDecisions: UrlDecisions;
  /** The key stored for an API URL (secret storage keeps one per URL, client/src/apiKeys.ts). */
  keyFor(url: string): Promise<string | undefined>;
}

export type AccountDecision =
  /** `account` absent: the server's own (the user URL). Present: the workspace URL with its own key. */
  | { ok: true; account?: AccountAt }
  /**
   * The workspace URL was chosen and no key is stored for it (`no-key`), or the workspace is not trusted
   * (`untrusted`): nothing may be sent there. `keyless`: that URL without any key, for a request the
   * server can answer without the API (a file that is not linked, not open) and must refuse otherwise.
   */
  | { ok: false; reason: 'no-key' | 'untrusted'; url: string; keyless: AccountAt }
  | { ok: false; reason: 'settings'; message: string; openSettings: boolean }
  /** The user dismissed Create's question. */
  | { ok: false; reason: 'declined' };

/**
 * The account for this workspace's requests. With `ask` (Create), a workspace URL never answered is
 * asked about; without it (every other request), only a recorded "workspace" answer for that exact URL
 * sends there, and anything else (answered "user", never answered, no other URL) is the server's account.
 * `trusted` false: the workspace URL is never used (the commands that send are refused there already;
 * the lens is not, and must not send the key to a workspace's URL).
 */
export async function accountForWorkspace(settings: ApiSettings, sources: AccountSources, ask?: Ui, trusted = true): Promise<AccountDecision> {
  let url: string;
  if (ask) {
    const target = await chooseApiUrl(settings, ask, sources.urlDecisions);
    if (!target.ok) return target.declined ? { ok: false, reason: 'declined' } : { ok: false, reason: 'settings', message: target.message, openSettings: target.openSettings };
    url = target.url;
  } else {
    const agreed = agreedWorkspaceUrl(settings, sources.urlDecisions);
    if (!agreed) return { ok: true };
    url = agreed;
  }
  if (sameBaseUrl(url, settings.apiUrl)) return { ok: true };
  const keyless: AccountAt = { ...credentialsFor(settings, undefined), apiUrl: url };
  if (!trusted) return { ok: false, reason: 'untrusted', url, keyless };
  const key = await sources.keyFor(url);
  if (!key?.trim()) return { ok: false, reason: 'no-key', url, keyless };
  return { ok: true, account: { ...credentialsFor(settings, key), apiUrl: url } };
}

/** The workspace URL the user agreed to for this workspace (answer "workspace" for this exact URL), if any. */
function agreedWorkspaceUrl(settings: ApiSettings, decisions: UrlDecisions): string | undefined {
  const workspaceUrl = settings.workspaceApiUrl?.trim();
  if (!workspaceUrl || decisions.get(workspaceUrl) !== 'workspace') return undefined;
  // Checked again: a URL the rules refuse is never sent to, whatever was recorded for it.
  return checkBaseUrl(workspaceUrl).ok ? workspaceUrl : undefined;
}

type NotSent = { reason: 'no-key' | 'untrusted'; url: string };

/**
 * Why nothing was sent to the workspace URL: no key is stored for it, or the workspace is not trusted.
 * Create and the requests on the workspace's syncs say it in the same words.
 */
export function notSentMessage({ reason, url }: NotSent): string {
  return reason === 'no-key'
    ? `No API key is stored for ${url}, so nothing was sent there. Set one for that URL; it is kept in VS Code secret storage and sent only to it.`
    : `This workspace's bulk syncs are at ${url}, and the workspace is not trusted, so nothing was sent. Trust the workspace to use them.`;
}

/** What helps: Set API Key for THAT URL, or Manage Workspace Trust. */
export function notSentActions({ reason, url }: NotSent, ui: Ui): UiAction[] {
  return reason === 'no-key'
    ? [{ title: 'Set API Key', run: () => ui.executeCommand(COMMANDS.setApiKey, url) }]
    : [{ title: 'Manage Workspace Trust', run: () => ui.executeCommand(COMMANDS.manageTrust) }];
}
