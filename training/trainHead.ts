/**
 * npm run train:head: the musicnn genre head and the three-model ensemble, from the data to
 * public/models. Builds the embeddings of every clip with audio and of its 128 kbit/s MP3
 * (buildEmbeddings.ts, one process per core, cached), the CNN's and the table model's valid
 * predictions (validPredictions.ts, cached), then fits and selects with training/train_head.py.
 *
 *   npx tsx training/trainHead.ts [--data ../shared/data] [--force]
 */
import { spawn, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { loadModelsFromDisk } from '../src/node/loadModels.ts';
import { repoRoot, resolveDataDir } from './dataPaths.ts';
import { predictValidClips } from './validPredictions.ts';

function run(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], { stdio: 'inherit', cwd: repoRoot });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(' ')} exited with ${code}`))));
  });
}

async function main(args: string[]): Promise<number> {
  const dataDir = resolveDataDir(args);
  const t0 = performance.now();
  const shards = Math.max(1, Math.min(availableParallelism(), 4));
  for (const variant of ['original', 'mp3-128k']) {
    await Promise.all(Array.from({ length: shards }, (_, k) =>
      run([join('training', 'buildEmbeddings.ts'), '--data', dataDir, '--variant', variant, '--shard', `${k}/${shards}`, ...(args.includes('--force') ? ['--force'] : [])])));
  }
  const { models } = await loadModelsFromDisk();
  for (const variant of ['original', 'mp3-128k'] as const) await predictValidClips(models, dataDir, variant);
  const python = process.env.PYTHON ?? '/usr/bin/python3';
  const r = spawnSync(python, [join(repoRoot, 'training', 'train_head.py')], { stdio: 'inherit', cwd: repoRoot });
  console.log(`[train] head: ${r.status === 0 ? 'done' : 'failed'} in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  return r.status ?? 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`trainHead: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
