// polysync.config.json for the language server: found from each document's folder upwards through a
// ConfigHost (the same ConfigReader shape the CLI uses, plus how a document's URI names a folder), cached
// per folder and dropped when a watched file changes. The host is handed in by the entry: the Node entry
// reads the disk (diskConfig.ts); a server without a file system (a browser worker) has none, and then
// no configuration applies.
import type { ClientCapabilities, Connection, Diagnostic } from 'vscode-languageserver';
// The library as a module object, not a copy of it: see server.ts.
import lsp = require('vscode-languageserver');
import { CONFIG_FILE_NAME, type ConfigReader, configProblemDiagnostic, type EffectiveConfig, findConfigFiles, mergeConfigFiles, NO_CONFIG, type RuleSettings } from '../service';

export interface ConfigHost {
  reader: ConfigReader;
  /** The folder a document's configuration is looked for from; undefined for documents that are not files. */
  folderOf(uri: string): string | undefined;
  /** The URI of a configuration file, for the related information of its problems. */
  uriOf(file: string): string;
}

export interface DocumentPolicy {
  rules: RuleSettings;
  /** The configuration's own problems as diagnostics (PS008), shared by every answer until the configuration changes. */
  problems: readonly Diagnostic[];
}

/** How many documents' configurations are remembered by URI before the list starts again. */
const MAX_REMEMBERED_URIS = 1000;

export class ProjectConfigs {
  /** Changes whenever a configuration file may have changed: part of each diagnostics result id. */
  revision = 0;
  private readonly byDir = new Map<string, EffectiveConfig>();
  // Every diagnostics request asks for its document's policy: remembered per URI (turning a URI into a
  // folder parses it as a URL, on every keystroke otherwise) and per configuration, until a
  // configuration file changes.
  private readonly byUri = new Map<string, EffectiveConfig>();
  private readonly policies = new Map<EffectiveConfig, DocumentPolicy>();

  constructor(private readonly host: ConfigHost | undefined) {}

  /** What applies to a document; nothing for documents that are not files (untitled, virtual) or without a host. */
  forDocument(uri: string): EffectiveConfig {
    const known = this.byUri.get(uri);
    if (known) return known;
    const config = this.lookUp(uri);
    if (this.byUri.size >= MAX_REMEMBERED_URIS) this.byUri.clear();
    this.byUri.set(uri, config);
    return config;
  }

  private lookUp(uri: string): EffectiveConfig {
    const dir = this.host?.folderOf(uri);
    if (!this.host || dir === undefined) return NO_CONFIG;
    let config = this.byDir.get(dir);
    if (!config) {
      config = mergeConfigFiles(findConfigFiles(dir, this.host.reader));
      this.byDir.set(dir, config);
    }
    return config;
  }

  /** The severities for a document, and its configuration's problems as diagnostics (PS008). */
  policyFor(uri: string): DocumentPolicy {
    const config = this.forDocument(uri);
    let policy = this.policies.get(config);
    if (!policy) {
      const host = this.host;
      policy = config === NO_CONFIG || !host ? { rules: config.rules, problems: [] } : { rules: config.rules, problems: config.problems.map((p) => configProblemDiagnostic(p, host.uriOf(p.file))) };
      this.policies.set(config, policy);
    }
    return policy;
  }

  changed(): void {
    this.byDir.clear();
    this.byUri.clear();
    this.policies.clear();
    this.revision++;
  }
}

/**
 * Follows changes to configuration files: any client's workspace/didChangeWatchedFiles for one is
 * honoured. `recheck` computes the open documents' diagnostics again.
 */
export function followConfigChanges(connection: Connection, configs: ProjectConfigs, recheck: () => void): void {
  connection.onDidChangeWatchedFiles((params) => {
    if (!params.changes.some((c) => c.uri.endsWith(`/${CONFIG_FILE_NAME}`))) return;
    configs.changed();
    recheck();
  });
}

/** Asks the client to watch configuration files, when it can register watchers (VS Code, Neovim and others). Call once initialized. */
export function askClientToWatchConfigs(connection: Connection, capabilities: ClientCapabilities | undefined): void {
  if (capabilities?.workspace?.didChangeWatchedFiles?.dynamicRegistration !== true) return;
  connection.client.register(lsp.DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: `**/${CONFIG_FILE_NAME}` }] }).catch(() => undefined);
}
