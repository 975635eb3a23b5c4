import { existsSync } from 'node:fs';
import path from 'node:path';

/** The repository root, found by walking up to package.json: the same from src and from dist. */
export function projectRoot(): string {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`package.json not found above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

/** Resolves DATA_DIR against the repository root unless it is absolute. */
export function dataDirPath(dataDir: string): string {
  return path.isAbsolute(dataDir) ? dataDir : path.join(projectRoot(), dataDir);
}
