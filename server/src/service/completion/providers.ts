// What completion asks of value providers: values and property names from outside the schema (the
// account's connections, a schedule's cron words), and how the schema's own values and names rank.
import type { JsonPath, ParsedDocument } from '../document/document';
import type { SchemaNode } from '../schema/schema';

/** A value a provider knows for a path, such as a connection id with its name. */
export interface ProvidedValue {
  value: string | number | boolean | null;
  /** Shown instead of the value, e.g. the connection's name. */
  label?: string;
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /** What the editor filters by instead of the value, e.g. the connection's name and id. */
  filterText?: string;
  /**
   * Where the value ranks. By default provided values come first, in provider order. `choice`: among
   * the allowed values, shown as one (day names); `top`: before everything else (`*` in a cron field).
   */
  rank?: 'choice' | 'top';
}

/** The primitive value of a neighbouring property, as typed. */
export interface SiblingValue {
  readonly value: string;
}

export interface ValueProviderContext {
  readonly doc: ParsedDocument;
  /** Path of the value being completed, e.g. `["source_connection_id"]` or `["schemas", 0, "id"]`. */
  readonly path: JsonPath;
  /** The schema of that value, when the schema describes it. */
  readonly schema: SchemaNode | undefined;
  /** What is typed so far, without quotes. */
  readonly typed: string;
  /** Primitive values of the properties next to this value (such as a schedule's frequency). */
  readonly siblings: ReadonlyMap<string, SiblingValue>;
}

/**
 * Adds values for some paths from outside the schema (for example connection ids from the account).
 * Completion is synchronous: a provider backed by the network answers from what it already has and
 * refreshes in the background; it must not block. A provider that throws fails the completion, so the
 * LSP adapter's guard logs it instead of hiding it.
 */
export interface ValueProvider {
  readonly name: string;
  values(context: ValueProviderContext): readonly ProvidedValue[] | undefined;
  /** True when the provider's values are the only ones allowed here: the schema's other enum values are left out. */
  onlyThese?(context: ValueProviderContext): boolean;
  /** True when the provider's values stand in for the schema's examples here. */
  replacesExamples?(context: ValueProviderContext): boolean;
  /**
   * Fixed choices for a string value named `key` that the schema cannot enumerate (day names for
   * `day_of_week`), offered as a snippet choice when the name or an object skeleton is inserted.
   */
  snippetChoices?(key: string): readonly string[] | undefined;
  /** True when the provider offers values at `path` (for re-opening suggestions after a name is inserted). */
  hasValuesAt?(path: JsonPath): boolean;
  /** True when `value`, which the schema allows, is not meant for this place: it is offered last. */
  discourages?(context: ValueProviderContext, value: unknown): boolean;
  /** Property names for an object whose names the schema cannot know (e.g. `destination_configuration`). */
  keys?(context: KeyProviderContext): ProvidedKeys | undefined;
  /**
   * How a property name the schema offers fits this object: `expected` ranks it right after the
   * required names, `unlikely` last. Undefined leaves the schema's order.
   */
  keyFit?(context: KeyProviderContext, key: string): KeyFit | undefined;
}

export type KeyFit = 'expected' | 'unlikely';

export interface KeyProviderContext {
  readonly doc: ParsedDocument;
  /** Path of the object whose property name is being completed. */
  readonly objectPath: JsonPath;
  readonly existingKeys: ReadonlySet<string>;
  /** Primitive values of the other properties of that object. */
  readonly siblings: ReadonlyMap<string, SiblingValue>;
}

export interface ProvidedKey {
  key: string;
  /** Snippet syntax for the value inserted after the name, e.g. `"$1"` or `\${1:false}`. */
  valueSnippet: string;
  required?: boolean;
  detail?: string;
  /** Markdown. */
  documentation?: string;
}

export interface ProvidedKeys {
  keys: readonly ProvidedKey[];
  /** True when these are all the names the object takes: the schema's own names are left out. */
  onlyThese?: boolean;
}
