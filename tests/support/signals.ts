/** Synthetic test signals the tests make themselves (no copyrighted audio). */

export function sine(freqHz: number, durationSec: number, { sr = 22050, amplitude = 0.5, phase = 0 } = {}): Float32Array {
  const n = Math.round(durationSec * sr);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) y[i] = amplitude * Math.sin((2 * Math.PI * freqHz * i) / sr + phase);
  return y;
}

export function sum(...signals: Float32Array[]): Float32Array {
  const n = Math.max(...signals.map((s) => s.length));
  const out = new Float32Array(n);
  for (const s of signals) for (let i = 0; i < s.length; i++) out[i] += s[i];
  return out;
}

/** A chord of MIDI notes as summed sines. */
export function chord(midiNotes: number[], durationSec: number, { sr = 22050, amplitude = 0.2 } = {}): Float32Array {
  return sum(...midiNotes.map((m) => sine(440 * 2 ** ((m - 69) / 12), durationSec, { sr, amplitude })));
}

/** Decaying noise clicks at a steady tempo; returns the signal and the click times. */
export function clickTrack(bpm: number, durationSec: number, { sr = 22050, offsetSec = 0.5, seed = 1 } = {}): { y: Float32Array; clickTimes: number[] } {
  const n = Math.round(durationSec * sr);
  const y = new Float32Array(n);
  const period = 60 / bpm;
  const clickTimes: number[] = [];
  let state = seed;
  const rand = () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32 - 0.5;
  };
  for (let t = offsetSec; t < durationSec - 0.05; t += period) {
    clickTimes.push(t);
    const start = Math.round(t * sr);
    const len = Math.round(0.03 * sr);
    for (let i = 0; i < len && start + i < n; i++) y[start + i] += 0.8 * rand() * Math.exp(-i / (0.005 * sr));
  }
  return { y, clickTimes };
}

export function whiteNoise(durationSec: number, { sr = 22050, amplitude = 0.1, seed = 7 } = {}): Float32Array {
  const n = Math.round(durationSec * sr);
  const y = new Float32Array(n);
  let state = seed;
  for (let i = 0; i < n; i++) {
    state = (state * 1664525 + 1013904223) >>> 0;
    y[i] = amplitude * (2 * (state / 2 ** 32) - 1);
  }
  return y;
}

/** Chords one after another, `secondsEach` apart (e.g. a I-IV-V-I cadence that fixes a key). */
export function progression(chords: number[][], secondsEach: number, { sr = 22050, amplitude = 0.2 } = {}): Float32Array {
  const parts = chords.map((c) => chord(c, secondsEach, { sr, amplitude }));
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
