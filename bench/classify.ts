/**
 * Classify benchmark: `tsx bench/classify.ts <runs>` prints JSON with the median time to
 * classify a 30 s WAV (decode, analysis, the CNN, the table model and musicnn with its head, the models loaded once) and the wall
 * time of one whole `genrescope classify` command (Node start, tsx, tfjs and model loading included).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { classifyFile } from '../src/cli/classify.ts';
import { loadModelsFromDisk } from '../src/node/loadModels.ts';
import { writeWav } from '../tests/support/wav.ts';
import { syntheticSong } from '../src/analysis/syntheticSong.ts';

const runs = Number(process.argv[2] ?? 5);
const file = join(mkdtempSync(join(tmpdir(), 'genrescope-bench-')), 'song-30s.wav');
writeWav(file, syntheticSong(30));

const { models, musicnn, backend } = await loadModelsFromDisk(undefined, { musicnn: true });
if (!musicnn) throw new Error('musicnn did not load');
await classifyFile(models, musicnn, file); // warm-up: JIT and tfjs kernels
const times: number[] = [];
for (let r = 0; r < runs; r++) {
  const t0 = performance.now();
  await classifyFile(models, musicnn, file);
  times.push(performance.now() - t0);
}
const t0 = performance.now();
execFileSync(process.execPath, ['bin/genrescope.js', 'classify', file], { encoding: 'utf8' });
const commandMs = performance.now() - t0;

times.sort((a, b) => a - b);
process.stdout.write(JSON.stringify({ runs, backend: backend.backend, medianMs: times[times.length >> 1], commandMs }));
