// One HTTP exchange over fetch, for the language server in a web worker (VS Code for the Web), with the
// same failures and messages as the node:http transport (transport.ts): a bound on the whole exchange,
// cancellation, a size limit on the answer, and redirects never followed. What fetch cannot say is how far
// a failed request got, so a request that failed before its answer counts as possibly sent (a create is
// then retried with its Idempotency-Key, never blindly).
import { DEFAULT_MAX_RESPONSE_BYTES, formatSeconds, type HttpRequest, type HttpResponse, TransportError } from './http';

/** Headers a browser sets itself and refuses (or drops) from a page. */
const BROWSER_OWNED = new Set(['user-agent', 'content-length', 'host', 'connection']);

export async function sendFetch(req: HttpRequest): Promise<HttpResponse> {
  const where = req.url.host;
  if (req.signal?.aborted) throw new TransportError('aborted', false, 'The request was cancelled before it was sent.');
  const controller = new AbortController();
  let ended: 'timeout' | 'aborted' | undefined;
  let status: number | undefined;
  const timer = setTimeout(() => {
    ended = 'timeout';
    controller.abort();
  }, req.timeoutMs);
  const onAbort = (): void => {
    ended ??= 'aborted';
    controller.abort();
  };
  req.signal?.addEventListener('abort', onAbort, { once: true });
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) if (!BROWSER_OWNED.has(name.toLowerCase())) headers[name] = value;

  try {
    const res = await fetch(req.url.href, {
      method: req.method,
      headers,
      body: req.body,
      signal: controller.signal,
      // The key must never follow a redirect to another address; the API's base URL is to be fixed instead.
      redirect: 'manual',
      credentials: 'omit',
      mode: 'cors',
    });
    if (res.type === 'opaqueredirect') {
      // A browser hides a redirect's status and target; node:http would show them (responses.ts says more there).
      throw new TransportError(
        'other',
        true,
        `${where} answered with a redirect. Redirects are not followed, so the API key is never sent to another address; check the API base URL.`,
      );
    }
    status = res.status;
    const body = await readLimited(res, req.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES, where);
    const answerHeaders: Record<string, string> = {};
    res.headers.forEach((value, name) => {
      answerHeaders[name.toLowerCase()] = value;
    });
    return { status: res.status, statusText: res.statusText, headers: answerHeaders, body };
  } catch (error) {
    if (error instanceof TransportError) throw withStatus(error, status);
    const seconds = formatSeconds(req.timeoutMs);
    if (ended === 'timeout') {
      const message = status !== undefined ? `The response from ${where} did not finish within ${seconds}.` : `No response from ${where} within ${seconds}.`;
      throw new TransportError('timeout', true, message, undefined, status);
    }
    if (ended === 'aborted') throw new TransportError('aborted', true, 'The request was cancelled.', undefined, status);
    if (status !== undefined) throw new TransportError('reset', true, `The connection to ${where} closed before the response was complete.`, undefined, status);
    // fetch rejects with a bare TypeError for a refused origin (CORS), an unreachable host and an offline
    // machine alike, on purpose: a page may not learn which. So the message names what the user can do.
    throw new TransportError(
      'browser-blocked',
      true,
      `The browser could not reach ${where}: the API does not accept requests from this page's origin (CORS), or the network is unreachable. Account features need the desktop app here.`,
    );
  } finally {
    clearTimeout(timer);
    req.signal?.removeEventListener('abort', onAbort);
  }
}

function withStatus(error: TransportError, status: number | undefined): TransportError {
  return status === undefined || error.status !== undefined ? error : new TransportError(error.failure, error.requestWritten, error.message, error.code, status);
}

/** The body, read in chunks so an endless or huge answer stops at `limit` bytes. */
async function readLimited(res: Response, limit: number, where: string): Promise<Uint8Array> {
  if (!res.body) return new Uint8Array(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new TransportError('too-large', true, `The response from ${where} is larger than ${limit} bytes.`, undefined, res.status);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.length;
  }
  return body;
}
