// The use cases on a bulk sync file, for the language server and the CLI: create, pull, diff, update
// (plan, the decision on changes made in Polytomic, apply), run and status, and the link that ties a file
// to its sync. Each takes the API client it uses (and the account snapshot, for the checks that need it)
// as arguments; none reads settings, files or the network by itself, and none formats text for a person:
// the front ends (lsp/, cli/) word the answers. Comparisons are three-way (server/src/keep/).
export { checkForCreate, sendCreate, linkCreated, type CreateCheck, type CreateConfig, type CreateOutcome, type CreatedLink, type ApiFieldProblem, type BulkSyncCreator } from './create';
export { prepareRequestBody, locateFields, EDITOR_ONLY_KEYS, LINK_KEY, type PreparedBody } from './requestBody';
export { readLink, writeLink, bareLink, type SyncLink, type LinkRead } from './link';
export { readLiveSync, linkFor, bodyOfLive, pulledFileText, fileNameForSync, pullSync, type LiveSync } from './pull';
export { planApply, applyPlan, type ApplyPlan, type ApplyOutcome } from './apply';
export { checkForUpdate, decideUpdate, planUpdate, type UpdateCheck, type UpdateDecision } from './update';
export { compareWithLive, compareBody, type Comparison, type Difference } from './compareLive';
export { readLiveForComparison, type LiveForComparison, type SchemaReads } from './liveRead';
export { startRun, waitForExecution, readStatus, summarizeStatus, FINAL_STATUSES, type StartOutcome, type StatusSummary, type WaitOptions } from './execution';
export { DEFAULT_CONCURRENCY, gatedSyncApi, type SyncApi, type CallOptions } from './syncApi';
export { inferredSyncAppUrl } from '../api/inferred';
export { keepVersionProblem, KEEP_AS_CODE_VERSION } from '../keep/twins';
export { existingTwins, twinsMessage } from '../keep/twins';
export { findTwins, twinFinder, type TwinFinder } from './twinCheck';
export { followExecution, type FollowOptions, type FollowOutcome } from './follow';
