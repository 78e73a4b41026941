// The same connection as source and destination is almost always a copy-paste mistake.
import { propertyValue, stringValue } from '../../document/document';
import type { Rule } from './context';

export const sameConnection: Rule = {
  name: 'same-connection',
  check({ root, reporter }) {
    const source = propertyValue(root, 'source_connection_id');
    const destination = propertyValue(root, 'destination_connection_id');
    const id = stringValue(source);
    if (!id || !destination || stringValue(destination)?.toLowerCase() !== id.toLowerCase()) return;
    reporter.reportNode(
      'sameConnection',
      destination,
      'The destination is the same connection as the source: rows would be written back where they are read from. Check `destination_connection_id`.',
      undefined,
      undefined,
      [{ node: source!, message: 'The source connection' }],
    );
  },
};
