// The language service's front door: the LSP adapter, the CLI and the account layer reach the service
// only through this file (test/unit/layers.test.ts holds them to it). Everything here is pure: text
// and a schema in, results out; account data arrives as a snapshot or as providers built from one.
import { scheduleValueProvider } from './schedule/completion';
import type { ValueProvider } from './completion/providers';
import { LanguageService, type LanguageServiceOptions } from './languageService';

export { LanguageService };
export type { CancellationLike, CompletionRequest, LanguageServiceOptions } from './languageService';

/** The providers a service built by `createLanguageService` registers unless told otherwise: the schedule's. */
export const DEFAULT_VALUE_PROVIDERS: readonly ValueProvider[] = [scheduleValueProvider];

/** A language service with the schedule provider registered (and `options.valueProviders`, when given, instead). */
export function createLanguageService(options: LanguageServiceOptions = {}): LanguageService {
  return new LanguageService({ valueProviders: options.valueProviders ?? DEFAULT_VALUE_PROVIDERS });
}

// ---- the parsed document --------------------------------------------------------------------------
export { parseDocument, propertyValue, type JsonNode, type JsonPath, type ParsedDocument } from './document/document';
export { syntaxErrorMessage } from './document/syntaxMessages';
export { StoredDocument, StoredDocuments } from './document/storedDocument';
export { formatFieldPath, parseFieldPath, type FieldPath } from './document/fieldPaths';

// ---- diagnostics, the size limit ------------------------------------------------------------------
export { validateDocument, type ValidateOptions } from './diagnostics/validate';
export {
  CONFIG_FILE_NAME,
  type ConfigFile,
  type ConfigProblem,
  type ConfigReader,
  configProblemDiagnostic,
  configStillBlocking,
  type EffectiveConfig,
  findConfigFiles,
  isApiRule,
  mergeConfigFiles,
  NO_CONFIG,
  type Relaxed,
  relaxesApiRule,
  ruleOrigin,
  type RuleSetting,
  type RuleSettings,
} from './diagnostics/config';
export { type Silenced, stillBlocking } from './diagnostics/suppressions';
export { Codes, SOURCE, type CodeName } from './diagnostics/codes';
export { DEFAULT_MAX_DOCUMENT_BYTES, DocumentSizes, limitFromBytes, limitFromMegabytes, tooLargeDiagnostic } from './diagnostics/sizeLimit';

// ---- quick fixes, fix all, formatting -------------------------------------------------------------
export { codeActions, FIX_ALL_KIND, fixAll, fixDataOf, type CodeActionOptions, type FixData } from './actions/codeActions';
export {
  applyRawEdits,
  containerLayout,
  detectIndentOptions,
  type IndentOptions,
  insertMembers,
  lineIndent,
  renderValue,
  replaceNode,
} from './actions/textEdits';
export { format, type FormatOptions } from './format';

// ---- completion, hover, inlay hints and their providers -------------------------------------------
export { complete, type CompleteOptions } from './completion/complete';
export type { ProvidedKey, ProvidedKeys, ProvidedValue, ValueProvider, ValueProviderContext } from './completion/providers';
export { withValueRetrigger } from './completion/retrigger';
export { hover, type HoverContributor } from './hover';
export { inlayHints, type InlayHintContributor } from './inlayHints';
export { scheduleValueProvider } from './schedule/completion';
export { describeSchedule } from './schedule/describe';

// ---- outline, folding, selection ------------------------------------------------------------------
export { documentSymbols } from './symbols';
export { foldingRanges } from './folding';
export { selectionRanges } from './selection';

// ---- the live side of Show Changes ----------------------------------------------------------------
export { type LiveDifference, type LiveSide, liveSideText } from './liveSide';

// ---- the account, as the service sees it ----------------------------------------------------------
export {
  type AccountConnection,
  type AccountField,
  type AccountMode,
  type AccountPolicy,
  type AccountSchema,
  type AccountSnapshot,
  type AccountSource,
  type ConfigSetting,
  type AccountTarget,
  isConnectionIdLike,
  type Known,
} from './account/snapshot';
export { accountNeeds, type DocumentAccountNeeds } from './account/needs';
export { accountValueProvider, awaitingAccountData } from './account/completion';
export { accountHoverContributor } from './account/hover';
export { accountInlayHints } from './account/inlayHints';
