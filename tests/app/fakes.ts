/** Fakes of the store's ports for the app's unit tests: every job is driven by the test. */
import { createHash } from 'node:crypto';
import type { SourceDescription } from '../../src/input/rules.ts';
import { inputWarnings } from '../../src/input/warnings.ts';
import type { TrackAnalysis } from '../../src/analysis/types.ts';
import { GTZAN_FEATURE_NAMES } from '../../src/dsp/gtzan/columns.ts';
import type { AnalysisEngine, AudioDecoder, AudioUrls, ContentHasher, DecodedAudio, EngineHandlers, Exporter, HistoryRepository, MicrophoneRecorder, OpeningRequest, RecorderHandlers, EngineOptions } from '../../src/app/state/ports.ts';
import { JobCancelled } from '../../src/app/state/ports.ts';
import { describePcm } from '../../src/app/state/pcm.ts';
import type { GenreResult, HistoryEntry } from '../../src/app/state/types.ts';

export const SR = 22050;

/** A TrackAnalysis of the right shapes for `seconds` of audio (values are placeholders). */
export function fakeAnalysis(seconds: number, sr = SR): TrackAnalysis {
  const hop = 512;
  const frames = Math.floor((seconds * sr) / hop) + 1;
  const ramp = (rows: number) => ({ rows, cols: frames, data: Float32Array.from({ length: rows * frames }, (_, i) => (i % 7) / 7) });
  const series = () => Float32Array.from({ length: frames }, (_, i) => i);
  return {
    sr,
    hopLength: hop,
    nSamples: Math.round(seconds * sr),
    durationSec: seconds,
    melPower: ramp(128),
    melDb: ramp(128),
    chroma: ramp(12),
    tuning: 0,
    mfcc: ramp(20),
    descriptors: {
      spectralCentroid: series(),
      spectralBandwidth: series(),
      spectralRolloff: series(),
      spectralFlatness: series(),
      spectralFlux: series(),
      zeroCrossingRate: series(),
      rms: series(),
    },
    tempo: 120,
    beatTimes: Float64Array.from([0.5, 1, 1.5]),
    key: { tonic: 'C', mode: 'major', confidence: 0.8 },
    gtzanFeatures: Float64Array.from(GTZAN_FEATURE_NAMES, (_, i) => i + 0.5),
  } as TrackAnalysis;
}

export function genre(top: number, backend = 'webgl'): GenreResult {
  const p = Array.from({ length: 10 }, (_, i) => (i === top ? 0.55 : 0.05));
  return { status: 'ok', probabilities: p, models: { cnn: p, table: p }, timeline: [{ start: 0, end: 3, probabilities: p }], shortClip: false, backend };
}

export interface FakeJob {
  pcm: Float32Array;
  sr: number;
  handlers: EngineHandlers;
  cancelled: boolean;
  /** Whether musicnn may refine the genre (false for previews and live windows). */
  refine: boolean;
  resolve(): void;
  reject(err: unknown): void;
  /** Sends features (and optionally a genre) then ends the job. */
  finish(g?: GenreResult): void;
}

export class FakeEngine implements AnalysisEngine {
  jobs: FakeJob[] = [];
  private crash: ((m: string) => void)[] = [];

  analyze(pcm: Float32Array, sr: number, handlers: EngineHandlers, options: EngineOptions = {}) {
    let resolve!: () => void;
    let reject!: (e: unknown) => void;
    const done = new Promise<void>((ok, fail) => {
      resolve = ok;
      reject = fail;
    });
    const job: FakeJob = {
      pcm,
      sr,
      handlers,
      cancelled: false,
      refine: options.refine !== false,
      resolve,
      reject,
      finish(g) {
        // the worker's input warnings, from the same module (src/input)
        handlers.features(fakeAnalysis(pcm.length / sr, sr), options.source ? inputWarnings(pcm, sr, options.source) : []);
        if (g) handlers.genre(g);
        resolve();
      },
    };
    this.jobs.push(job);
    return {
      done,
      cancel: () => {
        job.cancelled = true;
        reject(new JobCancelled('cancelled'));
      },
    };
  }

