/**
 * The HPSS pass alone (hpssWaveformStats with the GTZAN table's conventions, |STFT| kept, as
 * analyzeTrack runs it), per engine of src/dsp/decompose/hpssBlock.ts:
 * `tsx bench/hpss.ts <seconds> <runs>` prints JSON with the median milliseconds of each.
 */
import { GTZAN_HPSS_OPTIONS, hpssWaveformStats } from '../src/dsp/decompose/hpssWaveforms.ts';
import { hpssBlock } from '../src/dsp/decompose/hpssBlock.ts';
import { resolveHpss } from '../src/dsp/decompose/hpss.ts';
import { syntheticSong } from '../src/analysis/syntheticSong.ts';

const seconds = Number(process.argv[2] ?? 30);
const runs = Number(process.argv[3] ?? 5);
const y = syntheticSong(seconds);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const probe = { nFft: 2048, hop: 512, maxLoaded: 1, block: 1, hpss: resolveHpss({}), window: new Float64Array(2048), synthesis: new Float64Array(2048), keepRows: false };

const result: Record<string, number | string> = { seconds, runs, autoEngine: hpssBlock(probe).engine };
for (const engine of ['auto', 'js'] as const) {
  const times: number[] = [];
  // one warm-up run per engine
  for (let r = -1; r < runs; r++) {
    const t0 = performance.now();
    hpssWaveformStats({ y, ...GTZAN_HPSS_OPTIONS, keepMagnitude: true, engine });
    if (r >= 0) times.push(performance.now() - t0);
  }
  result[`${engine}Ms`] = median(times);
}
process.stdout.write(JSON.stringify(result));
