// The use cases on a bulk sync file, for the language server and the CLI: create, pull, diff, update
// (plan, the decision on changes made in Polytomic, apply), run and status, and the link that ties a file
// to its sync. Each takes the API client it uses (and the account snapshot, for the checks that need it)
// as arguments; none reads settings, files or the network by itself, and none formats text for a person:
// the front ends (lsp/, cli/) word the answers.
export { checkForCreate, sendCreate, type CreateCheck, type CreateConfig, type CreateOutcome, type ApiFieldProblem, type BulkSyncCreator } from './create';
export { prepareRequestBody, locateFields, EDITOR_ONLY_KEYS, LINK_KEY, type PreparedBody } from './requestBody';
export { readLink, writeLink, type SyncLink, type LinkRead } from './link';
export { readLiveSync, linkFor, linkForCreated, bodyOfLive, pulledFileText, fileNameForSync, pullSync } from './pull';
export { diffBodyWithLive, type Difference } from './compare';
export { planApply, applyPlan, ownerOf, driftOf, type ApplyPlan, type ApplyOutcome, type Drift } from './apply';
export { checkForUpdate, decideUpdate, planUpdate, type UpdateCheck, type UpdateDecision } from './update';
export { compareWithLive, type Comparison } from './compareLive';
export { startRun, waitForExecution, readStatus, summarizeStatus, FINAL_STATUSES, type StartOutcome, type StatusSummary, type WaitOptions } from './execution';
export { fingerprints, changedSince, modelOfBody, modelOfLive, type LiveSync, type SyncModel } from './syncModel';
export { DEFAULT_CONCURRENCY, gatedSyncApi, type SyncApi, type CallOptions } from './syncApi';
export { inferredSyncAppUrl } from '../api/inferred';
export { keepVersionProblem, KEEP_AS_CODE_VERSION } from '../keep/twins';
