// What the handlers of the custom requests (Create, and the requests on a linked sync) are handed by
// startServer: the connection, the document gate, the language service, the account bridge, the
// async guard, and the log.
import type { Connection } from 'vscode-languageserver';
import type { LanguageService } from '../service';
import type { AccountBridge } from './accountBridge';
import type { GateAnswer, DocumentGate } from './documentGate';
import type { AsyncGuard } from './guard';

export interface RequestDeps {
  connection: Connection;
  gate: DocumentGate;
  service: LanguageService;
  account: AccountBridge;
  guard: AsyncGuard;
  log(line: string): void;
}

export type Token = { isCancellationRequested: boolean; onCancellationRequested(listener: () => void): { dispose(): void } };

/** Why the gate turned a document away, in a sentence that ends the way the caller's messages do. */
export function gateRefusal(answer: Exclude<GateAnswer, { ok: true }>): { reason: 'stale' | 'document'; message: string } {
  switch (answer.reason) {
    case 'not-open':
      return { reason: 'stale', message: 'The document is not open in the Polysync language server; open it and try again. Nothing was sent.' };
    case 'stale':
      return { reason: 'stale', message: 'The document changed since the request was made (it is not open at that version); nothing was sent. Try again on the current text.' };
    case 'not-polysync':
      return { reason: 'document', message: 'The document is not a Polysync document (a *.polysync.json file, the polysync language, or JSON naming the Polysync schema), so it was not checked; nothing was sent.' };
    case 'too-large':
      return { reason: 'document', message: `The document is larger than the size limit (${answer.bytes} bytes of ${answer.limit}), so it was not checked; nothing was sent.` };
  }
}

/** Runs `work` under an AbortController that the request's cancellation aborts. */
export async function withAbort<T>(token: Token, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const subscription = token.onCancellationRequested(() => controller.abort());
  try {
    return await work(controller.signal);
  } finally {
    subscription.dispose();
  }
}
