/**
 * Builds the CLI's compiled JavaScript (dist/cli) with esbuild: each entry (the command, its
 * file worker threads, musicnn's helper thread) bundled with the modules and the tfjs packages
 * it imports, shared code split into chunks, minified. A thread then loads a few files instead
 * of some 200 modules and tfjs's CommonJS bundles, which Node parses twice (cjs-module-lexer for
 * their exports, then the compiler). dist/cli/.built lists the sources the bundles were built
 * from, for bin/launch.js's freshness check. Type checking is tsc's (npm run typecheck).
 *
 *     npm run build:cli
 */
import { rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = `${ROOT}dist/cli`;

/** Entry name (as bin/launch.js's start() names it) -> source. */
const ENTRIES = { 'cli/main': 'src/cli/main.ts', 'cli/fileWorker': 'src/cli/fileWorker.ts', 'cli/musicnnHelper': 'src/cli/musicnnHelper.ts' };

// CommonJS inside an ES module bundle (tfjs's Node builds, Emscripten's glue) still asks for require and __dirname.
const COMMONJS_GLOBALS = [
  "import { createRequire as __createRequire } from 'node:module';",
  "import { fileURLToPath as __fileURLToPath } from 'node:url';",
  'const require = __createRequire(import.meta.url);',
  'const __filename = __fileURLToPath(import.meta.url);',
  "const __dirname = __fileURLToPath(new URL('.', import.meta.url));",
].join(' ');

rmSync(OUT, { recursive: true, force: true });
const result = await build({
  absWorkingDir: ROOT,
  entryPoints: ENTRIES,
  outdir: OUT,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  mainFields: ['module', 'main'], // tfjs's ES module builds, which esbuild can tree-shake
  minify: true,
  keepNames: true,
  legalComments: 'none',
  banner: { js: COMMONJS_GLOBALS },
  metafile: true,
  logLevel: 'warning',
});
const sources = Object.keys(result.metafile.inputs).filter((p) => p.startsWith('src/'));
writeFileSync(`${OUT}/.built`, `${JSON.stringify(sources, null, 1)}\n`);
