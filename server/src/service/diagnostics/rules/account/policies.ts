// Each `policies` item must be a permission policy of the account.
import { isConnectionIdLike } from '../../../account/snapshot';
import { propertyValue } from '../../../document/document';
import type { AccountRule } from './context';

export const accountPolicies: AccountRule = {
  name: 'account-policies',
  check({ root, reporter, account }) {
    if (account.policies.status !== 'ready') return;
    const known = new Set(account.policies.value.map((p) => p.id.toLowerCase()));
    const policies = propertyValue(root, 'policies');
    for (const item of policies?.type === 'array' ? (policies.children ?? []) : []) {
      // Ids that are not UUIDs are already reported offline (PS105).
      if (item.type !== 'string' || !isConnectionIdLike(item.value) || known.has((item.value as string).toLowerCase())) continue;
      reporter.reportNode('unknownPolicy', item, `No permission policy with id ${item.value} in this account (completion lists the policies).`);
    }
  },
};
