/**
 * The repository's root directory, found from this module's own location by walking up to the
 * package.json: the same answer whether the CLI runs from its TypeScript sources (src/node) or
 * from the bundled JavaScript (dist/cli).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'genrescope') return dir;
    if (dirname(dir) === dir) throw new Error(`genrescope's package.json was not found above ${from}`);
  }
}

export const packageRoot = findRoot(dirname(fileURLToPath(import.meta.url)));

/** The shipped models (public/models), the CLI's default --models. */
export const defaultModelsDir = join(packageRoot, 'public', 'models');
