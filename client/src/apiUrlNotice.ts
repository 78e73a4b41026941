// When polysync.apiUrl is set where this window does not read it. It is a machine setting: in a remote
// window (SSH, WSL, containers, Codespaces, code-server) VS Code applies it only from the Remote (machine)
// settings, and a value in the User settings may be visible for a moment at start, then dropped at the
// first configuration reload. Polysync uses one reading of the URL, the one VS Code applies, and says
// once per value which settings file to use instead of switching silently. Free of VS Code.
import { DEFAULT_BASE_URL, sameBaseUrl } from '../../protocol/settings';

export interface UrlObservation {
  /** getConfiguration('polysync').get('apiUrl'): the value VS Code applies in this window. */
  applied: string | undefined;
  /** inspect('apiUrl').globalValue: the user value VS Code shows now (absent once it is dropped). */
  userValue: string | undefined;
  /** vscode.env.remoteName: set in a remote window. */
  remoteName: string | undefined;
}

export interface UnreadUrl {
  /** The value set where this window does not read it. */
  value: string;
  /** The URL used instead. */
  used: string;
  message: string;
}

const clean = (value: string | undefined) => (value?.trim() ? value.trim() : undefined);

/** Follows the readings of one window and answers the value that is set but not read, once each. */
export class ApiUrlNotices {
  /** A user value seen in a remote window: it may be dropped at the next reload. */
  private seenUserValue: string | undefined;
  private readonly told = new Set<string>();

  /** The URL in use for this observation, and a notice to show (only the first time for a value). */
  observe(observation: UrlObservation): { url: string; notice?: UnreadUrl } {
    const url = clean(observation.applied) ?? DEFAULT_BASE_URL;
    const user = clean(observation.userValue);
    if (observation.remoteName !== undefined && user) this.seenUserValue = user;
    // Shown but not applied, or seen before in this remote window and gone since.
    const unread = user && !sameBaseUrl(user, url) ? user : observation.remoteName !== undefined && !user ? this.seenUserValue : undefined;
    if (!unread || sameBaseUrl(unread, url) || this.told.has(unread)) return { url };
    this.told.add(unread);
    return { url, notice: { value: unread, used: url, message: unreadMessage(unread, url, observation.remoteName) } };
  }
}

export function unreadMessage(value: string, used: string, remoteName: string | undefined): string {
  const where =
    remoteName !== undefined
      ? `This is a remote window (${remoteName}), which reads a machine setting such as polysync.apiUrl only from the Remote settings (Preferences: Open Remote Settings; for code-server, Machine/settings.json in its user data folder), not from your User settings.`
      : 'polysync.apiUrl is a machine setting: VS Code reads it from your User settings only, not from a workspace.';
  return `Polysync: polysync.apiUrl is set to ${value}, but this window does not read it there, so Polysync uses ${used}. ${where} A key set for ${value} is never sent to ${used}.`;
}
