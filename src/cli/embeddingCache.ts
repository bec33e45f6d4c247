/**
 * The CLI's store of track embeddings, so that `similar` over a library of 1,000 tracks answers
 * in well under a second once each track was heard. Embeddings are kept per file content (the
 * SHA-256 of its bytes) and per network (`modelKey`): a renamed or copied file is not heard again,
 * an edited one is. Hashing 1,000 tracks would itself take seconds, so a path index remembers
 * each file's hash with the size and modification time it had: a file whose size and time still
 * match is not read at all.
 *
 * Folder: $GENRESCOPE_CACHE_DIR, else $XDG_CACHE_HOME/genrescope, else ~/.cache/genrescope:
 *   paths.json                          { absolute path: { size, mtimeMs, hash } }
 *   embeddings/<modelKey>/<hash>.f32    the embedding, float32 little-endian
 * Writes go to a temporary name and are renamed, so worker threads and concurrent runs never
 * leave half a file; the path index is only a shortcut, and its last writer wins.
 */
import { createHash } from 'node:crypto';
import { createReadStream, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.GENRESCOPE_CACHE_DIR) return resolve(env.GENRESCOPE_CACHE_DIR);
  return join(env.XDG_CACHE_HOME ? resolve(env.XDG_CACHE_HOME) : join(homedir(), '.cache'), 'genrescope');
}

/** SHA-256 of a file's bytes, read a chunk at a time (an hour of WAV need not fit in memory twice). */
export function contentHash(file: string): Promise<string> {
  return new Promise((done, fail) => {
    const h = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => h.update(chunk))
      .on('error', fail)
      .on('end', () => done(h.digest('hex')));
  });
}

function writeAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

interface PathEntry {
  size: number;
  mtimeMs: number;
  hash: string;
}

export class EmbeddingCache {
  private readonly indexPath: string;
  private readonly dir: string;
  private index: Record<string, PathEntry> | null = null;

  constructor(
    readonly modelKey: string,
    readonly size: number,
    readonly root: string = cacheRoot(),
  ) {
    this.indexPath = join(root, 'paths.json');
    this.dir = join(root, 'embeddings', modelKey);
  }

  private paths(): Record<string, PathEntry> {
    if (!this.index) {
      try {
        this.index = JSON.parse(readFileSync(this.indexPath, 'utf8')) as Record<string, PathEntry>;
      } catch {
        // no index yet, or a damaged one: it is only a shortcut, start afresh
        this.index = {};
      }
    }
    return this.index;
  }

  /** The stored embedding of a content hash, or null. */
  read(hash: string): Float32Array | null {
    let bytes: Buffer;
    try {
      bytes = readFileSync(join(this.dir, `${hash}.f32`));
    } catch {
      return null;
    }
    if (bytes.length !== 4 * this.size) return null;
    const out = new Float32Array(this.size);
    for (let i = 0; i < this.size; i++) out[i] = bytes.readFloatLE(4 * i);
    return out;
  }

  write(hash: string, embedding: ArrayLike<number>): void {
    const bytes = Buffer.alloc(4 * embedding.length);
    for (let i = 0; i < embedding.length; i++) bytes.writeFloatLE(embedding[i], 4 * i);
    writeAtomic(join(this.dir, `${hash}.f32`), bytes);
  }

  /** The file's embedding if its size and time match the index and the embedding is stored; null otherwise (hear it). */
  lookup(file: string): Float32Array | null {
    let st;
    try {
      st = statSync(file);
    } catch {
      return null; // the file's own error comes when it is read
    }
    const e = this.paths()[resolve(file)];
    if (!e || e.size !== st.size || e.mtimeMs !== st.mtimeMs) return null;
    return this.read(e.hash);
  }

  /** Notes the file's hash under its current size and time (saved by saveIndex). */
  remember(file: string, hash: string): void {
    const st = statSync(file);
    this.paths()[resolve(file)] = { size: st.size, mtimeMs: st.mtimeMs, hash };
  }

  saveIndex(): void {
    writeAtomic(this.indexPath, JSON.stringify(this.paths()));
  }
}
