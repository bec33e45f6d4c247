/** 16-bit PCM WAV files made in memory, for tests that need real files. */
import { writeFileSync } from 'node:fs';

/** A WAV of integer samples, one array per channel (interleaved on write). */
export function encodePcm16(channels: ArrayLike<number>[], sampleRate = 22050): Uint8Array {
  const nCh = channels.length;
  const frames = channels[0].length;
  const data = frames * nCh * 2;
  const view = new DataView(new ArrayBuffer(44 + data));
  const text = (at: number, s: string) => [...s].forEach((c, i) => view.setUint8(at + i, c.charCodeAt(0)));
  text(0, 'RIFF');
  view.setUint32(4, 36 + data, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, nCh, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * nCh * 2, true);
  view.setUint16(32, nCh * 2, true);
  view.setUint16(34, 16, true);
  text(36, 'data');
  view.setUint32(40, data, true);
  for (let i = 0; i < frames; i++) for (let c = 0; c < nCh; c++) view.setInt16(44 + (i * nCh + c) * 2, channels[c][i], true);
  return new Uint8Array(view.buffer);
}

/** A mono WAV of float samples in [-1, 1], scaled by 32768 and clipped. */
export function encodeWav16(y: Float32Array, sampleRate = 22050): Uint8Array {
  return encodePcm16([Array.from(y, (v) => Math.max(-32768, Math.min(32767, Math.round(v * 32768))))], sampleRate);
}

export function writeWav(path: string, y: Float32Array, sampleRate = 22050): void {
  writeFileSync(path, encodeWav16(y, sampleRate));
}
