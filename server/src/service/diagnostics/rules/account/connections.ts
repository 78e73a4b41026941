// A connection id must name a connection of the account, and that connection must be able to take
// the role the document gives it (the API answers /bulksync/source or /bulksync/target for it).
import { canBe, connectionLabel, findConnection, isConnectionIdLike, sourceOf, targetOf } from '../../../account/snapshot';
import { propertyValue } from '../../../document/document';
import type { AccountRule } from './context';

const ROLES = [
  { key: 'source_connection_id', role: 'source', other: 'destination' },
  { key: 'destination_connection_id', role: 'destination', other: 'source' },
] as const;

export const accountConnections: AccountRule = {
  name: 'account-connections',
  check({ root, reporter, account }) {
    for (const { key, role, other } of ROLES) {
      const node = propertyValue(root, key);
      const id = node?.type === 'string' ? (node.value as string) : undefined;
      // A malformed id is already reported offline (PS105).
      if (!node || !isConnectionIdLike(id)) continue;
      const found = findConnection(account, id);
      if (found.status === 'missing') {
        reporter.reportNode(
          'unknownConnection',
          node,
          `No connection with id ${id} in this account: check \`${key}\` (completion lists your connections).`,
        );
        continue;
      }
      if (found.status !== 'found' || canBe(account, id, role) !== false) continue;
      const answer = role === 'source' ? sourceOf(account, id) : targetOf(account, id);
      const why = answer.status === 'refused' && answer.message ? ` The API says: ${sentence(answer.message)}` : '';
      const otherRole = canBe(account, id, other) === true ? ` It can be a bulk sync ${other}.` : '';
      reporter.reportNode(
        'connectionRole',
        node,
        `${connectionLabel(found.connection)} cannot be a bulk sync ${role}.${otherRole}${why}`,
      );
    }
  },
};

function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
