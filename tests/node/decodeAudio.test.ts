import { describe, expect, it } from 'vitest';
import { AudioDecodeError, decodeAudio, sniffFormat } from '../../src/node/decodeAudio.ts';
import { audioPath, describeWithData } from '../support/sharedData.ts';
import { loadAudioFile } from '../../src/node/decodeAudio.ts';
import { encodePcm16 } from '../support/wav.ts';

describe('decodeAudio', () => {
  it('scales 16-bit PCM by 1/32768 on both sides, as libsndfile (and so librosa) does', async () => {
    const { y } = await decodeAudio(encodePcm16([[32767, -32768, 16384, 0]], 22050));
    expect(Array.from(y)).toEqual([32767 / 32768, -1, 0.5, 0]);
  });

  it('mixes channels to their mean', async () => {
    const { y, source } = await decodeAudio(encodePcm16([[16384, 0], [0, -16384]], 22050));
    expect(source.channels).toBe(2);
    expect(Array.from(y)).toEqual([0.25, -0.25]);
  });

  it('resamples 44.1 kHz to 22050 Hz with the length halved and a tone kept at its frequency', async () => {
    const n = 44100;
    const tone = Array.from({ length: n }, (_, i) => Math.round(16000 * Math.sin((2 * Math.PI * 1000 * i) / 44100)));
    const { y, sr, source } = await decodeAudio(encodePcm16([tone], 44100));
    expect(sr).toBe(22050);
    expect(source.sampleRate).toBe(44100);
    expect(Math.abs(y.length - n / 2)).toBeLessThanOrEqual(2);
    // upward zero crossings in the middle half second: a 1000 Hz tone has 500
    let crossings = 0;
    for (let i = 5513; i < 16538; i++) if (y[i - 1] < 0 && y[i] >= 0) crossings++;
    expect(Math.abs(crossings - 500)).toBeLessThanOrEqual(1);
  });

  it('names the formats it sniffs and rejects other bytes with a clear error', async () => {
    expect(sniffFormat(new TextEncoder().encode('fLaC....'))).toBe('flac');
    expect(sniffFormat(new TextEncoder().encode('OggS....'))).toBe('ogg');
    expect(sniffFormat(new TextEncoder().encode('ID3.....'))).toBe('mp3');
    await expect(decodeAudio(new TextEncoder().encode('this is a text file, not audio'))).rejects.toThrow(AudioDecodeError);
    await expect(decodeAudio(new Uint8Array(0))).rejects.toThrow(/empty \(0 bytes\)/);
    // a WAV header that promises data it does not hold
    await expect(decodeAudio(encodePcm16([[1, 2, 3]], 22050).subarray(0, 44))).rejects.toThrow(AudioDecodeError);
  });
});

describeWithData('decoding the shared clips', () => {
  it('decodes a lossless parity clip to the original length at 22050 Hz, on the 1/32768 grid', async () => {
    const { y, sr, format } = await loadAudioFile(audioPath('blues.00000'));
    expect([format, sr, y.length]).toEqual(['flac', 22050, 661794]);
    expect(y.every((v) => Number.isInteger(v * 32768))).toBe(true);
  });
});

describe('decoding compressed formats', () => {
  it('decodes an MP3 (made by ffmpeg from a synthetic tone) to 22050 Hz mono with the tone kept', async () => {
    const { spawnSync } = await import('node:child_process');
    const { mkdtempSync, readFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { writeWav } = await import('../support/wav.ts');
    const { sine } = await import('../support/signals.ts');
    const dir = mkdtempSync(join(tmpdir(), 'genrescope-mp3-'));
    writeWav(join(dir, 'tone.wav'), sine(440, 2, { sr: 44100 }), 44100);
    const ff = spawnSync('ffmpeg', ['-loglevel', 'error', '-i', join(dir, 'tone.wav'), '-ac', '2', '-b:a', '128k', join(dir, 'tone.mp3')]);
    expect(ff.status, 'ffmpeg (installed by scripts/install-deps.sh) must encode the test MP3').toBe(0);
    const { y, sr, format, source } = await decodeAudio(new Uint8Array(readFileSync(join(dir, 'tone.mp3'))));
    expect([format, sr, source.channels, source.sampleRate]).toEqual(['mp3', 22050, 2, 44100]);
    // MP3 adds encoder delay and padding: about 2 s, within 0.1 s
    expect(Math.abs(y.length / sr - 2)).toBeLessThan(0.1);
    let up = 0;
    for (let i = 5513; i < 16538; i++) if (y[i - 1] < 0 && y[i] >= 0) up++;
    expect(Math.abs(up - 220)).toBeLessThanOrEqual(1);
  });

  it('rejects a truncated MP3 header with a clear error rather than returning silence', async () => {
    await expect(decodeAudio(Uint8Array.of(0x49, 0x44, 0x33, 3, 0, 0, 0, 0, 0, 10))).rejects.toThrow(AudioDecodeError);
  });
});

describeWithData('decoding a shared Ogg Vorbis clip', () => {
  it('gives the original WAV length at 22050 Hz', async () => {
    const { readManifest } = await import('../support/sharedData.ts');
    const clip = readManifest().find((r) => r.file.endsWith('.ogg'));
    if (!clip) throw new Error('no ogg clip in manifest');
    const { y, sr, format } = await loadAudioFile(clip.file);
    expect([format, sr]).toEqual(['ogg', 22050]);
    expect(y.length).toBe(clip.samples);
  });
});
