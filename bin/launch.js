// Starts one of the CLI's entry modules: the bundled JavaScript in dist/cli (`npm run build:cli`,
// which `npm install` runs) when it is newer than every source file it was built from, so no
// TypeScript compiler sits in the hot path; otherwise the TypeScript sources through tsx's loader,
// so an edited checkout still runs its own code (slower to start).
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const compiledDir = join(root, 'dist', 'cli');

/** True when dist/cli/.built (the list of sources the bundles were built from, scripts/build-cli.ts) is newer than each of them. */
function compiledIsFresh() {
  let builtAt;
  let sources;
  try {
    const built = join(compiledDir, '.built');
    builtAt = statSync(built).mtimeMs;
    sources = JSON.parse(readFileSync(built, 'utf8'));
  } catch {
    return false;
  }
  try {
    return sources.every((source) => statSync(join(root, source)).mtimeMs <= builtAt);
  } catch {
    return false; // a source was removed since the build
  }
}

/** Imports `entry` (a path under src without extension, e.g. 'cli/main'). */
export async function start(entry) {
  if (compiledIsFresh()) return import(pathToFileURL(join(compiledDir, `${entry}.js`)).href);
  const { register } = await import('tsx/esm/api');
  register();
  return import(pathToFileURL(join(root, 'src', `${entry}.ts`)).href);
}
