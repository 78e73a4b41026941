// "Polysync: Show Changes": a diff editor of the linked document's sync as Polytomic holds it (read again
// now) against the document. The live side is the document's own text with only the differing values
// replaced by the live ones (the server writes it: polysync/bulkSyncState's liveText), so the diff shows
// exactly the differences; with none, a message says so instead of an empty diff editor. Differences
// changed in Polytomic since the file's last apply or pull are named in the diff editor's title.
import type { FlowDocument } from '../ui';
import { changedInPolytomicText } from './describe';
import { type FlowEnv, linkedState } from './flowEnv';

export type ShowChangesOutcome = { kind: 'diff'; differences: number; changedInPolytomic: number } | { kind: 'no-differences' } | { kind: 'stopped' };

export async function showChanges(env: FlowEnv, doc: FlowDocument): Promise<ShowChangesOutcome> {
  const { ui } = env;
  const state = await linkedState(env, doc);
  if (!state) return { kind: 'stopped' };
  const file = ui.relativePath(doc.uri);
  if (state.notCompared !== undefined) {
    // Nothing was compared: the whole sync as Polytomic holds it, against the file, with the reason.
    ui.showWarning(`${file} could not be compared with "${state.name}" (${state.notCompared}); the diff shows the whole sync as Polytomic holds it.`);
    await ui.showLiveDiff(doc.uri, `${state.name}: Polytomic ↔ ${file}`);
    return { kind: 'diff', differences: state.differences.length, changedInPolytomic: 0 };
  }
  if (state.differences.length === 0) {
    ui.showInfo(`No differences: ${file} matches "${state.name}" in Polytomic.`);
    return { kind: 'no-differences' };
  }
  const drift = changedInPolytomicText(state);
  await ui.showLiveDiff(doc.uri, `${state.name}: Polytomic ↔ ${file}${drift ? ` (${drift})` : ''}`);
  return { kind: 'diff', differences: state.differences.length, changedInPolytomic: state.changedInPolytomic.length };
}
