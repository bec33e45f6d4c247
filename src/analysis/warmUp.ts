/**
 * Warming the engine up while the page is idle: a user's first file otherwise runs the engine's
 * code cold (V8 compiles hot JavaScript and WebAssembly in tiers as it runs), about twice as
 * slow as every file after it (Node, a 30 s clip: 400 ms cold; after one analysis of a 5 s song
 * 300 ms, of a 30 s song 220 ms; 160 ms fully warm). One 30 s analysis costs the worker about
 * 0.4 s at idle.
 */
import { analyzeTrack } from './analyzeTrack.ts';
import { syntheticSong, WARM_UP_SEC } from './syntheticSong.ts';
import type { TrackAnalysis } from './types.ts';

/** Runs the engine on the warm-up song; returns it and its analysis (for warming up what reads one). */
export async function warmUpEngine(sr = 22050): Promise<{ y: Float32Array; analysis: TrackAnalysis }> {
  const y = syntheticSong(WARM_UP_SEC, sr);
  return { y, analysis: await analyzeTrack(y, { sr }) };
}
