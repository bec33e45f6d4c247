/// <reference lib="webworker" />
/** Six analyses of a 30 s synthetic song (src/analysis/syntheticSong.ts) in a worker that holds nothing else; posts their times in ms. */
import { analyzeTrack } from '../../src/analysis/analyzeTrack.ts';
import { syntheticSong } from '../../src/analysis/syntheticSong.ts';

const y = syntheticSong(30);
const times: number[] = [];
for (let i = 0; i < 6; i++) {
  const t0 = performance.now();
  await analyzeTrack(y, { sr: 22050 });
  times.push(performance.now() - t0);
}
self.postMessage(times);
