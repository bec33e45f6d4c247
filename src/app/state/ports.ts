/**
 * What the store needs from the outside world, as interfaces: the browser implementations live
 * in src/app/services and src/app/audio, and the unit tests pass fakes. The store is the only
 * caller; components never see these.
 */
import type { TrackAnalysis } from '../../analysis/types.ts';
import type { InputWarning, SourceDescription } from '../../input/rules.ts';
import type { GenreResult, HistoryEntry, PipelineStage, Track, WaveformEnvelope } from './types.ts';

/** An error whose message is written for the user and can be shown as is. */
export class UserFacingError extends Error {
  override readonly name = 'UserFacingError';
}

/** Thrown (or rejected with) when a job was cancelled; never shown as an error. */
export class JobCancelled extends Error {
  override readonly name = 'JobCancelled';
}

export interface DecodedAudio {
  /** Mono PCM at `sr`, possibly only the opening of a long source (see source.cut). */
  pcm: Float32Array;
  sr: number;
  /** What the decoder learnt of the file (channels, whole duration, cut), for the input rules. */
  source: SourceDescription;
  /** Largest absolute sample value. */
  peak: number;
  waveform: WaveformEnvelope;
}

/** Asks the decoder for the opening of a long source first, decoded on its own (a quick first result). */
export interface OpeningRequest {
  /** Only for sources longer than this. */
  ifLongerThanSec: number;
  seconds: number;
  onOpening(opening: DecodedAudio): void;
}

export interface AudioDecoder {
  /**
   * Decodes, mixes to mono and resamples; throws UserFacingError with a clear message. With
   * `opening`, a long source's opening may be handed over before the whole is decoded.
   */
  decode(file: Blob, name: string, opening?: OpeningRequest): Promise<DecodedAudio>;
}

export interface EngineHandlers {
  progress(stage: PipelineStage, fraction: number): void;
  /** The features, with the input warnings (src/input) when the job had a source. */
  features(analysis: TrackAnalysis, warnings: InputWarning[]): void;
  /** The models' answer, or why there is none (e.g. the models failed to load). */
  genre(result: GenreResult | { unavailable: string }): void;
}

export interface EngineJob {
  /** Resolves after features (and genre, when the engine gives one); rejects with JobCancelled or an Error. */
  done: Promise<void>;
  cancel(): void;
}

export interface EngineOptions {
  /** false: only the quick genre (no musicnn), for a long track's opening and live windows. */
  refine?: boolean;
  /** The decoded file's description: the engine applies the input rules to it. */
  source?: SourceDescription;
}

export interface AnalysisEngine {
  /** Analyses mono PCM at `sr`; the buffer is transferred and unusable afterwards. */
  analyze(pcm: Float32Array, sr: number, handlers: EngineHandlers, options?: EngineOptions): EngineJob;
  /** Called when the engine died (worker crash); pending jobs reject on their own. */
  onCrash(listener: (message: string) => void): void;
}

export interface HistoryRepository {
  load(): Promise<HistoryEntry[]>;
  put(entry: HistoryEntry): Promise<void>;
  remove(id: string): Promise<void>;
}

export interface ContentHasher {
  /** SHA-256 of the bytes as lowercase hex; null where the file is too large to hash (no duplicate check then). */
  hash(file: Blob): Promise<string | null>;
}

export interface RecorderHandlers {
  /** Input level 0..1 and seconds since the start, a few times a second. */
  level(level: number, elapsedSec: number): void;
  /** Live mode: the latest rolling window (mono PCM at sr), about once a second. */
  window?(pcm: Float32Array, sr: number): void;
  /** The input stopped on its own (device unplugged, permission revoked). */
  ended?(message: string): void;
}

export interface MicrophoneRecorder {
  /** Opens the microphone; throws UserFacingError when denied or absent. */
  start(handlers: RecorderHandlers, options: { liveWindowSec?: number; liveEverySec?: number }): Promise<void>;
  /** Stops and returns everything recorded (mono PCM at sr). */
  stop(): Promise<{ pcm: Float32Array; sr: number }>;
}

export interface AudioUrls {
  /** An object URL for playback of a file or a WAV made from PCM. */
  forBlob(blob: Blob): string;
  forPcm(pcm: Float32Array, sr: number): string;
  revoke(url: string): void;
}

export interface DemoSynth {
  /** A short synthesised piece (never copyrighted audio) as a WAV file. */
  render(): Promise<Blob>;
}

export interface Exporter {
  /** The result's plots as one PNG. */
  renderPng(track: Track): Promise<Blob>;
  /** Hands a file to the user (a download). */
  save(name: string, blob: Blob): void;
}
