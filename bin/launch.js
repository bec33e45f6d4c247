// Starts one of the CLI's entry modules: the compiled JavaScript in dist/cli (`npm run build:cli`,
// which `npm install` runs) when it is newer than every source file it was built from, so no
// TypeScript compiler sits in the hot path; otherwise the TypeScript sources through tsx's loader,
// so an edited checkout still runs its own code (slower to start).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const compiledDir = join(root, 'dist', 'cli');

function newestMtimeMs(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtimeMs(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function compiledIsFresh() {
  let builtAt;
  try {
    builtAt = statSync(join(compiledDir, '.built')).mtimeMs;
  } catch {
    return false;
  }
  const sourceDirs = readdirSync(compiledDir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(root, 'src', e.name));
  return sourceDirs.every((dir) => newestMtimeMs(dir) <= builtAt);
}

/** Imports `entry` (a path under src without extension, e.g. 'cli/main'). */
export async function start(entry) {
  if (compiledIsFresh()) return import(pathToFileURL(join(compiledDir, `${entry}.js`)).href);
  const { register } = await import('tsx/esm/api');
  register();
  return import(pathToFileURL(join(root, 'src', `${entry}.ts`)).href);
}
