/**
 * WAV in the browser: encode mono PCM as a 16-bit WAV (recordings and the demo clip get an
 * <audio>-playable file), read a WAV header to cut a long file's opening without decoding the
 * rest (bounded memory for hour-long files), and say when a header is too damaged to trust.
 */
import { MAX_SOURCE_SR, MIN_SOURCE_SR } from '../../input/rules.ts';

export function encodeWav(pcm: Float32Array, sr: number): Blob {
  const header = new ArrayBuffer(44);
  const v = new DataView(header);
  const dataBytes = pcm.length * 2;
  const ascii = (at: number, s: string) => {
    for (let i = 0; i < s.length; i++) v.setUint8(at + i, s.charCodeAt(i));
  };
  ascii(0, 'RIFF');
  v.setUint32(4, 36 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true); // PCM
  v.setUint16(22, 1, true); // mono
  v.setUint32(24, sr, true);
  v.setUint32(28, sr * 2, true);
  v.setUint16(32, 2, true);
  v.setUint16(34, 16, true);
  ascii(36, 'data');
  v.setUint32(40, dataBytes, true);
  const samples = new Int16Array(pcm.length);
  for (let i = 0; i < pcm.length; i++) {
    const s = pcm[i] < -1 ? -1 : pcm[i] > 1 ? 1 : pcm[i];
    samples[i] = s < 0 ? s * 0x8000 : s * 0x7fff;
  }
  return new Blob([header, samples.buffer], { type: 'audio/wav' });
}

export interface WavLayout {
  sampleRate: number;
  channels: number;
  blockAlign: number;
  /** Byte offset of the sample data. */
  dataOffset: number;
  /** Bytes of sample data actually present in the file. */
  dataBytes: number;
  durationSec: number;
  /** What the header announces (more than durationSec when the file is truncated); null for a streamed header's 0xFFFFFFFF. */
  announcedSec: number | null;
}

/** Parses a RIFF/WAVE header from the file's first bytes; null if it is not one. */
export function parseWavHeader(head: ArrayBufferLike, fileSize: number): WavLayout | null {
  const v = new DataView(head);
  const tag = (at: number) => String.fromCharCode(v.getUint8(at), v.getUint8(at + 1), v.getUint8(at + 2), v.getUint8(at + 3));
  if (head.byteLength < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') return null;
  let at = 12;
  let fmt: { channels: number; sampleRate: number; blockAlign: number } | null = null;
  while (at + 8 <= head.byteLength) {
    const id = tag(at);
    const size = v.getUint32(at + 4, true);
    if (id === 'fmt ' && at + 24 <= head.byteLength) {
      fmt = { channels: v.getUint16(at + 10, true), sampleRate: v.getUint32(at + 12, true), blockAlign: v.getUint16(at + 20, true) };
    } else if (id === 'data') {
      if (!fmt || fmt.blockAlign === 0 || fmt.sampleRate === 0) return null;
      const dataOffset = at + 8;
      const dataBytes = Math.min(size, fileSize - dataOffset);
      const announcedSec = size < 0xffffffff ? Math.floor(size / fmt.blockAlign) / fmt.sampleRate : null;
      return { ...fmt, dataOffset, dataBytes, durationSec: Math.floor(dataBytes / fmt.blockAlign) / fmt.sampleRate, announcedSec };
    }
    at += 8 + size + (size % 2);
  }
  return null;
}

/** The header plus the first `seconds` of sample data, with the sizes patched: a shorter valid WAV. */
export async function sliceWav(file: Blob, layout: WavLayout, seconds: number): Promise<ArrayBuffer> {
  const frames = Math.floor(seconds * layout.sampleRate);
  const dataBytes = Math.min(layout.dataBytes, frames * layout.blockAlign);
  const buf = await file.slice(0, layout.dataOffset + dataBytes).arrayBuffer();
  const v = new DataView(buf);
  v.setUint32(4, buf.byteLength - 8, true);
  v.setUint32(layout.dataOffset - 4, dataBytes, true);
  return buf;
}

/**
 * What is impossible in a parsed header, in words; null when it is plausible. A damaged header
 * (a flipped bit, a bad writer) can claim a 1 Hz rate, which would read as an 18-hour file.
 */
export function implausibleWavHeader(layout: WavLayout): string | null {
  if (layout.channels < 1) return 'its header claims no channels';
  if (layout.sampleRate < MIN_SOURCE_SR || layout.sampleRate > MAX_SOURCE_SR) {
    return `its header claims a sample rate of ${layout.sampleRate} Hz (audio uses ${MIN_SOURCE_SR} Hz to ${MAX_SOURCE_SR / 1000} kHz)`;
  }
  return null;
}
