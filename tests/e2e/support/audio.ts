/**
 * Audio the browser tests make themselves (never GTZAN or any copyrighted audio): a music-like
 * signal (chords, a bass line and a 120 BPM click groove) written as WAV, and MP3 made from it
 * with ffmpeg. Files land in test-results/e2e/fixtures and are reused within a run.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const RESULTS_DIR = resolve('test-results/e2e');
export const FIXTURES_DIR = join(RESULTS_DIR, 'fixtures');

export const hasFfmpeg = (() => {
  try {
    execFileSync('ffmpeg', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** A music-like mono signal: I-V-vi-IV chords, bass, kick/snare/hat at 120 BPM. */
export function musicLike(durationSec: number, sr: number, seed = 3): Float32Array {
  const n = Math.round(durationSec * sr);
  const y = new Float32Array(n);
  const rand = rng(seed);
  const beat = 0.5;
  const chords = [
    [60, 64, 67],
    [59, 62, 67],
    [57, 60, 64],
    [57, 60, 65],
  ];
  const hz = (m: number) => 440 * 2 ** ((m - 69) / 12);
  for (let i = 0; i < n; i++) {
    const t = i / sr;
    const bar = Math.floor(t / (4 * beat)) % chords.length;
    const chord = chords[bar];
    let v = 0;
    for (const m of chord) v += 0.06 * Math.sin(2 * Math.PI * hz(m) * t);
    v += 0.12 * Math.sin(2 * Math.PI * hz(chord[0] - 24) * t);
    const inBeat = t % beat;
    v += 0.5 * Math.exp(-inBeat / 0.04) * Math.sin(2 * Math.PI * (50 + 90 * Math.exp(-inBeat / 0.02)) * inBeat);
    const beatIndex = Math.floor(t / beat);
    if (beatIndex % 2 === 1) v += 0.25 * Math.exp(-inBeat / 0.05) * (rand() * 2 - 1);
    const inHalf = t % (beat / 2);
    v += 0.05 * Math.exp(-inHalf / 0.01) * (rand() * 2 - 1);
    y[i] = v;
  }
  return y;
}

/** 16-bit PCM WAV bytes of one or more channels. */
export function wavBytes(channels: Float32Array[], sr: number): Buffer {
  const frames = channels[0].length;
  const ch = channels.length;
  const buf = Buffer.alloc(44 + frames * ch * 2);
  buf.write('RIFF', 0);
  buf.writeUInt32LE(36 + frames * ch * 2, 4);
  buf.write('WAVE', 8);
  buf.write('fmt ', 12);
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20);
  buf.writeUInt16LE(ch, 22);
  buf.writeUInt32LE(sr, 24);
  buf.writeUInt32LE(sr * ch * 2, 28);
  buf.writeUInt16LE(ch * 2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write('data', 36);
  buf.writeUInt32LE(frames * ch * 2, 40);
  let at = 44;
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < ch; c++) {
      const s = Math.max(-1, Math.min(1, channels[c][i]));
      buf.writeInt16LE(Math.round(s < 0 ? s * 0x8000 : s * 0x7fff), at);
      at += 2;
    }
  }
  return buf;
}

function fixture(name: string, make: (path: string) => void): string {
  mkdirSync(FIXTURES_DIR, { recursive: true });
  const path = join(FIXTURES_DIR, name);
  if (!existsSync(path)) make(path);
  return path;
}

/** Stereo 44.1 kHz WAV of the music-like signal (the app must mix down and resample). */
export function musicWav(durationSec = 30, name = `music-${durationSec}s.wav`): string {
  return fixture(name, (path) => {
    const sr = 44100;
    const left = musicLike(durationSec, sr, 3);
    const right = left.map((v, i) => 0.8 * v + 0.05 * Math.sin((2 * Math.PI * 330 * i) / sr));
    writeFileSync(path, wavBytes([left, right], sr));
  });
}

export function silenceWav(durationSec = 10): string {
  return fixture(`silence-${durationSec}s.wav`, (path) => writeFileSync(path, wavBytes([new Float32Array(Math.round(durationSec * 22050))], 22050)));
}

/** MP3 via ffmpeg from the music-like WAV. */
export function musicMp3(durationSec = 30, bitrate = '128k'): string {
  const wav = musicWav(durationSec);
  return fixture(`music-${durationSec}s-${bitrate}.mp3`, (path) => {
    execFileSync('ffmpeg', ['-nostdin', '-loglevel', 'error', '-y', '-i', wav, '-codec:a', 'libmp3lame', '-b:a', bitrate, path]);
  });
}

/** A long mono MP3 at a low bit rate (cheap to make): the music-like signal looped. */
export function longMp3(durationSec: number): string {
  const loop = musicWav(30);
  return fixture(`long-${durationSec}s.mp3`, (path) => {
    execFileSync('ffmpeg', ['-nostdin', '-loglevel', 'error', '-y', '-stream_loop', '-1', '-i', loop, '-t', String(durationSec), '-ac', '1', '-ar', '22050', '-codec:a', 'libmp3lame', '-b:a', '32k', path]);
  });
}

export function textFile(): string {
  return fixture('not-audio.mp3', (path) => writeFileSync(path, 'This is a text file pretending to be an MP3.\n'.repeat(200)));
}

export function emptyFile(): string {
  return fixture('empty.wav', (path) => writeFileSync(path, Buffer.alloc(0)));
}

/** The first `fraction` of an MP3's bytes: a download cut short. */
export function truncatedMp3(fraction = 0.35): string {
  const full = musicMp3(30);
  return fixture(`truncated-${fraction}.mp3`, (path) => {
    const bytes = readFileSync(full);
    writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length * fraction)));
  });
}
