/**
 * Feature-engine benchmark, one configuration per process so peak memory is its own:
 * `tsx bench/engine.ts <seconds> <runs>` prints JSON with per-stage medians (ms) of
 * analyzeTrack on a synthetic song, the total, and the process's peak resident memory through
 * the first timed analysis (what one track costs; back-to-back runs also hold the garbage of the
 * run before until the collector frees it, which the app, analysing one track at a time, does not).
 */
import { analyzeTrack } from '../src/analysis/analyzeTrack.ts';
import type { AnalysisStage } from '../src/analysis/types.ts';
import { syntheticSong } from '../src/analysis/syntheticSong.ts';

const seconds = Number(process.argv[2] ?? 30);
const runs = Number(process.argv[3] ?? 5);
const y = syntheticSong(seconds);
const warmUp = syntheticSong(Math.min(seconds, 10));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const perStage = new Map<string, number[]>();
const totals: number[] = [];
let peakRssMb = 0;

// one warm-up run on a short signal: JIT compilation and filterbank caches are not what a user waits for twice
for (let r = -1; r < runs; r++) {
  const marks: { stage: AnalysisStage | 'end'; t: number }[] = [];
  const t0 = performance.now();
  await analyzeTrack(r < 0 ? warmUp : y, { sr: 22050, checkpoint: (stage) => void marks.push({ stage, t: performance.now() }) });
  const end = performance.now();
  if (r < 0) continue;
  if (r === 0) peakRssMb = process.resourceUsage().maxRSS / 1024;
  totals.push(end - t0);
  marks.push({ stage: 'end', t: end });
  for (let i = 0; i + 1 < marks.length; i++) {
    const list = perStage.get(marks[i].stage) ?? [];
    list.push(marks[i + 1].t - marks[i].t);
    perStage.set(marks[i].stage, list);
  }
}

process.stdout.write(
  JSON.stringify({
    seconds,
    runs,
    stagesMs: Object.fromEntries([...perStage].map(([k, v]) => [k, median(v)])),
    totalMs: median(totals),
    peakRssMb,
  }),
);
