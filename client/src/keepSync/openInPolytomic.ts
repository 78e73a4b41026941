// "Polysync: Open in Polytomic": the linked document's sync page in the browser. Answers the address it
// opened (undefined when none): a command's result reaches executeCommand callers, so other extensions and
// the tests can see where it went without a browser.
import type { FlowDocument } from '../ui';
import { type FlowEnv, linkedState } from './flowEnv';

export async function openInPolytomic(env: FlowEnv, doc: FlowDocument): Promise<string | undefined> {
  // The state the lens shows is enough to know the address; read it only when there is none.
  const state = env.states.linked(doc.uri) ?? (await linkedState(env, doc));
  if (!state) return undefined;
  return (await env.ui.openExternal(state.appUrl)) ? state.appUrl : undefined;
}
