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

/**
 * A generated song, music by construction rather than a test tone: drums with a groove (kick on
 * 1 and 3 and the "and" of 2, snare on 2 and 4, accented eighth-note hi-hats), a plucked bass line
 * on the chord roots, a I-vi-IV-V pad, and a melody with vibrato over a pentatonic scale, at 100
 * BPM. Deterministic for a seed. Tests that need "music" use this: chords plus clicks alone are
 * a steady tone and a metronome to the no-music detector, and rightly so.
 */
export function song(durationSec: number, { sr = 22050, seed = 5, amplitude = 0.8 } = {}): Float32Array {
  const n = Math.round(durationSec * sr);
  const y = new Float32Array(n);
  const beat = 0.6;
  const bar = 4 * beat;
  const hz = (midi: number) => 440 * 2 ** ((midi - 69) / 12);
  const chords = [[60, 64, 67], [57, 60, 64], [53, 57, 60], [55, 59, 62]];
  const scale = [72, 74, 76, 79, 81, 84];
  let state = seed >>> 0;
  const rand = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  // the melody: a note on most eighths, held one to three eighths, chosen by a seeded walk
  const notes: { start: number; len: number; midi: number }[] = [];
  let degree = 2;
  for (let t = 0; t < durationSec; ) {
    const len = (beat / 2) * (1 + Math.floor(rand() * 3));
    if (rand() < 0.8) {
      degree = Math.max(0, Math.min(scale.length - 1, degree + Math.floor(rand() * 5) - 2));
      notes.push({ start: t, len, midi: scale[degree] });
    }
    t += len;
  }
  const noise = new Float32Array(n).map(() => 2 * rand() - 1);
  let prevNoise = 0;
  let melodyAt = 0;
  let phase = 0;
  for (let i = 0; i < n; i++) {
    const t = i / sr;
    const inBar = t % bar;
    const chord = chords[Math.floor(t / bar) % chords.length];
    let v = 0;
    // pad: the chord's three notes with two harmonics, swelling in at each bar
    const swell = Math.min(1, inBar / 0.3);
    for (const m of chord) v += 0.05 * swell * (Math.sin(2 * Math.PI * hz(m) * t) + 0.3 * Math.sin(4 * Math.PI * hz(m) * t));
    // bass: root an octave and a half down on every eighth, root / octave alternating, plucked
    const eighth = Math.floor(t / (beat / 2));
    const sinceEighth = t % (beat / 2);
    const bassHz = hz(chord[0] - 24 + (eighth % 2 ? 12 : 0));
    const pluck = Math.exp(-sinceEighth / 0.12);
    v += 0.18 * pluck * (Math.sin(2 * Math.PI * bassHz * t) + 0.4 * Math.sin(4 * Math.PI * bassHz * t) + 0.2 * Math.sin(6 * Math.PI * bassHz * t));
    // kick on 1, the "and" of 2, and 3: a pitch-dropping sine
    for (const k of [0, 1.5, 2]) {
      const dt = inBar - k * beat;
      if (dt >= 0 && dt < 0.3) v += 0.6 * Math.exp(-dt / 0.08) * Math.sin(2 * Math.PI * (50 * dt + 300 * 0.03 * (1 - Math.exp(-dt / 0.03))));
    }
    // snare on 2 and 4: a noise burst and a short 190 Hz body
    for (const k of [1, 3]) {
      const dt = inBar - k * beat;
      if (dt >= 0 && dt < 0.25) v += Math.exp(-dt / 0.06) * (0.3 * noise[i] + 0.2 * Math.sin(2 * Math.PI * 190 * dt));
    }
    // hi-hat on every eighth, the off-beats softer: high-passed noise (first difference)
    const hat = noise[i] - prevNoise;
    prevNoise = noise[i];
    v += (eighth % 2 ? 0.04 : 0.08) * Math.exp(-sinceEighth / 0.02) * hat;
    // melody with vibrato (5.5 Hz, a third of a semitone) and a soft attack and release
    while (melodyAt < notes.length && notes[melodyAt].start + notes[melodyAt].len <= t) melodyAt++;
    const note = notes[melodyAt];
    if (note && t >= note.start) {
      const dt = t - note.start;
      const f = hz(note.midi) * 2 ** ((0.33 * Math.sin(2 * Math.PI * 5.5 * t) * Math.min(1, dt / 0.2)) / 12);
      phase += (2 * Math.PI * f) / sr;
      const env = Math.min(1, dt / 0.02) * Math.min(1, (note.len - dt) / 0.05) * Math.exp(-dt / 1.5);
      v += 0.12 * env * (Math.sin(phase) + 0.5 * Math.sin(2 * phase) + 0.25 * Math.sin(3 * phase));
    }
    y[i] = v;
  }
  let peak = 0;
  for (const v of y) peak = Math.max(peak, Math.abs(v));
  return y.map((v) => (amplitude * v) / peak);
}
