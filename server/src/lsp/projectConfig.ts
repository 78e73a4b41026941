// polysync.config.json for the language server: found from each document's folder upwards, read from
// disk through the same ConfigReader shape the CLI uses (a server without a file system, in a browser,
// would hand in one that asks the client), cached per folder and dropped when a watched file changes.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type ClientCapabilities, type Connection, DidChangeWatchedFilesNotification, type Diagnostic } from 'vscode-languageserver/node';
import {
  CONFIG_FILE_NAME,
  type ConfigReader,
  configProblemDiagnostic,
  type EffectiveConfig,
  findConfigFiles,
  mergeConfigFiles,
  NO_CONFIG,
  type RuleSettings,
} from '../service';

export function diskConfigReader(): ConfigReader {
  return {
    read(dir) {
      try {
        return readFileSync(path.join(dir, CONFIG_FILE_NAME), 'utf8').replace(/^\uFEFF/, '');
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        return code === 'ENOENT' || code === 'ENOTDIR' ? undefined : { error: code ?? 'error' };
      }
    },
    isRepositoryRoot: (dir) => existsSync(path.join(dir, '.git')),
    parent: (dir) => {
      const up = path.dirname(dir);
      return up === dir ? undefined : up;
    },
    fileIn: (dir) => path.join(dir, CONFIG_FILE_NAME),
  };
}

export class ProjectConfigs {
  /** Changes whenever a configuration file may have changed: part of each diagnostics result id. */
  revision = 0;
  private readonly byDir = new Map<string, EffectiveConfig>();

  constructor(private readonly reader: ConfigReader) {}

  /** What applies to a document; nothing for documents that are not files (untitled, virtual). */
  forDocument(uri: string): EffectiveConfig {
    if (!uri.startsWith('file:')) return NO_CONFIG;
    let dir: string;
    try {
      dir = path.dirname(fileURLToPath(uri));
    } catch {
      return NO_CONFIG;
    }
    let config = this.byDir.get(dir);
    if (!config) {
      config = mergeConfigFiles(findConfigFiles(dir, this.reader));
      this.byDir.set(dir, config);
    }
    return config;
  }

  /** The severities for a document, and its configuration's problems as diagnostics (PS008). */
  policyFor(uri: string): { rules: RuleSettings; problems: Diagnostic[] } {
    const config = this.forDocument(uri);
    return { rules: config.rules, problems: config.problems.map((p) => configProblemDiagnostic(p, pathToFileURL(p.file).href)) };
  }

  changed(): void {
    this.byDir.clear();
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
  connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: `**/${CONFIG_FILE_NAME}` }] }).catch(() => undefined);
}
