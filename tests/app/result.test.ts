import { describe, expect, it } from 'vitest';
import { parseWavHeader, encodeWav, sliceWav } from '../../src/app/audio/wav.ts';
import { appendLiveColumns } from '../../src/app/state/live.ts';
import { formatDuration } from '../../src/input/format.ts';
import { peakOf } from '../../src/app/state/pcm.ts';
import { MAX_DISPLAY_COLUMNS, poolColumns, poolMean, toTrackResult, waveformEnvelope } from '../../src/app/state/result.ts';
import { fakeAnalysis, SR } from './fakes.ts';

describe('display reduction', () => {
  it('pools columns by their maximum and series by their mean, keeping partial groups', () => {
    const m = { rows: 2, cols: 5, data: Float32Array.from([1, 5, 2, 2, 9, -1, -3, -2, -8, -4]) };
    expect(Array.from(poolColumns(m, 2).data)).toEqual([5, 2, 9, -1, -2, -4]);
    expect(Array.from(poolMean(Float64Array.from([1, 3, 5, 7, 10]), 2))).toEqual([2, 6, 10]);
  });

  it('keeps a 30 s analysis at full resolution and pools a 10-minute one to the display limit', () => {
    const w = waveformEnvelope(new Float32Array(100), SR);
    const short = toTrackResult(fakeAnalysis(30), w);
    expect(short.melDb.cols).toBe(fakeAnalysis(30).melDb.cols);
    expect(short.secondsPerColumn).toBeCloseTo(512 / SR, 12);
    const long = toTrackResult(fakeAnalysis(600), w);
    expect(long.melDb.cols).toBeLessThanOrEqual(MAX_DISPLAY_COLUMNS);
    expect(long.melDb.cols * long.secondsPerColumn).toBeGreaterThanOrEqual(600);
    expect(long.descriptors.rms.length).toBe(long.melDb.cols);
    // Means come from the unpooled frames.
    const frames = fakeAnalysis(600).melDb.cols;
    expect(long.descriptorMeans.rms).toBeCloseTo((frames - 1) / 2, 6);
  });

  it('the waveform envelope brackets every sample of its bucket', () => {
    const pcm = Float32Array.from({ length: 10_000 }, (_, i) => Math.sin(i / 30) * (i < 5000 ? 0.2 : 0.9));
    const env = waveformEnvelope(pcm, SR, 100);
    expect(env.max.length).toBe(100);
    expect(Math.max(...env.max.slice(0, 50))).toBeLessThanOrEqual(0.2);
    expect(Math.max(...env.max.slice(50))).toBeGreaterThan(0.85);
    expect(env.durationSec).toBeCloseTo(10_000 / SR, 9);
    expect(peakOf(pcm)).toBeCloseTo(0.9, 3);
  });

  it('formats durations for people', () => {
    expect(formatDuration(12.34)).toBe('12.3 s');
    expect(formatDuration(245)).toBe('4 min 05 s');
    expect(formatDuration(3725)).toBe('1 h 02 min');
  });
});

describe('live spectrogram', () => {
  it('appends the newest second in dB against the session peak and scrolls at the span', () => {
    const frames = 130;
    const mel = { rows: 2, cols: frames, data: new Float32Array(2 * frames).fill(1e-4) };
    mel.data[frames - 1] = 1; // loudest bin in the newest frame
    const spf = 512 / SR;
    let { melDb, peak } = appendLiveColumns(null, mel, 0, 1, spf, 3);
    expect(peak).toBe(1);
    expect(melDb.cols).toBe(43);
    expect(melDb.data[42]).toBeCloseTo(0, 6);
    expect(melDb.data[0]).toBeCloseTo(-40, 4);
    for (let i = 0; i < 5; i++) ({ melDb, peak } = appendLiveColumns(melDb, mel, peak, 1, spf, 3));
    expect(melDb.cols).toBe(Math.round(3 / spf));
  });
});

describe('WAV', () => {
  it('encodes 16-bit mono, reads its header back and cuts its opening', async () => {
    const pcm = Float32Array.from({ length: SR * 3 }, (_, i) => Math.sin(i / 5) * 0.5);
    const blob = encodeWav(pcm, SR);
    const head = await blob.slice(0, 1024).arrayBuffer();
    const layout = parseWavHeader(head, blob.size)!;
    expect(layout).toMatchObject({ sampleRate: SR, channels: 1, blockAlign: 2, dataOffset: 44 });
    expect(layout.durationSec).toBeCloseTo(3, 9);
    const cut = await sliceWav(blob, layout, 1);
    const cutLayout = parseWavHeader(cut, cut.byteLength)!;
    expect(cutLayout.durationSec).toBeCloseTo(1, 9);
    expect(new DataView(cut).getUint32(4, true)).toBe(cut.byteLength - 8);
    expect(parseWavHeader(new TextEncoder().encode('not a wav file at all').buffer, 20)).toBeNull();
  });
});
