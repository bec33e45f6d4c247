/**
 * A deterministic synthetic music-like signal: a chord progression, a bass line, noise hi-hats
 * and kick clicks at 120 BPM. No copyrighted audio, the same input every run: the benchmarks'
 * input, and what the workers warm the engine and the models up on (warmUp.ts).
 */
export function syntheticSong(durationSec: number, sr = 22050): Float32Array {
  const n = Math.round(durationSec * sr);
  const y = new Float32Array(n);
  const chords = [
    [60, 64, 67],
    [57, 60, 64],
    [53, 57, 60],
    [55, 59, 62],
  ];
  const beat = 0.5;
  let seed = 12345;
  const rand = () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32 - 0.5;
  };
  for (let i = 0; i < n; i++) {
    const t = i / sr;
    const chord = chords[Math.floor(t / 2) % chords.length];
    let v = 0;
    for (const m of chord) v += 0.08 * Math.sin(2 * Math.PI * 440 * 2 ** ((m - 69) / 12) * t);
    v += 0.12 * Math.sin(2 * Math.PI * 440 * 2 ** ((chord[0] - 81) / 12) * t);
    const sinceBeat = t % beat;
    v += 0.5 * Math.exp(-sinceBeat / 0.02) * Math.sin(2 * Math.PI * 60 * sinceBeat);
    const sinceHat = (t + beat / 2) % beat;
    v += 0.15 * Math.exp(-sinceHat / 0.01) * rand();
    y[i] = v;
  }
  return y;
}

/** Seconds of it the workers warm up on (warmUp.ts). */
export const WARM_UP_SEC = 30;
