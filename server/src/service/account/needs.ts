// What a document asks of the account: the connection ids it names, by the role it gives them. The
// account layer fetches these in the background; the features read the answers from the snapshot.
import { type ParsedDocument, propertyValue, stringValue } from '../document/document';
import { isConnectionIdLike } from './snapshot';

/** The connection ids a document names, by role: what the account layer should fetch for it. */
export interface DocumentAccountNeeds {
  sources: string[];
  targets: string[];
  connections: string[];
}

export function accountNeeds(doc: ParsedDocument): DocumentAccountNeeds {
  const needs: DocumentAccountNeeds = { sources: [], targets: [], connections: [] };
  const root = doc.root;
  if (root?.type !== 'object') return needs;
  const source = stringValue(propertyValue(root, 'source_connection_id'));
  const destination = stringValue(propertyValue(root, 'destination_connection_id'));
  if (isConnectionIdLike(source)) {
    needs.sources.push(source);
    needs.connections.push(source);
  }
  if (isConnectionIdLike(destination)) {
    needs.targets.push(destination);
    needs.connections.push(destination);
  }
  return needs;
}
