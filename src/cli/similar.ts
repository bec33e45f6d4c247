/**
 * `genrescope similar --to FILE [--top K] [--json] <library files or folders...>`: the library's
 * tracks that sound most like FILE, by the cosine similarity of their embeddings
 * (src/model/custom/similarity.ts), best first. Folders are walked for audio files; embeddings
 * come from the cache where the content was heard before (embedFiles.ts). Text: one line per
 * neighbour, `file<TAB>similarity`; --json: { query, neighbours: [{ file, similarity }] }. The
 * query itself is left out of its own neighbours; a file that fails gets its one line on stderr
 * and exit status 1, the others are still ranked.
 */
import { readdirSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { rankSimilar } from '../model/custom/similarity.ts';
import { positiveIntOption, stringOption, UsageError, type CommandArgs } from './args.ts';
import { embedFiles, modelsDirDefault } from './embedFiles.ts';

export interface SimilarJson {
  query: string;
  neighbours: { file: string; similarity: number }[];
}

const AUDIO = new Set(['.wav', '.flac', '.ogg', '.mp3']);
const DEFAULT_TOP = 10;

/** The audio files under a folder, sorted, at any depth (hidden entries skipped). */
function walk(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.name.startsWith('.')) continue;
    const path = join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(path));
    else if (AUDIO.has(extname(e.name).toLowerCase())) out.push(path);
  }
  return out;
}

/** The operands as files: a folder's audio files, a file as given (its errors come when it is read), each path once. */
export function libraryFiles(operands: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const op of operands) {
    let isDir = false;
    try {
      isDir = statSync(op).isDirectory();
    } catch {
      // a missing file: reported when it is read
    }
    for (const f of isDir ? walk(op) : [op]) {
      if (seen.has(resolve(f))) continue;
      seen.add(resolve(f));
      out.push(f);
    }
  }
  return out;
}

export async function runSimilar({ values, files: operands }: CommandArgs): Promise<number> {
  const query = stringOption(values, 'to', '');
  if (!query) throw new UsageError('--to <file> is needed: the track to find neighbours of');
  if (operands.length === 0) throw new UsageError('no library files or folders given');
  const top = positiveIntOption(values, 'top') ?? DEFAULT_TOP;
  const library = libraryFiles(operands).filter((f) => resolve(f) !== resolve(query));
  if (library.length === 0) throw new UsageError('the library holds no audio file besides the query (.wav, .flac, .ogg, .mp3)');
  const embedded = await embedFiles([query, ...library], { modelsDir: stringOption(values, 'models', modelsDirDefault), jobs: positiveIntOption(values, 'jobs') });
  if (!embedded) return 1;
  const [q, ...rest] = embedded.embeddings;
  if (!q) return 1;
  const known = library.flatMap((file, i) => (rest[i] ? [{ key: file, embedding: rest[i] }] : []));
  const neighbours = rankSimilar(q, known, top).map((n) => ({ file: n.key, similarity: Number(n.similarity.toFixed(4)) }));
  if (values.json === true) {
    const json: SimilarJson = { query, neighbours };
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  } else for (const n of neighbours) process.stdout.write(`${n.file}\t${n.similarity.toFixed(4)}\n`);
  return known.length < library.length ? 1 : 0;
}
