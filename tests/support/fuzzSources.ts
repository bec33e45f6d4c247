/**
 * The real files the fuzz tests damage, made in the test (no audio is committed): a short stereo
 * 44.1 kHz signal of tones and noise bursts written as 16-bit WAV, then encoded by ffmpeg to MP3
 * (LAME), FLAC and Ogg Vorbis, so every decoder sees the bytes a real encoder writes.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Sources } from './fuzz.ts';
import { encodePcm16 } from './wav.ts';

export const SOURCE_SR = 44100;

/** Two tones a fifth apart (one per channel, plus a little of the other) and a noise burst every 250 ms. */
export function tonesAndBursts(durationSec: number): [Int16Array, Int16Array] {
  const n = Math.round(durationSec * SOURCE_SR);
  const left = new Int16Array(n);
  const right = new Int16Array(n);
  let state = 12345;
  const noise = () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 31 - 1;
  };
  for (let i = 0; i < n; i++) {
    const t = i / SOURCE_SR;
    const a = Math.sin(2 * Math.PI * 220 * t);
    const e = Math.sin(2 * Math.PI * 330 * t);
    const burst = (t % 0.25) < 0.03 ? 0.4 * noise() * Math.exp(-(t % 0.25) / 0.01) : 0;
    left[i] = Math.round(9000 * (0.8 * a + 0.2 * e + burst));
    right[i] = Math.round(9000 * (0.2 * a + 0.8 * e + burst));
  }
  return [left, right];
}

const ENCODERS: Record<Exclude<keyof Sources, 'wav'>, string[]> = {
  mp3: ['-codec:a', 'libmp3lame', '-b:a', '128k'],
  flac: ['-codec:a', 'flac'],
  ogg: ['-codec:a', 'libvorbis', '-q:a', '3'],
};

/** The WAV, and with `encoded` (ffmpeg installed) MP3, FLAC and Ogg encoded from it. */
export function makeSources({ durationSec = 1.5, encoded = true } = {}): Sources {
  const wav = encodePcm16(tonesAndBursts(durationSec), SOURCE_SR);
  if (!encoded) return { wav };
  const dir = mkdtempSync(join(tmpdir(), 'genrescope-fuzz-'));
  try {
    const input = join(dir, 'source.wav');
    writeFileSync(input, wav);
    const encode = (ext: keyof typeof ENCODERS) => {
      const out = join(dir, `source.${ext}`);
      execFileSync('ffmpeg', ['-nostdin', '-loglevel', 'error', '-y', '-i', input, ...ENCODERS[ext], out]);
      return new Uint8Array(readFileSync(out));
    };
    return { wav, mp3: encode('mp3'), flac: encode('flac'), ogg: encode('ogg') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
