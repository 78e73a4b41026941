// "Polysync: Show Changes": a diff editor of the linked document's sync as Polytomic holds it (read again
// now) against the document.
import type { FlowDocument } from '../ui';
import { type FlowEnv, linkedState } from './flowEnv';

export async function showChanges(env: FlowEnv, doc: FlowDocument): Promise<boolean> {
  const state = await linkedState(env, doc);
  if (!state) return false;
  await env.ui.showLiveDiff(doc.uri, `${state.name}: Polytomic ↔ ${env.ui.relativePath(doc.uri)}`);
  return true;
}