  onCrash(listener: (message: string) => void): void {
    this.crash.push(listener);
  }

  crashNow(message: string): void {
    for (const j of this.jobs) j.reject(new Error(`The analysis engine crashed (${message})`));
    for (const l of this.crash) l(message);
  }
}

export function decoded(seconds: number, { amplitude = 0.5, source = {} as Partial<SourceDescription> } = {}): DecodedAudio {
  const pcm = Float32Array.from({ length: Math.round(seconds * SR) }, (_, i) => amplitude * Math.sin(i / 10));
  return { pcm, sr: SR, source: { sampleRate: null, channels: 2, durationSec: seconds, analysedSec: seconds, cut: false, ...source }, ...describePcm(pcm, SR) };
}

/** Decodes by file name: `results[name]` is a DecodedAudio or an Error to throw. */
export class FakeDecoder implements AudioDecoder {
  constructor(public results: Record<string, DecodedAudio | Error>) {}
  calls: string[] = [];
  /** Openings handed over before the whole, by file name. */
  openings: Record<string, DecodedAudio> = {};
  async decode(_file: Blob, name: string, opening?: OpeningRequest): Promise<DecodedAudio> {
    this.calls.push(name);
    const o = this.openings[name];
    if (o && opening && (o.source.durationSec ?? 0) > opening.ifLongerThanSec) opening.onOpening({ ...o, pcm: o.pcm.slice() });
    const r = this.results[name];
    if (!r) throw new Error(`no fake result for ${name}`);
    if (r instanceof Error) throw r;
    return { ...r, pcm: r.pcm.slice() };
  }
}

export const fakeUrls: AudioUrls & { revoked: string[] } = {
  revoked: [],
  forBlob: () => 'blob:file',
  forPcm: () => 'blob:pcm',
  revoke(url) {
    this.revoked.push(url);
  },
};

export class MemoryHistory implements HistoryRepository {
  entries = new Map<string, HistoryEntry>();
  async load() {
    return [...this.entries.values()];
  }
  async put(e: HistoryEntry) {
    this.entries.set(e.id, e);
  }
  async remove(id: string) {
    this.entries.delete(id);
  }
}

export class FakeRecorder implements MicrophoneRecorder {
  handlers: RecorderHandlers | null = null;
  constructor(
    private readonly failWith: Error | null = null,
    private readonly recorded = 4,
  ) {}
  async start(handlers: RecorderHandlers): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.handlers = handlers;
  }
  async stop() {
    this.handlers = null;
    return { pcm: decoded(this.recorded).pcm, sr: SR };
  }
}

export class FakeExporter implements Exporter {
  saved: { name: string; text: string }[] = [];
  async renderPng(): Promise<Blob> {
    return new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: 'image/png' });
  }
  save(name: string, blob: Blob): void {
    void blob.text().then((text) => this.saved.push({ name, text }));
  }
}

/** The content hash of each file made by file(), known without reading it. */
const hashes = new WeakMap<Blob, string>();

/** A file whose bytes spell its name over and over: files of different names differ in content (and hash). */
export function file(name: string, size = 1000): Blob & { name: string } {
  const spelt = new TextEncoder().encode(name);
  const blob = new Blob([Uint8Array.from({ length: size }, (_, i) => spelt[i % spelt.length])]);
  hashes.set(blob, createHash('sha256').update(`${name}|${size}`).digest('hex'));
  return Object.assign(blob, { name });
}

/**
 * Hashes files made by file() at once, without reading them (a real hash waits on Node's thread
 * pool, which a busy machine can hold up beyond a flush); any other blob gets none. The real
 * hasher is tested in contentHash.test.ts.
 */
export const fakeHasher: ContentHasher = { hash: async (f) => hashes.get(f) ?? null };

/** Lets pending promise callbacks run. */
export const flush = async (rounds = 5) => {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setTimeout(r, 0));
};
