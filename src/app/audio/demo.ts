/**
 * The demo clip: 30 s of music the app synthesises itself (never copyrighted audio), rendered by
 * an OfflineAudioContext off the UI thread: a four-on-the-floor groove at 120 BPM with a
 * syncopated bass, a I–V–vi–IV chord pad in C major and an arpeggio on top.
 */
import type { DemoSynth } from '../state/ports.ts';
import { encodeWav } from './wav.ts';
import { ENGINE_SR } from '../../input/rules.ts';

const BPM = 120;
const BEAT = 60 / BPM;
const SECONDS = 30;
/** Chord roots (MIDI) and triads, one per bar: C, G, Am, F. */
const CHORDS = [
  [48, [60, 64, 67]],
  [43, [59, 62, 67]],
  [45, [60, 64, 69]],
  [41, [60, 65, 69]],
] as const;

const hz = (midi: number) => 440 * 2 ** ((midi - 69) / 12);

function noiseBuffer(ctx: BaseAudioContext, seconds: number): AudioBuffer {
  const buf = ctx.createBuffer(1, Math.ceil(seconds * ctx.sampleRate), ctx.sampleRate);
  const d = buf.getChannelData(0);
  let seed = 12345; // deterministic noise: the same demo every time
  for (let i = 0; i < d.length; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    d[i] = (seed / 0xffffffff) * 2 - 1;
  }
  return buf;
}

function envelope(g: AudioParam, t: number, peak: number, attack: number, decay: number): void {
  g.setValueAtTime(0.0001, t);
  g.exponentialRampToValueAtTime(peak, t + attack);
  g.exponentialRampToValueAtTime(0.0001, t + attack + decay);
}

export async function renderDemo(seconds = SECONDS): Promise<Float32Array> {
  const ctx = new OfflineAudioContext(1, Math.ceil(seconds * ENGINE_SR), ENGINE_SR);
  const master = ctx.createGain();
  master.gain.value = 0.5;
  const comp = ctx.createDynamicsCompressor();
  master.connect(comp).connect(ctx.destination);
  const noise = noiseBuffer(ctx, 1);

  const beats = Math.floor(seconds / BEAT);
  for (let b = 0; b < beats; b++) {
    const t = b * BEAT;
    // Kick: a falling sine on every beat.
    const kick = ctx.createOscillator();
    const kg = ctx.createGain();
    kick.frequency.setValueAtTime(140, t);
    kick.frequency.exponentialRampToValueAtTime(45, t + 0.15);
    envelope(kg.gain, t, 0.9, 0.003, 0.3);
    kick.connect(kg).connect(master);
    kick.start(t);
    kick.stop(t + 0.35);
    // Snare on 2 and 4: band-passed noise.
    if (b % 2 === 1) {
      const sn = ctx.createBufferSource();
      sn.buffer = noise;
      const bp = ctx.createBiquadFilter();
      bp.type = 'bandpass';
      bp.frequency.value = 1800;
      bp.Q.value = 0.8;
      const sg = ctx.createGain();
      envelope(sg.gain, t, 0.5, 0.002, 0.18);
      sn.connect(bp).connect(sg).connect(master);
      sn.start(t, (b * 0.137) % 0.5, 0.25);
    }
    // Hi-hats on the off-beats (and quieter on the beat).
    for (const [off, level] of [
      [0, 0.08],
      [0.5, 0.16],
    ] as const) {
      const hh = ctx.createBufferSource();
      hh.buffer = noise;
      const hp = ctx.createBiquadFilter();
      hp.type = 'highpass';
      hp.frequency.value = 7000;
      const hg = ctx.createGain();
      envelope(hg.gain, t + off * BEAT, level, 0.001, 0.05);
      hh.connect(hp).connect(hg).connect(master);
      hh.start(t + off * BEAT, (b * 0.071) % 0.5, 0.08);
    }
  }

  const bars = Math.ceil(seconds / (4 * BEAT));
  for (let bar = 0; bar < bars; bar++) {
    const [root, triad] = CHORDS[bar % CHORDS.length];
    const t0 = bar * 4 * BEAT;
    // Pad: detuned triangles, the whole bar.
    for (const note of triad) {
      for (const detune of [-6, 6]) {
        const o = ctx.createOscillator();
        o.type = 'triangle';
        o.frequency.value = hz(note);
        o.detune.value = detune;
        const g = ctx.createGain();
        g.gain.setValueAtTime(0.0001, t0);
        g.gain.linearRampToValueAtTime(0.035, t0 + 0.08);
        g.gain.setValueAtTime(0.035, t0 + 4 * BEAT - 0.1);
        g.gain.linearRampToValueAtTime(0.0001, t0 + 4 * BEAT);
        o.connect(g).connect(master);
        o.start(t0);
        o.stop(t0 + 4 * BEAT);
      }
    }
    // Bass: root and octave in a syncopated eighth-note pattern.
    const pattern = [0, 1.5, 2, 3, 3.5];
    for (const [i, at] of pattern.entries()) {
      const o = ctx.createOscillator();
      o.type = 'sawtooth';
      o.frequency.value = hz(root + (i === 3 ? 12 : 0));
      const lp = ctx.createBiquadFilter();
      lp.type = 'lowpass';
      lp.frequency.value = 600;
      const g = ctx.createGain();
      const t = t0 + at * BEAT;
      envelope(g.gain, t, 0.25, 0.01, 0.3);
      o.connect(lp).connect(g).connect(master);
      o.start(t);
      o.stop(t + 0.35);
    }
    // Arpeggio: the triad an octave up in sixteenths.
    for (let k = 0; k < 16; k++) {
      const o = ctx.createOscillator();
      o.type = 'square';
      o.frequency.value = hz(triad[k % 3] + 12);
      const g = ctx.createGain();
      const t = t0 + (k * BEAT) / 4;
      envelope(g.gain, t, 0.03, 0.005, 0.1);
      o.connect(g).connect(master);
      o.start(t);
      o.stop(t + 0.12);
    }
  }
  const rendered = await ctx.startRendering();
  return rendered.getChannelData(0);
}

export const webAudioDemo: DemoSynth = {
  async render() {
    return encodeWav(await renderDemo(), ENGINE_SR);
  },
};
