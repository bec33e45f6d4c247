/**
 * One list of input cases with the verdict the input rules (src/input) give each, shared by the
 * CLI test (tests/cli/inputRules.test.ts) and the browser test (tests/e2e/inputRules.test.ts):
 * same file, same verdict, page or CLI. Files are made here, from synthetic signals.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InputWarningCode } from '../../src/input/rules.ts';
import { encodePcm16 } from './wav.ts';

export interface InputCase {
  name: string;
  bytes: () => Uint8Array;
  /** Refused: a pattern both the page's message and the CLI's line match; or analysed with these warnings, in order. */
  expect: { refused: RegExp } | { warnings: InputWarningCode[] };
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
}

/** Chords over a drum-like noise burst each half second: full band, so it earns no warning of its own. */
function song(seconds: number, sr: number, gain = 1): Float32Array {
  const rand = rng(11);
  const y = new Float32Array(Math.round(seconds * sr));
  for (let i = 0; i < y.length; i++) {
    const t = i / sr;
    const beat = t % 0.5;
    y[i] = gain * (0.1 * (Math.sin(2 * Math.PI * 220 * t) + Math.sin(2 * Math.PI * 277.2 * t) + Math.sin(2 * Math.PI * 329.6 * t)) + 0.3 * Math.exp(-beat / 0.05) * rand());
  }
  return y;
}

const pcm16 = (y: Float32Array) => Array.from(y, (v) => Math.round(Math.max(-1, Math.min(1, v)) * 32767));
const wav = (channels: Float32Array[], sr: number) => encodePcm16(channels.map(pcm16), sr);

/** A 128 kbit/s MP3 of `y` by ffmpeg (installed by scripts/install-deps.sh), with its Xing/Info header. */
function mp3(y: Float32Array, sr: number): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'genrescope-case-'));
  writeFileSync(join(dir, 'in.wav'), wav([y], sr));
  execFileSync('ffmpeg', ['-nostdin', '-loglevel', 'error', '-y', '-i', join(dir, 'in.wav'), '-ar', '44100', '-b:a', '128k', join(dir, 'out.mp3')]);
  return new Uint8Array(readFileSync(join(dir, 'out.mp3')));
}

export const INPUT_CASES: InputCase[] = [
  { name: 'case-empty.wav', bytes: () => new Uint8Array(0), expect: { refused: /empty \(0 bytes\)/ } },
  { name: 'case-text.wav', bytes: () => new TextEncoder().encode('not audio at all, just words'), expect: { refused: /decod/ } },
  { name: 'case-0.4s.wav', bytes: () => wav([song(0.4, 22050)], 22050), expect: { refused: /too short to analyse: 0\.40 s/i } },
  { name: 'case-plain.wav', bytes: () => wav([song(6, 44100), song(6, 44100)], 44100), expect: { warnings: [] } },
  { name: 'case-2s.wav', bytes: () => wav([song(2, 22050)], 22050), expect: { warnings: ['short'] } },
  { name: 'case-6ch.wav', bytes: () => wav(Array.from({ length: 6 }, () => song(6, 22050, 0.5)), 22050), expect: { warnings: ['downmixed'] } },
  { name: 'case-8khz.wav', bytes: () => wav([song(6, 8000)], 8000), expect: { warnings: ['narrow-band'] } },
  { name: 'case-clipped.wav', bytes: () => wav([song(6, 22050, 4)], 22050), expect: { warnings: ['clipping'] } },
  { name: 'case-quiet.wav', bytes: () => wav([song(6, 22050, 0.02)], 22050), expect: { warnings: ['low-level'] } },
  {
    name: 'case-truncated.wav',
    // the header announces 20 s; the file holds 8
    bytes: () => wav([song(20, 22050)], 22050).subarray(0, 44 + 2 * 8 * 22050),
    expect: { warnings: ['truncated'] },
  },
  {
    name: 'case-truncated.mp3',
    // its Xing header announces 20 s; the bytes hold about 7
    bytes: () => {
      const whole = mp3(song(20, 22050), 22050);
      return whole.subarray(0, Math.round(whole.length * 0.35));
    },
    expect: { warnings: ['truncated'] },
  },
];

/** Writes every case's file into `dir`; returns their paths by name. */
export function writeInputCases(dir: string): Map<string, string> {
  mkdirSync(dir, { recursive: true });
  return new Map(INPUT_CASES.map((c) => {
    const path = join(dir, c.name);
    writeFileSync(path, c.bytes());
    return [c.name, path];
  }));
}
