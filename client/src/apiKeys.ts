// API keys in secret storage, one per API URL: a key is read only for the URL it was set for, so a
// settings change (or a remote window that cannot read the user's URL) can never send it elsewhere.
// Free of VS Code: `SecretStore` is the part of vscode.SecretStorage used, so the rules are unit tested.
import { checkBaseUrl } from '../../protocol/settings';

/** The part of vscode.SecretStorage this needs. */
export interface SecretStore {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
}

/** Where versions before per-URL keys kept the one key. */
export const LEGACY_SECRET = 'polysync.apiKey';
/** Every per-URL entry starts with this (the URL follows). */
export const SECRET_PREFIX = 'polysync.apiKey@';

/**
 * The URL as a key is bound to it: scheme, lower-case host, port, path without trailing slashes.
 * Undefined for a URL no request is ever sent to (checkBaseUrl refuses it), so no key is bound to it.
 */
export function normalizeApiUrl(raw: string): string | undefined {
  const check = checkBaseUrl(raw);
  if (!check.ok) return undefined;
  const { protocol, host, pathname } = check.url;
  return `${protocol}//${host}${pathname.replace(/\/+$/, '')}`;
}

/** The secret storage entry of `url`'s key; undefined when the URL cannot be used. */
export function secretNameFor(url: string): string | undefined {
  const normal = normalizeApiUrl(url);
  return normal && `${SECRET_PREFIX}${normal}`;
}

/**
 * A key stored by an earlier version, without its URL, that was not bound to the URL in use: it is kept
 * (not sent) until the user says which URL it belongs to.
 */
export interface UnboundKey {
  /** The URL in use when it was found, which is not the default. */
  url: string;
}

export class ApiKeys {
  constructor(
    private readonly secrets: SecretStore,
    /** The default API URL: the only one an earlier version's key is bound to without asking. */
    private readonly defaultUrl: string,
  ) {}

  /**
   * The key set for `url`, or undefined. An earlier version's key (no URL recorded) is adopted for the
   * default URL only, since that is where it was sent unless the user had changed polysync.apiUrl; for any
   * other URL it is left unbound and `unbound` says so, so the caller can ask.
   */
  async get(url: string): Promise<{ key?: string; unbound?: UnboundKey }> {
    const name = secretNameFor(url);
    if (!name) return {};
    const key = await this.secrets.get(name);
    if (key !== undefined) return { key };
    const legacy = await this.secrets.get(LEGACY_SECRET);
    if (legacy === undefined) return {};
    if (normalizeApiUrl(url) === normalizeApiUrl(this.defaultUrl)) {
      await this.bindLegacy(url, legacy);
      return { key: legacy };
    }
    return { unbound: { url } };
  }

  /** Binds the earlier version's key to `url` (the user said so). False when there is none any more. */
  async adoptLegacy(url: string): Promise<boolean> {
    const legacy = await this.secrets.get(LEGACY_SECRET);
    if (legacy === undefined || !secretNameFor(url)) return false;
    await this.bindLegacy(url, legacy);
    return true;
  }

  async store(url: string, key: string): Promise<void> {
    const name = secretNameFor(url);
    if (!name) throw new Error(`No API key can be stored for ${url}: it is not a usable API URL.`);
    await this.secrets.store(name, key);
  }

  /** Removes the key of `url` and any earlier version's key; answers whether there was one. */
  async delete(url: string): Promise<boolean> {
    const name = secretNameFor(url);
    const had = (name !== undefined && (await this.secrets.get(name)) !== undefined) || (await this.secrets.get(LEGACY_SECRET)) !== undefined;
    if (name) await this.secrets.delete(name);
    await this.secrets.delete(LEGACY_SECRET);
    return had;
  }

  /** Removes an earlier version's key (the user declined to bind it). */
  async removeLegacy(): Promise<void> {
    await this.secrets.delete(LEGACY_SECRET);
  }

  private async bindLegacy(url: string, key: string): Promise<void> {
    await this.secrets.store(secretNameFor(url)!, key);
    await this.secrets.delete(LEGACY_SECRET);
  }
}

/** Whether a change to secret storage entry `name` can change the key in use. */
export function isApiKeySecret(name: string): boolean {
  return name === LEGACY_SECRET || name.startsWith(SECRET_PREFIX);
}
