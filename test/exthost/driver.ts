// The workbench driver the extension-host tests call for what the `vscode` API cannot do or see:
// answering an input box, reading a notification, the language status or the status bar, the pages
// the browser was asked to open, and the sandbox API used as another person would. It is a small HTTP
// service on 127.0.0.1 run by the test runner next to Playwright; the tests find it through
// POLYSYNC_EXTHOST_DRIVER. Secrets never travel through it: a test asks for "the sandbox's user
// key" by name and the driver, which started the sandbox, types it or sends it.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Sandbox } from '../sandbox/server';
import { waitUntil } from '../e2e/lib/processes';
import type { Workbench } from '../e2e/lib/workbench';

export interface Driver {
  readonly url: string;
  close(): Promise<void>;
}

type Handler = (body: Record<string, unknown>) => Promise<unknown>;

function text(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  if (typeof value !== 'string' || value === '') throw new Error(`"${name}" must be a non-empty string`);
  return value;
}

export async function startDriver(sandbox: Sandbox, workbench: Workbench, other?: Sandbox): Promise<Driver> {
  const handlers: Record<string, Handler> = {
    // Types a sandbox key into the input box titled `title` and presses Enter.
    '/ui/input': async (body) => {
      const wb = workbench;
      const kind = text(body, 'sandboxKey') as keyof Sandbox['keys'];
      const key = sandbox.keys[kind];
      if (typeof key !== 'string') throw new Error(`the sandbox has no "${kind}" key`);
      const input = await wb.inputBox(text(body, 'title'));
      await input.fill(key);
      await input.press('Enter');
      await wb.screenshot(`input-${text(body, 'title')}`);
      return { typed: kind };
    },
    // Types `label` into the open quick pick and picks the row with that label, as a person would.
    '/ui/quick-pick': async (body) => {
      const label = text(body, 'label');
      await workbench.pickQuickInput(label);
      await workbench.screenshot('quick-pick');
      return { picked: label };
    },
    // What the second API (POLYSYNC_EXTHOST_OTHER_API) received: each request's method, path and whether
    // it carried an Authorization header (never its value).
    '/other-api/requests': async () => ({
      requests: (other?.state.requests ?? []).map((r) => ({ method: r.method, path: r.path, authorized: Boolean(r.headers.authorization), authScheme: r.authScheme })),
    }),
    // Clicks the code link (e.g. "PS104") of a row in the Problems view, as a person reading a problem
    // would; the test opens the view first.
    '/ui/click-problem-code': async (body) => {
      const code = text(body, 'code');
      await workbench.clickProblemCode(code);
      await workbench.screenshot(`problem-code-${code}`);
      return { clicked: code };
    },
    // Waits for a webview frame (the Markdown preview) holding an element with id `id`; answers where it
    // is (its top, the frame's height, how far the frame is scrolled, and its text), once the frame has
    // stopped scrolling.
    '/ui/webview-anchor': async (body) => {
      const id = text(body, 'id');
      const where = await workbench.webviewElement(id);
      await workbench.screenshot(`webview-anchor-${id}`);
      return where;
    },
    // The titles of the active editor's title bar actions (the buttons right of the tabs).
    '/ui/editor-title-actions': async () => {
      const labels = await workbench.page.locator('.editor-group-container.active .editor-actions .action-label').evaluateAll((nodes) =>
        nodes.map((n) => n.getAttribute('aria-label') ?? n.getAttribute('title') ?? ''),
      );
      return { labels };
    },
    // Takes a screenshot named `name` (after a state the test waited for).
    '/ui/screenshot': async (body) => {
      await workbench.screenshot(text(body, 'name'));
      return {};
    },
    // Waits for a notification (toast or notification center) matching `pattern`.
    '/ui/notification': async (body) => {
      const wb = workbench;
      const found = await wb.waitForNotification(new RegExp(text(body, 'pattern')));
      await wb.screenshot('notification');
      return { text: found };
    },
    // Waits for a language status item (the {} next to the language mode) whose text matches `pattern`.
    '/ui/language-status': async (body) => {
      const wb = workbench;
      const row = await wb.waitForLanguageStatus(new RegExp(text(body, 'pattern')));
      await wb.screenshot('language-status');
      return row;
    },
    // The texts of the status bar's items.
    '/ui/status-bar-items': async () => ({ items: await workbench.statusBarTexts() }),
    // Waits for a browser page other than the workbench (what vscode.env.openExternal opens in the
    // browser) whose address matches `pattern`; answers the address and closes that page.
    '/ui/opened-page': async (body) => {
      const pattern = new RegExp(text(body, 'pattern'));
      const others = () => workbench.context.pages().filter((p) => p !== workbench.page);
      const page = await waitUntil(`a browser page whose address matches ${pattern}`, () => others().find((p) => pattern.test(p.url())), {
        timeoutMs: workbench.timeoutMs,
        explain: () => `pages: ${others().map((p) => p.url()).join(', ') || 'none'}`,
      });
      const url = page.url();
      await page.close().catch(() => undefined);
      return { url };
    },
    // One request to the sandbox's API with one of its Bearer keys (named, as for /ui/input), as another
    // user of the Polytomic API would send it (to change a sync behind the editor's back, or read its
    // executions). Only /api/ paths; answers the status and the JSON body.
    '/sandbox/api': async (body) => {
      const kind = text(body, 'sandboxKey');
      if (kind !== 'user' && kind !== 'readonly') throw new Error('"sandboxKey" must be user or readonly (the Bearer keys)');
      const method = text(body, 'method').toUpperCase();
      const apiPath = text(body, 'path');
      if (!apiPath.startsWith('/api/')) throw new Error('"path" must start with /api/');
      const response = await fetch(`${sandbox.url}${apiPath}`, {
        method,
        headers: { authorization: `Bearer ${sandbox.keys[kind]}`, 'content-type': 'application/json' },
        body: body.body === undefined ? undefined : JSON.stringify(body.body),
      });
      const answer = await response.text();
      return { status: response.status, body: answer === '' ? null : (JSON.parse(answer) as unknown) };
    },
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const handler = req.method === 'POST' ? handlers[req.url ?? ''] : undefined;
      const reply = (status: number, data: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(data));
      };
      if (!handler) return reply(404, { error: `unknown driver route ${req.method} ${req.url}; routes: ${Object.keys(handlers).join(', ')}` });
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      } catch {
        return reply(400, { error: 'the body must be JSON' });
      }
      handler(body).then(
        (data) => reply(200, data),
        (error: unknown) => reply(500, { error: error instanceof Error ? error.message : String(error) }),
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
