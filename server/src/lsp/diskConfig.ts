// Where the Node language server reads polysync.config.json: the disk, for documents with file: URIs.
import { existsSync, readFileSync } from 'node:fs';
// Named imports: esbuild copies every property of a module imported whole (`import * as path`) on every start.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CONFIG_FILE_NAME } from '../service';
import type { ConfigHost } from './projectConfig';

export function diskConfigHost(): ConfigHost {
  return {
    reader: {
      read(dir) {
        try {
          return readFileSync(join(dir, CONFIG_FILE_NAME), 'utf8').replace(/^\uFEFF/, '');
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          return code === 'ENOENT' || code === 'ENOTDIR' ? undefined : { error: code ?? 'error' };
        }
      },
      isRepositoryRoot: (dir) => existsSync(join(dir, '.git')),
      parent: (dir) => {
        const up = dirname(dir);
        return up === dir ? undefined : up;
      },
      fileIn: (dir) => join(dir, CONFIG_FILE_NAME),
    },
    folderOf(uri) {
      if (!uri.startsWith('file:')) return undefined;
      try {
        return dirname(fileURLToPath(uri));
      } catch {
        return undefined;
      }
    },
    uriOf: (file) => pathToFileURL(file).href,
  };
}
