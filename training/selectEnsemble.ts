/**
 * Chooses the quick answer's CNN weight on the valid clips (track level, original audio) and writes
 * it into public/models/ensemble.json. Run after train:cnn and train:table.
 *
 *   npx tsx training/selectEnsemble.ts [--data ../shared/data]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadModelsFromDisk } from '../src/node/loadModels.ts';
import { modelsDir, resolveDataDir } from './dataPaths.ts';
import { chooseWeight, leaveOneOutAccuracy } from './ensemble.ts';
import { predictValidClips } from './validPredictions.ts';

async function main(args: string[]): Promise<void> {
  const dataDir = resolveDataDir(args);
  const { models } = await loadModelsFromDisk();
  const preds = await predictValidClips(models, dataDir, 'original');
  const choice = chooseWeight(preds);
  const loo = leaveOneOutAccuracy(preds);
  console.log(`[ensemble] valid accuracy / NLL by CNN weight: ${choice.grid.map((g) => `${g.w.toFixed(2)}: ${(100 * g.accuracy).toFixed(1)} % / ${g.nll.toFixed(3)}`).join(', ')}`);
  console.log(`[ensemble] chosen CNN weight ${choice.weight} (valid accuracy ${(100 * choice.accuracy).toFixed(1)} % on ${preds.length} clips; ` +
    `leave-one-clip-out ${(100 * loo).toFixed(1)} %)`);
  // the "quick" part of ensemble.json; the "final" part (npm run train:head) is kept
  const path = join(modelsDir, 'ensemble.json');
  const out = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  out.quick = {
    cnnWeight: choice.weight,
    selection: {
      command: 'npm run train:ensemble',
      rule: 'minimise the valid clips\' mean negative log-likelihood over a 0.05 grid of CNN weights',
      validClips: preds.length,
      validAccuracy: Number(choice.accuracy.toFixed(4)),
      validNll: Number(choice.nll.toFixed(4)),
      leaveOneOutAccuracy: Number(loo.toFixed(4)),
    },
  };
  writeFileSync(path, `${JSON.stringify(out, null, 2)}\n`);
  console.log(`[ensemble] wrote ${join(modelsDir, 'ensemble.json')}`);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(`selectEnsemble: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
