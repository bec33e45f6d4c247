/**
 * The per-file loop of every command: each file's result, in the order given, with a one-line
 * error for a file that fails. Several files run on worker threads, one per core (or `jobs`),
 * each with its own models: the engine and tfjs's WebAssembly backend run on one thread, so this
 * is what uses the other cores (150 clips: about half the time on 2 cores). One file runs here.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { packageRoot } from '../node/packageRoot.ts';
import { fileErrorLine, reportFileError } from './fileErrors.ts';

/** One file's answer in both output forms. */
export interface FileResult {
  json: unknown;
  text: string;
}

export type FileProcessor = (file: string) => Promise<FileResult>;

/** The commands whose files run on worker threads. */
export type PooledCommand = 'features' | 'classify' | 'tags' | 'embed' | 'why';

export type WorkerReply =
  | { type: 'ready' }
  | { type: 'fatal'; error: string }
  /** `error`: the file's one-line error (fileErrorLine). */
  | { type: 'done'; index: number; result?: FileResult; error?: string };

/** What a worker needs to build the command's processor. */
export interface ProcessorOptions {
  /** The models folder (default: the checkout's public/models); features load none. */
  modelsDir?: string;
  /** `tags`: how many tags the text line names. */
  top?: number;
  /** `classify`: a custom model file (src/model/custom/modelFile.ts) whose classes it adds. */
  custom?: string;
  /** `why`: the genre to explain instead of the answer's. */
  genre?: string;
}

export interface RunOptions {
  command: PooledCommand;
  processor: ProcessorOptions;
  /** Worker threads at most (default: the cores); 1 runs every file here. */
  jobs?: number;
  /** Loads the models in this thread, for the one-thread case. */
  local: () => Promise<FileProcessor>;
  /** The worker threads' script (tests pass their own); default bin/file-worker.js. */
  workerEntry?: URL | string;
}

/** fileWorker, compiled or from its sources as the command itself runs (bin/launch.js). */
const WORKER_ENTRY = join(packageRoot, 'bin', 'file-worker.js');

export class ModelLoadError extends Error {
  override readonly name = 'ModelLoadError';
}

/** How many worker threads `fileCount` files get with `jobs` (default: one per core); 1 or fewer: they run in the main thread. */
export function fileThreads(fileCount: number, jobs?: number): number {
  return Math.min(fileCount, jobs ?? availableParallelism());
}

/** Results in file order (null for a failed file, whose error went to stderr). Throws ModelLoadError if the models cannot load. */
export async function runFiles(files: string[], o: RunOptions): Promise<(FileResult | null)[]> {
  const threads = fileThreads(files.length, o.jobs);
  if (threads <= 1) {
    let processor: FileProcessor;
    try {
      processor = await o.local();
    } catch (err) {
      throw new ModelLoadError(err instanceof Error ? err.message : String(err), { cause: err });
    }
    const out: (FileResult | null)[] = [];
    for (const file of files) {
      try {
        out.push(await processor(file));
      } catch (err) {
        reportFileError(fileErrorLine(file, err));
        out.push(null);
      }
    }
    return out;
  }
  return runOnWorkers(files, o, threads);
}

/**
 * runFiles, then the command's output: a JSON array of the files that succeeded, or their text
 * lines; the exit status 0, or 1 when a file failed or the models could not load (one line,
 * `loadWhat` naming them).
 */
export async function runAndPrint(files: string[], o: RunOptions, { json, loadWhat, header }: { json: boolean; loadWhat: string; header?: string }): Promise<number> {
  let results;
  try {
    results = await runFiles(files, o);
  } catch (err) {
    if (!(err instanceof ModelLoadError)) throw err;
    process.stderr.write(`genrescope: could not load ${loadWhat}: ${err.message.split('\n')[0]}\n`);
    return 1;
  }
  const ok = results.filter((r): r is FileResult => r !== null);
  if (json) process.stdout.write(`${JSON.stringify(ok.map((r) => r.json), null, 2)}\n`);
  else {
    // a header only above rows: nothing at all when every file failed
    if (header && ok.length > 0) process.stdout.write(`${header}\n`);
    for (const r of ok) process.stdout.write(`${r.text}\n`);
  }
  return ok.length < files.length ? 1 : 0;
}

function runOnWorkers(files: string[], o: RunOptions, threads: number): Promise<(FileResult | null)[]> {
  const results: (FileResult | null)[] = new Array(files.length).fill(null);
  const errors: (string | null)[] = new Array(files.length).fill(null);
  const settled: boolean[] = new Array(files.length).fill(false);
  let next = 0;
  let finished = 0;
  return new Promise((resolve, reject) => {
    const workers = new Map<Worker, number | null>(); // each live worker and the file it is on
    let failed = false;
    const stop = () => [...workers.keys()].forEach((w) => void w.terminate());
    const finishIfDone = () => {
      if (failed || finished < files.length) return;
      stop();
      // errors in file order, as one thread reports them
      errors.forEach((e) => e !== null && reportFileError(e));
      resolve(results);
    };
    const settle = (index: number, result: FileResult | undefined, error: string | undefined) => {
      if (settled[index]) return;
      settled[index] = true;
      if (result) results[index] = result;
      else errors[index] = error ?? 'failed';
      finished++;
    };
    const give = (w: Worker) => {
      if (next >= files.length) return workers.set(w, null);
      workers.set(w, next);
      w.postMessage({ index: next, file: files[next] });
      next++;
    };
    for (let t = 0; t < threads; t++) {
      const w = new Worker(o.workerEntry ?? WORKER_ENTRY, { workerData: { command: o.command, options: o.processor } });
      workers.set(w, null);
      w.on('message', (m: WorkerReply) => {
        if (m.type === 'ready') return give(w);
        if (m.type === 'fatal') {
          failed = true;
          stop();
          return reject(new ModelLoadError(m.error));
        }
        settle(m.index, m.result, m.error);
        give(w);
        finishIfDone();
      });
      // A thread that dies (out of memory, an uncaught error) fails its file only; the others go on.
      let why = 'it exited';
      w.on('error', (err) => (why = err.message.split('\n')[0]));
      w.on('exit', () => {
        const index = workers.get(w);
        workers.delete(w);
        if (failed || finished === files.length) return;
        if (index !== null && index !== undefined) settle(index, undefined, `cannot analyse ${files[index]}: the worker thread stopped (${why})`);
        if (workers.size === 0) for (let i = next; i < files.length; i++) settle(i, undefined, `cannot analyse ${files[i]}: no worker thread was left to analyse it`);
        if (workers.size === 0) next = files.length;
        finishIfDone();
      });
    }
  });
}
