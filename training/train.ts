/**
 * npm run train:cnn / train:table: one command per model, from the data to public/models.
 *   cnn:   builds the log-mel cache with the app's engine (buildDataset.ts), then trains and exports
 *          with training/train_cnn.py (PyTorch); extra arguments go to the trainer (--epochs, --seed...)
 *   table: builds the nuisance rows (buildTableNuisance.ts: MP3 and gain variants of the train
 *          clips, through the app's engine), then training/train_table.py (numpy) on the GTZAN
 *          feature table
 * The Python interpreter is $PYTHON, else Debian's /usr/bin/python3 (which has python3-torch).
 *
 *   npx tsx training/train.ts cnn|table [--data ../shared/data] [trainer arguments]
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildLogMelDataset } from './buildDataset.ts';
import { buildTableNuisance } from './buildTableNuisance.ts';
import { repoRoot, resolveDataDir, takeOption } from './dataPaths.ts';

function python(): string {
  if (process.env.PYTHON) return process.env.PYTHON;
  return existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
}

function runPython(script: string, args: string[]): number {
  const r = spawnSync(python(), [join(repoRoot, 'training', script), ...args], { stdio: 'inherit', cwd: repoRoot });
  if (r.error) throw new Error(`could not run ${python()}: ${r.error.message}`);
  return r.status ?? 1;
}

async function main(argv: string[]): Promise<number> {
  const [which, ...args] = argv;
  const { rest } = takeOption(args, 'data');
  const dataDir = resolveDataDir(args);
  const t0 = performance.now();
  let status: number;
  if (which === 'cnn') {
    await buildLogMelDataset(['--data', dataDir, ...(rest.includes('--force') ? ['--force'] : [])]);
    status = runPython('train_cnn.py', rest.filter((a) => a !== '--force'));
  } else if (which === 'table') {
    await buildTableNuisance(['--data', dataDir, ...(rest.includes('--force') ? ['--force'] : [])]);
    status = runPython('train_table.py', ['--data', dataDir, ...rest.filter((a) => a !== '--force')]);
  } else {
    console.error('usage: tsx training/train.ts cnn|table [--data <dir>] [trainer arguments]');
    return 2;
  }
  console.log(`[train] ${which}: ${status === 0 ? 'done' : `failed (exit ${status})`} in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  return status;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`train: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
