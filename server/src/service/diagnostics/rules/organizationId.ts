// `organization_id` only matters to partner keys acting for several organizations.
import { propertyNode } from '../../document/document';
import type { Rule } from './context';

export const organizationId: Rule = {
  name: 'organization-id',
  check({ root, reporter }) {
    const property = propertyNode(root, 'organization_id');
    if (!property?.children?.[0] || property.children[1]?.type === 'null') return;
    reporter.reportNode(
      'partnerOnlyOrganization',
      property.children[0],
      '`organization_id` is only used with partner API keys; with a user or organization key the sync is created in the key\'s own organization.',
    );
  },
};
