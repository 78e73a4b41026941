// Snippet text for completion: value skeletons built from the schema (required fields as tab stops,
// enums as choices) and the schema's `defaultSnippets` bodies. Snippets use LSP snippet syntax; for
// clients without snippet support they are turned into plain text.
import { childSchema, isDiscouragedValue, objectBranch, omittedValue, schemaBranches } from '../schema/lookup';
import { type SchemaNode, typesOf } from '../schema/schema';

/** Numbers tab stops in the order they are written. */
export class TabStops {
  private next = 1;
  take(): number {
    return this.next++;
  }
}

/** Escapes literal text for a snippet (`$`, `}` and `\` are special). */
export function escapeSnippet(text: string): string {
  return text.replace(/[\\$}]/g, '\\$&');
}

function escapeChoice(text: string): string {
  return text.replace(/[\\,|$}]/g, '\\$&');
}

export function choice(stops: TabStops, values: string[]): string {
  if (values.length === 1) return escapeSnippet(values[0]);
  return `\${${stops.take()}|${values.map(escapeChoice).join(',')}|}`;
}

/** The JSON values a user would pick from an enum, leaving out deprecated and model-sync ones. */
export function recommendedEnum(schema: SchemaNode): unknown[] {
  const values = schema.enum ?? [];
  const recommended = values.filter((v) => !isDiscouragedValue(schema, v));
  return recommended.length ? recommended : values;
}

/** Fixed choices for a string value named `key` that the schema cannot enumerate (a provider's day names). */
export type ChoicesFor = (key: string) => readonly string[] | undefined;

export interface SnippetOptions {
  /** The property the value belongs to, for values the schema cannot express (day names). */
  key?: string;
  /** Where the choices for such values come from. */
  choices?: ChoicesFor;
  /** Indentation of the line the snippet starts on, relative to the insertion line. */
  indent?: string;
}

/** A snippet for a value of `schema`: `"$1"`, a choice, `[$1]`, or an object skeleton. */
export function valueSnippet(schema: SchemaNode | undefined, stops: TabStops, options: SnippetOptions = {}): string {
  const branches = schemaBranches(schema);
  const branch = branches.find((b) => !(typesOf(b).length === 1 && typesOf(b)[0] === 'null')) ?? branches[0];
  if (!branch) return `"$${stops.take()}"`;
  if (branch.enum) {
    const values = recommendedEnum(branch);
    if (values.every((v) => typeof v === 'string')) return `"${choice(stops, values as string[])}"`;
    return choice(stops, values.map((v) => JSON.stringify(v)));
  }
  const types = typesOf(branch);
  if (types.length === 1 && types[0] === 'null') return 'null';
  const type = types.find((t) => t !== 'null');
  switch (type) {
    case 'string':
      const choices = options.key !== undefined ? options.choices?.(options.key) : undefined;
      if (choices) return `"${choice(stops, [...choices])}"`;
      return `"$${stops.take()}"`;
    case 'boolean': {
      // Adding a field whose default is `false` usually means wanting `true`: offer the other value first.
      const omitted = omittedValue(schema)?.value ?? omittedValue(branch)?.value;
      return choice(stops, omitted === true ? ['false', 'true'] : ['true', 'false']);
    }
    case 'integer':
    case 'number': {
      const start = branch.default ?? branch.minimum ?? branch['x-inferredMinimum'] ?? 0;
      return `\${${stops.take()}:${escapeSnippet(String(start))}}`;
    }
    case 'object':
      return objectSkeleton(branch, stops, options.indent ?? '', options.choices);
    case 'array':
      return `[$${stops.take()}]`;
    default:
      if (branch.properties) return objectSkeleton(branch, stops, options.indent ?? '', options.choices);
      // Any JSON value (a filter's `value`): a string is the most common choice.
      return `"$${stops.take()}"`;
  }
}

/** `{ "required": <value>, ... }` with one tab stop per required field, or `{$1}` when none is required. */
export function objectSkeleton(schema: SchemaNode, stops: TabStops, indent = '', choices?: ChoicesFor): string {
  const object = objectBranch(schema);
  const required = object?.required ?? [];
  if (!object || required.length === 0) return `{$${stops.take()}}`;
  const inner = `${indent}\t`;
  const lines = required.map(
    (key) => `${inner}"${escapeSnippet(key)}": ${valueSnippet(childSchema(object, key), stops, { key, indent: inner, choices })}`,
  );
  return `{\n${lines.join(',\n')}\n${indent}}`;
}

/**
 * A `defaultSnippets` body as snippet text. As in VS Code's JSON support, strings in a body are
 * snippet text already (they may hold `${1:...}`), while property names are literal.
 */
export function bodySnippet(body: unknown, indent = ''): string {
  if (Array.isArray(body)) {
    if (body.every((item) => item === null || typeof item !== 'object')) return `[${body.map((item) => bodySnippet(item)).join(', ')}]`;
    const inner = `${indent}\t`;
    return `[\n${body.map((item) => `${inner}${bodySnippet(item, inner)}`).join(',\n')}\n${indent}]`;
  }
  if (body && typeof body === 'object') {
    const entries = Object.entries(body as Record<string, unknown>);
    if (entries.length === 0) return '{}';
    const inner = `${indent}\t`;
    const lines = entries.map(([key, value]) => `${inner}"${escapeSnippet(key)}": ${bodySnippet(value, inner)}`);
    return `{\n${lines.join(',\n')}\n${indent}}`;
  }
  if (typeof body === 'string') return JSON.stringify(body);
  return String(body);
}

/**
 * The text a snippet inserts when every placeholder keeps its default (a choice its first option),
 * and whether it has tab stops at all.
 */
export function snippetToText(snippet: string): { text: string; hasTabStops: boolean } {
  let position = 0;
  let hasTabStops = false;

  const readNumber = () => {
    const start = position;
    while (position < snippet.length && /[0-9]/.test(snippet[position])) position++;
    return snippet.slice(start, position);
  };

  // Reads text until one of `stops` (unescaped) at this nesting level.
  const readText = (stops: string): string => {
    let out = '';
    while (position < snippet.length && !stops.includes(snippet[position])) {
      const c = snippet[position];
      if (c === '\\' && position + 1 < snippet.length) {
        out += snippet[position + 1];
        position += 2;
      } else if (c === '$') {
        out += readTabStop();
      } else {
        out += c;
        position++;
      }
    }
    return out;
  };

  const readTabStop = (): string => {
    position++; // `$`
    if (/[0-9]/.test(snippet[position] ?? '')) {
      readNumber();
      hasTabStops = true;
      return '';
    }
    if (snippet[position] !== '{') return '$';
    position++;
    if (!readNumber()) return '${';
    hasTabStops = true;
    const marker = snippet[position];
    if (marker === '}') {
      position++;
      return '';
    }
    if (marker === ':') {
      position++;
      const text = readText('}');
      position++;
      return text;
    }
    if (marker === '|') {
      position++;
      const options: string[] = [];
      for (;;) {
        options.push(readText(',|'));
        const separator = snippet[position++];
        if (separator !== ',') break;
      }
      if (snippet[position] === '}') position++;
      return options[0] ?? '';
    }
    return '';
  };

  return { text: readText(''), hasTabStops };
}
