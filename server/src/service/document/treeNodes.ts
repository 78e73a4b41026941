// The nodes the fast parser builds: jsonc-parser's Node, field for field, except that `offset` and
// `colonOffset` are read through accessors that first apply the tree's edits the stored values do not
// include yet (shiftLog.ts). Every reader keeps reading `node.offset` and gets what moving every node at
// each edit would have given; an edit itself no longer visits the nodes after it.
//
// The stored fields and the log pointer are own properties, the accessors are on the prototypes: object
// spreads, Object.keys and JSON.stringify of a node do not see `offset` (nothing in the server copies
// nodes; structuredClone is never given one).
//
// Three classes with no common base class: V8 constructs a derived class several times slower once its
// `name` has been redefined, which esbuild's keepNames (tsx, the tests) does to every class.
import type { Node, NodeType } from 'jsonc-parser';
import { FROZEN, type ShiftEntry, shiftedFrom, shiftsFrom } from './shiftLog';

/** What every fast-parsed node has beyond jsonc-parser's Node. */
interface Shifted {
  /** The offset as of `shiftedTo`. */
  storedOffset: number;
  /** The newest edit whose shift `storedOffset` (and a property's colon) includes. */
  shiftedTo: ShiftEntry;
  /** Applies the edits since `shiftedTo`. */
  catchUp(): void;
}

function currentOffset(node: Shifted): number {
  if (node.shiftedTo.next !== null) node.catchUp();
  return node.storedOffset;
}

function setOffset(node: Shifted, offset: number): void {
  if (node.shiftedTo.next !== null) node.catchUp();
  node.storedOffset = offset;
}

function catchUpOffset(node: Shifted): void {
  const from = node.shiftedTo;
  node.storedOffset = shiftedFrom(node.storedOffset, from, shiftsFrom(from));
  node.shiftedTo = from.log.head;
}

/** A string, number, boolean or null. */
export class LeafNode implements Node, Shifted {
  declare type: NodeType;
  declare storedOffset: number;
  declare length: number;
  declare parent?: Node;
  declare value: unknown;
  declare shiftedTo: ShiftEntry;
  constructor(type: NodeType, offset: number, length: number, parent: Node | undefined, value: unknown, shiftedTo: ShiftEntry) {
    this.type = type;
    this.storedOffset = offset;
    this.length = length;
    this.parent = parent;
    this.value = value;
    this.shiftedTo = shiftedTo;
  }
  get offset(): number {
    return currentOffset(this);
  }
  set offset(offset: number) {
    setOffset(this, offset);
  }
  catchUp(): void {
    catchUpOffset(this);
  }
}

/** An object or an array. */
export class ContainerNode implements Node, Shifted {
  declare type: NodeType;
  declare storedOffset: number;
  declare length: number;
  declare parent?: Node;
  declare children: Node[];
  declare shiftedTo: ShiftEntry;
  constructor(type: 'object' | 'array', offset: number, parent: Node | undefined, children: Node[], shiftedTo: ShiftEntry) {
    this.type = type;
    this.storedOffset = offset;
    this.length = 0;
    this.parent = parent;
    this.children = children;
    this.shiftedTo = shiftedTo;
  }
  get offset(): number {
    return currentOffset(this);
  }
  set offset(offset: number) {
    setOffset(this, offset);
  }
  catchUp(): void {
    catchUpOffset(this);
  }
}

/** A key and its value. */
export class PropertyNode implements Node, Shifted {
  declare type: NodeType;
  declare storedOffset: number;
  declare length: number;
  declare parent?: Node;
  declare children: Node[];
  /** The colon's offset as of `shiftedTo`. */
  declare storedColonOffset: number;
  declare shiftedTo: ShiftEntry;
  constructor(offset: number, parent: Node | undefined, children: Node[], shiftedTo: ShiftEntry) {
    this.type = 'property';
    this.storedOffset = offset;
    this.length = 0;
    this.parent = parent;
    this.children = children;
    this.storedColonOffset = 0;
    this.shiftedTo = shiftedTo;
  }
  get offset(): number {
    return currentOffset(this);
  }
  set offset(offset: number) {
    setOffset(this, offset);
  }
  get colonOffset(): number {
    if (this.shiftedTo.next !== null) this.catchUp();
    return this.storedColonOffset;
  }
  set colonOffset(offset: number) {
    if (this.shiftedTo.next !== null) this.catchUp();
    this.storedColonOffset = offset;
  }
  catchUp(): void {
    const from = this.shiftedTo;
    const map = shiftsFrom(from);
    this.storedOffset = shiftedFrom(this.storedOffset, from, map);
    this.storedColonOffset = shiftedFrom(this.storedColonOffset, from, map);
    this.shiftedTo = from.log.head;
  }
}

export type TreeNode = LeafNode | ContainerNode | PropertyNode;

/** A node the fast parser built (jsonc-parser's own nodes are plain objects). */
export function isTreeNode(node: Node): node is TreeNode {
  return node instanceof ContainerNode || node instanceof PropertyNode || node instanceof LeafNode;
}

/** Takes the node's current offsets as final: it left its tree, and no later edit moves it. */
export function freeze(node: TreeNode): void {
  if (node.shiftedTo.next !== null) node.catchUp();
  node.shiftedTo = FROZEN;
}
