/**
 * A worker thread of runFiles.ts: loads the command's models once, then answers one file at a
 * time, as the main thread hands them out.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { fileErrorLine } from './fileErrors.ts';
import type { FileProcessor, PooledCommand, ProcessorOptions, WorkerReply } from './runFiles.ts';

const { command, options } = workerData as { command: PooledCommand; options: ProcessorOptions };
const port = parentPort!;
const reply = (m: WorkerReply) => port.postMessage(m);
const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Each command's processor, imported only in the thread that runs it. */
const PROCESSORS: Record<PooledCommand, (o: ProcessorOptions) => Promise<FileProcessor>> = {
  features: async () => (await import('./features.ts')).featuresProcessor(),
  classify: async (o) => (await import('./classify.ts')).classifyProcessor(o),
  tags: async (o) => (await import('./tags.ts')).tagsProcessor(o),
  embed: async (o) => (await import('./embedFiles.ts')).embedProcessor(o),
  why: async (o) => (await import('./why.ts')).whyProcessor(o),
};

try {
  const processor = await PROCESSORS[command](options);
  port.on('message', ({ index, file }: { index: number; file: string }) => {
    processor(file).then(
      (result) => reply({ type: 'done', index, result }),
      (err: unknown) => reply({ type: 'done', index, error: fileErrorLine(file, err) }),
    );
  });
  reply({ type: 'ready' });
} catch (err) {
  reply({ type: 'fatal', error: message(err) });
}
