/** Writes mono float samples as a 16-bit PCM WAV file, for tests that need real files. */
import { writeFileSync } from 'node:fs';

export function encodeWav16(y: Float32Array, sampleRate = 22050): Uint8Array {
  const data = y.length * 2;
  const view = new DataView(new ArrayBuffer(44 + data));
  const text = (at: number, s: string) => [...s].forEach((c, i) => view.setUint8(at + i, c.charCodeAt(0)));
  text(0, 'RIFF');
  view.setUint32(4, 36 + data, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  text(36, 'data');
  view.setUint32(40, data, true);
  for (let i = 0; i < y.length; i++) view.setInt16(44 + 2 * i, Math.max(-32768, Math.min(32767, Math.round(y[i] * 32768))), true);
  return new Uint8Array(view.buffer);
}

export function writeWav(path: string, y: Float32Array, sampleRate = 22050): void {
  writeFileSync(path, encodeWav16(y, sampleRate));
}
