// The semantic rules, in the order their diagnostics are reported.
import { additionalScheduleSchemas } from './additionalScheduleSchemas';
import type { Rule, RuleContext } from './context';
import { draftSchedules } from './draftSchedules';
import { duplicateSelections } from './duplicateSelections';
import { emptySchemas } from './emptySchemas';
import { filterShape } from './filterShape';
import { inferredMinimums } from './inferredMinimums';
import { legacyShape } from './legacyShape';
import { notAcceptedOnCreate } from './notAcceptedOnCreate';
import { organizationId } from './organizationId';
import { sameConnection } from './sameConnection';
import { scheduleFrequency } from './scheduleFrequency';
import { scheduleValues } from './scheduleValues';

export const rules: readonly Rule[] = [
  legacyShape,
  draftSchedules,
  scheduleValues,
  scheduleFrequency,
  sameConnection,
  duplicateSelections,
  emptySchemas,
  filterShape,
  additionalScheduleSchemas,
  notAcceptedOnCreate,
  organizationId,
  inferredMinimums,
];

export function runRules(context: RuleContext): void {
  for (const rule of rules) rule.check(context);
}

export type { Rule, RuleContext };
