// Which proxy, if any, a request to the API goes through: HTTPS_PROXY / HTTP_PROXY / NO_PROXY (and
// their lower-case forms) from the environment, or an explicit proxy URL handed in by the caller (an
// editor setting). Pure: the environment is a parameter, so every rule is testable without a network.

import { isLoopbackHost } from './config';
import { base64Utf8 } from '../util/bytes';

export type ProxyEnv = Readonly<Record<string, string | undefined>>;

export interface ProxyRoute {
  /** The proxy's own URL: http: or https:, maybe with a user name and password for it. */
  url: URL;
  /** Where it came from, for messages: `HTTPS_PROXY`, `http_proxy`, `the proxy setting`... */
  source: string;
}

/** A proxy that cannot be used as configured. The message names where it came from, never its value. */
export class ProxyConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProxyConfigError';
  }
}

/**
 * The proxy for a request to `target`, or undefined to connect directly.
 *
 * - `override` (an explicit proxy URL, e.g. from an editor setting) wins over the environment.
 * - Otherwise `https_proxy`/`HTTPS_PROXY` for https targets and `http_proxy`/`HTTP_PROXY` for http
 *   ones; the lower-case form is read first, as curl and wget do. An empty value means none.
 * - `no_proxy`/`NO_PROXY` lists hosts reached directly (see `bypassesProxy`).
 * - Loopback hosts (localhost, *.localhost, 127.0.0.0/8, ::1) are always reached directly, unless
 *   NO_PROXY holds the entry `<-loopback>`.
 *
 * Throws ProxyConfigError for a proxy URL that cannot be used (not a URL, or not http/https).
 */
export function proxyFor(target: URL, env: ProxyEnv = process.env, override?: string): ProxyRoute | undefined {
  const candidates: Array<[string, string | undefined]> =
    target.protocol === 'https:'
      ? [['https_proxy', env.https_proxy], ['HTTPS_PROXY', env.HTTPS_PROXY]]
      : [['http_proxy', env.http_proxy], ['HTTP_PROXY', env.HTTP_PROXY]];
  const chosen: [string, string] | undefined =
    override !== undefined && override.trim() !== ''
      ? ['the proxy setting', override]
      : (candidates.find((c): c is [string, string] => c[1] !== undefined && c[1].trim() !== '') ?? undefined);
  if (!chosen) return undefined;

  const noProxy = firstSet(env, 'no_proxy', 'NO_PROXY') ?? '';
  if (bypassesProxy(target, noProxy)) return undefined;
  return { url: parseProxyUrl(chosen[1], chosen[0]), source: chosen[0] };
}

/**
 * Whether `target` is reached directly under this NO_PROXY value. Entries are separated by commas or
 * white space, matched without regard to case:
 * - `*` alone: every host;
 * - a domain name matches itself and its subdomains (`example.com` covers `api.example.com`); with a
 *   leading `.` or `*.` only its subdomains;
 * - an IP address, or a CIDR range (`10.0.0.0/8`, `fd00::/8`);
 * - any of these with `:port` matches that port only; IPv6 addresses may be written in brackets.
 * Loopback hosts are covered without an entry; `<-loopback>` removes that rule.
 */
export function bypassesProxy(target: URL, noProxy: string): boolean {
  const entries = noProxy
    .split(/[\s,]+/)
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e !== '');
  const host = target.hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  if (!entries.includes('<-loopback>') && isLoopbackHost(host)) return true;
  return entries.some((entry) => entry === '*' || entryMatches(entry, host, port));
}

function entryMatches(entry: string, host: string, port: string): boolean {
  if (entry === '<-loopback>') return false;
  let name = entry;
  let entryPort: string | undefined;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(name);
  if (bracketed) {
    name = bracketed[1];
    entryPort = bracketed[2];
  } else if (/^[^:]+:\d+$/.test(name)) {
    // One colon: host:port. More than one without brackets is an IPv6 address.
    [name, entryPort] = name.split(':');
  }
  if (entryPort !== undefined && entryPort !== port) return false;

  if (name.includes('/')) return inCidr(host, name);
  if (isIp(name)) return isIp(host) && sameIp(host, name);
  if (name.startsWith('*.')) name = name.slice(1);
  name = name.replace(/\.$/, '');
  if (name.startsWith('.')) return host.endsWith(name);
  return host === name || host.endsWith(`.${name}`);
}

function firstSet(env: ProxyEnv, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') return value;
  }
  return undefined;
}

function parseProxyUrl(raw: string, source: string): URL {
  const text = raw.trim();
  // `proxy.example.com:3128` without a scheme means an http proxy, as curl reads it.
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new ProxyConfigError(`${source} is not a valid proxy URL (expected e.g. http://proxy.example.com:3128).`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ProxyConfigError(
      `${source} names a ${url.protocol.replace(':', '')} proxy; only http and https proxies are supported.`,
    );
  }
  if (!url.hostname) throw new ProxyConfigError(`${source} is not a valid proxy URL: it names no host.`);
  return url;
}

/** `Basic ...` for a proxy URL with a user name, for the Proxy-Authorization header. */
export function proxyAuthorization(proxy: URL): string | undefined {
  if (!proxy.username && !proxy.password) return undefined;
  const credentials = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
  return `Basic ${base64Utf8(credentials)}`;
}

// ---- IP addresses, without node:net so the module stays cheap to load ------------------------------

function isIp(text: string): boolean {
  return parseIp(text) !== undefined;
}

function sameIp(a: string, b: string): boolean {
  const x = parseIp(a);
  const y = parseIp(b);
  return x !== undefined && y !== undefined && x.length === y.length && x.every((byte, i) => byte === y[i]);
}

function inCidr(host: string, cidr: string): boolean {
  const [base, bitsText] = cidr.split('/');
  const network = parseIp(base);
  const address = parseIp(host);
  const bits = Number(bitsText);
  if (!network || !address || network.length !== address.length) return false;
  if (!/^\d+$/.test(bitsText) || bits > network.length * 8) return false;
  for (let i = 0; i < bits; i++) {
    const bit = (bytes: number[]) => (bytes[i >> 3] >> (7 - (i & 7))) & 1;
    if (bit(network) !== bit(address)) return false;
  }
  return true;
}

/** The bytes of an IPv4 (4) or IPv6 (16) address, or undefined. */
function parseIp(text: string): number[] | undefined {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) {
    const bytes = v4.slice(1).map(Number);
    return bytes.every((b) => b <= 255) ? bytes : undefined;
  }
  if (!text.includes(':') || !/^[0-9a-f:.]+$/i.test(text)) return undefined;
  let head = text;
  let tail4: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    const embedded = parseIp(text.slice(lastColon + 1));
    if (!embedded || embedded.length !== 4) return undefined;
    tail4 = embedded;
    head = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = head.split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const left = groups(halves[0]);
  const right = halves.length === 2 ? groups(halves[1]) : [];
  const missing = 8 - left.length - right.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0) return undefined;
  const all = [...left, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...right];
  if (all.length !== 8 || !all.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return undefined;
  const bytes = all.flatMap((g) => [parseInt(g, 16) >> 8, parseInt(g, 16) & 0xff]);
  if (tail4.length) bytes.splice(12, 4, ...tail4);
  return bytes;
}
