// The checks that need the signed-in account, in the order their diagnostics are reported.
import type { AccountRule, AccountRuleContext } from './context';
import { accountConnections } from './connections';
import { accountDestinationSettings } from './destinationSettings';
import { accountModes } from './modes';
import { accountPolicies } from './policies';
import { accountSchemas } from './schemas';

const accountRules: readonly AccountRule[] = [
  accountConnections,
  accountModes,
  accountDestinationSettings,
  accountSchemas,
  accountPolicies,
];

export function runAccountRules(context: AccountRuleContext): void {
  for (const rule of accountRules) rule.check(context);
}

export type { AccountRule, AccountRuleContext };
