// The semantic rules, in the order their diagnostics are reported.
import { additionalScheduleSchemas } from './additionalScheduleSchemas';
import type { ItemRule, Rule, RuleContext } from './context';
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
import { pathOf, propertyValue } from '../../document/document';
import { itemFindings } from '../incremental';
import { selectedIds } from '../selectedIds';
import { reportFindingsAt } from '../findings';

export const rules: readonly (Rule | ItemRule)[] = [
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

function isItemRule(rule: Rule | ItemRule): rule is ItemRule {
  return 'checkItem' in rule;
}

const itemRules: readonly ItemRule[] = rules.filter(isItemRule);

/**
 * Runs every rule; the item rules' findings on each `schemas` item are reported in the rule's turn, in
 * item order, each item's cross-item findings first (as one pass per rule would report them). With
 * `reuse`, items no edit has changed since the last check keep what was found in them then.
 */
export function runRules(context: RuleContext, options: { reuse?: boolean } = {}): void {
  const { root, reporter } = context;
  const reuse = options.reuse === true;
  const schemas = propertyValue(root, 'schemas');
  const items = schemas?.type === 'array' ? (schemas.children ?? []) : [];
  const own = items.length > 0 ? itemFindings(context.doc, schemas!, itemRules, reuse) : undefined;
  const ids = items.length > 0 ? selectedIds(schemas!) : undefined;
  for (const rule of rules) {
    if (!isItemRule(rule)) {
      rule.check(context);
      continue;
    }
    if (!own || !ids) continue;
    const k = itemRules.indexOf(rule);
    const across = rule.acrossItems;
    const acrossItems = across ? across.items(ids) : [];
    const arrayPath = acrossItems.length > 0 ? pathOf(schemas!) : [];
    // Only the items with something to report are visited (a megabyte document has thousands), in
    // order; an item's findings that read other items come before its own.
    let i = 0;
    let j = 0;
    while (i < own.busy.length || j < acrossItems.length) {
      const n = j >= acrossItems.length || (i < own.busy.length && own.busy[i] < acrossItems[j]) ? own.busy[i] : acrossItems[j];
      if (j < acrossItems.length && acrossItems[j] === n) {
        across!.report(n, ids, arrayPath, reporter);
        j++;
      }
      if (i < own.busy.length && own.busy[i] === n) {
        reportFindingsAt(own.perItem[n][k], items[n].offset, reporter);
        i++;
      }
    }
  }
}

export type { ItemRule, Rule, RuleContext };
