// Per-test artifact folder: numbered screenshots of every step and, when something failed, the
// editor's logs, so a red run can be read without re-running it.
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ARTIFACTS_DIR } from './paths';

export class Artifacts {
  readonly dir: string;
  private counter = 0;
  failed = false;

  constructor(testName: string, root = ARTIFACTS_DIR) {
    this.dir = path.join(root, testName.replace(/[^\w.-]+/g, '-'));
    // Pictures from an earlier run would be mistaken for this one's.
    rmSync(this.dir, { recursive: true, force: true });
    mkdirSync(this.dir, { recursive: true });
  }

  /** `NN-step.png` in run order. */
  nextScreenshot(step: string): string {
    this.counter += 1;
    const slug = step.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'step';
    return path.join(this.dir, `${String(this.counter).padStart(2, '0')}-${slug}.png`);
  }

  /** Copies a file or folder into the artifacts (missing sources are noted, never fatal). */
  keep(source: string, name: string): void {
    const target = path.join(this.dir, name);
    try {
      if (!existsSync(source)) {
        writeFileSync(`${target}.missing.txt`, `${source} did not exist\n`);
        return;
      }
      cpSync(source, target, { recursive: true });
    } catch (error) {
      writeFileSync(`${target}.error.txt`, `could not copy ${source}: ${String(error)}\n`);
    }
  }

  writeText(name: string, text: string): void {
    writeFileSync(path.join(this.dir, name), text);
  }
}
