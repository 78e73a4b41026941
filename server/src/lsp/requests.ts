// What the handlers of the custom requests (Create, and the requests on a linked sync) are handed by
// startServer: the connection, the document gate, the language service, the account bridge, the
// async guard, and the log.
import type { Connection } from 'vscode-languageserver';
import type { EffectiveConfig, LanguageService } from '../service';
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
  /** polysync.config.json as it applies to a document (Create and Update word what it silences). */
  configFor(uri: string): Pick<EffectiveConfig, 'rules' | 'files'>;
}

/**
 * How a refusal for errors in the document reads: the count, then each error the editor does not show
 * (silenced or lowered by polysync.config.json or a comment, which the API refuses all the same).
 */
export function documentErrorsMessage(errors: number, hidden: readonly { message: string | { value: string } }[]): string {
  const count = `${errors} problem${errors === 1 ? '' : 's'} must be fixed first`;
  if (hidden.length === 0) return `${count}. Nothing was sent.`;
  const lines = hidden.map((d) => (typeof d.message === 'string' ? d.message : d.message.value));
  return `${count}. ${lines.join(' ')}${/[.!?]$/.test(lines[lines.length - 1]) ? '' : '.'} Nothing was sent.`;
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
