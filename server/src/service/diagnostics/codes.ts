// Every diagnostic Polysync reports, with its stable code. Codes never change meaning once published.
import { DiagnosticSeverity } from 'vscode-languageserver-types';

export const SOURCE = 'polysync';

export interface CodeInfo {
  code: string;
  severity: DiagnosticSeverity;
  title: string;
}

const E = DiagnosticSeverity.Error;
const W = DiagnosticSeverity.Warning;
const I = DiagnosticSeverity.Information;

export const Codes = {
  // Syntax
  syntax: { code: 'PS001', severity: E, title: 'JSON syntax error' },
  emptyDocument: { code: 'PS002', severity: E, title: 'Empty document' },
  notAnObject: { code: 'PS003', severity: E, title: 'The top level is not an object' },
  trailingComma: { code: 'PS004', severity: W, title: 'Trailing comma' },
  documentTooLarge: { code: 'PS005', severity: W, title: 'Document over the size Polysync checks' },
  nestingTooDeep: { code: 'PS006', severity: E, title: 'Document nested too deeply to check' },
  // Polysync's own levers: suppression comments and polysync.config.json
  unusedSuppression: { code: 'PS007', severity: W, title: 'Suppression comment that silences nothing' },
  configProblem: { code: 'PS008', severity: W, title: 'Problem in polysync.config.json' },
  // Schema
  missingProperty: { code: 'PS101', severity: E, title: 'Missing required property' },
  wrongType: { code: 'PS102', severity: E, title: 'Wrong type' },
  nullNotAllowed: { code: 'PS103', severity: E, title: 'Null not allowed' },
  invalidEnum: { code: 'PS104', severity: E, title: 'Value not allowed' },
  invalidUuid: { code: 'PS105', severity: E, title: 'Not a UUID' },
  invalidDateTime: { code: 'PS106', severity: E, title: 'Not an RFC 3339 date-time' },
  belowMinimum: { code: 'PS107', severity: E, title: 'Number too small' },
  unknownProperty: { code: 'PS108', severity: E, title: 'Unknown property' },
  duplicateKey: { code: 'PS109', severity: W, title: 'Duplicate key' },
  numberAsString: { code: 'PS110', severity: E, title: 'Number where the API wants a string' },
  stringConstraint: { code: 'PS111', severity: E, title: 'String length or pattern' },
  aboveMaximum: { code: 'PS112', severity: E, title: 'Number too large' },
  // Semantic rules
  legacySchedule: { code: 'PS201', severity: E, title: '`schedule` was replaced in 2025-09-18' },
  legacyDiscover: { code: 'PS202', severity: E, title: '`discover` was replaced in 2025-09-18' },
  scheduleValueRange: { code: 'PS203', severity: E, title: 'Schedule value out of range' },
  scheduleFieldUnused: { code: 'PS204', severity: W, title: 'Schedule field not used by its frequency' },
  scheduleFieldMissing: { code: 'PS205', severity: W, title: 'Schedule field its frequency needs is missing' },
  deprecatedFrequency: { code: 'PS206', severity: W, title: 'Deprecated frequency' },
  modelSyncFrequency: { code: 'PS207', severity: W, title: 'Frequency meant for model syncs' },
  sameConnection: { code: 'PS208', severity: W, title: 'Source and destination are the same connection' },
  duplicateSchema: { code: 'PS209', severity: W, title: 'Schema selected twice' },
  unselectedScheduleSchema: { code: 'PS210', severity: W, title: 'Additional schedule names an unselected schema' },
  notAcceptedOnCreate: { code: 'PS211', severity: E, title: 'Property not accepted on create' },
  partnerOnlyOrganization: { code: 'PS212', severity: I, title: '`organization_id` is for partner keys' },
  duplicateField: { code: 'PS213', severity: W, title: 'Field listed twice' },
  inferredMinimum: { code: 'PS214', severity: W, title: 'Number below an inferred minimum' },
  inferredDayOfWeek: { code: 'PS215', severity: W, title: 'Day-of-week number outside the inferred 0-6' },
  emptySchemas: { code: 'PS216', severity: W, title: 'Empty `schemas` list' },
  filterValueMissing: { code: 'PS217', severity: W, title: 'Filter function without the value it compares with' },
  filterValueNotTaken: { code: 'PS218', severity: W, title: 'Filter value for a function that takes none' },
  filterFieldMissing: { code: 'PS219', severity: W, title: 'Filter without `field_id`' },
  draftSchedules: { code: 'PS220', severity: E, title: '`schedules` is from a draft of the 2025-09-18 API' },
  // Checks against the signed-in account (run only when the data they need is known to be complete)
  unknownConnection: { code: 'PS301', severity: E, title: 'No such connection in the account' },
  connectionRole: { code: 'PS302', severity: E, title: 'Connection cannot take this role' },
  unsupportedMode: { code: 'PS303', severity: E, title: 'Mode the destination does not support' },
  unknownSchema: { code: 'PS304', severity: E, title: 'Schema the source does not have' },
  unknownField: { code: 'PS305', severity: E, title: 'Field the schema does not have' },
  missingDestinationSetting: { code: 'PS306', severity: E, title: 'Required destination setting missing' },
  unknownPolicy: { code: 'PS307', severity: E, title: 'No such permission policy' },
  trackingFieldUnsupported: { code: 'PS308', severity: E, title: 'Source does not support tracking fields' },
  unsupportedResyncMode: { code: 'PS309', severity: E, title: 'Resync mode the destination does not support' },
} satisfies Record<string, CodeInfo>;

export type CodeName = keyof typeof Codes;
