// The operations on a bulk sync file, for the language server and the CLI: create, pull, diff, plan
// and apply, run and status, and the link that ties a file to its sync. Each takes the API client it
// uses as an argument; none reads settings, files or the network by itself.
export { checkForCreate, sendCreate, type CreateCheck, type CreateOutcome, type ApiFieldProblem, type BulkSyncCreator } from './create';
export { prepareRequestBody, locateFields, EDITOR_ONLY_KEYS, LINK_KEY, type PreparedBody } from './requestBody';
export { readLink, writeLink, type SyncLink, type LinkRead } from './link';
export { readLiveSync, linkFor, linkForCreated, bodyOfLive, pulledFileText, fileNameForSync } from './pull';
export { diffBodyWithLive, showValue, type Difference } from './compare';
export { planApply, applyPlan, ownerOf, type ApplyPlan, type ApplyOutcome, type Drift } from './apply';
export { startRun, waitForExecution, summarizeStatus, describeStatus, FINAL_STATUSES, type StartOutcome, type StatusSummary, type WaitOptions } from './execution';
export { fingerprints, changedSince, modelOfBody, modelOfLive, type LiveSync, type SyncModel } from './syncModel';
export { DEFAULT_CONCURRENCY, gatedSyncApi, type SyncApi, type CallOptions } from './syncApi';
export { inferredSyncAppUrl } from '../api/inferred';
