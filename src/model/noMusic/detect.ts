/**
 * The no-music detector over a track's windows, at both stages:
 *   quick: each CNN window of the 22.05 kHz mel power, signal descriptors only (noise, tones,
 *          hum, sweeps, clicks and near silence are plain enough to name before musicnn runs);
 *   final: each musicnn patch (its 16 kHz log-mel, power restored from the log) plus the speech
 *          score of its embedding; this stage decides.
 */
import type { Matrix } from '../../dsp/matrix.ts';
import type { MelSpectrogramConfig } from '../metadata.ts';
import type { MusicnnPatches } from '../musicnn/input.ts';
import type { MusicnnFeatureConfig } from '../musicnn/metadata.ts';
import type { PatchOutputs } from '../musicnn/predict.ts';
import { trackVerdict, windowReason, type NoMusicReason, type TrackVerdict } from './judge.ts';
import type { NoMusicMetadata } from './metadata.ts';
import { speechScores } from './speech.ts';
import { melGrid, windowSignal, type WindowSignal } from './signal.ts';

export interface WindowsVerdict extends TrackVerdict {
  /** Per window: its reason, or null where it may be music (silent windows: "silence"). */
  windows: (NoMusicReason | null)[];
}

interface Windows {
  starts: number[];
  frames: number;
  silent: boolean[];
}

/** Quick stage: the CNN's windows of its mel power spectrogram (configuration `f`). */
export function quickNoMusic(melPower: Matrix, f: MelSpectrogramConfig, w: Windows, meta: NoMusicMetadata): WindowsVerdict {
  const grid = melGrid(f);
  const windows = w.starts.map((start, i) => (w.silent[i] ? ('silence' as const) : windowReason(windowSignal(melPower, start, w.frames, grid), meta.signal.cnn)));
  return { ...trackVerdict(windows, w.silent, meta.trackShare), windows };
}

/**
 * Each musicnn patch's descriptors, from the patch itself (frames x mels, time-major, as the
 * network reads it) with musicnn's log10(scale x + offset) undone: the float16-rounded power the
 * network saw, whichever patches of the track were taken.
 */
export function patchSignals(p: MusicnnPatches, f: MusicnnFeatureConfig): WindowSignal[] {
  const grid = melGrid(f);
  const { scale, offset } = f.log;
  const size = p.frames * p.nMels;
  return p.starts.map((_, i) => {
    const power = { rows: p.nMels, cols: p.frames, data: new Float32Array(size) };
    for (let t = 0; t < p.frames; t++) {
      for (let b = 0; b < p.nMels; b++) power.data[b * p.frames + t] = Math.max(0, (10 ** p.data[i * size + t * p.nMels + b] - offset) / scale);
    }
    return windowSignal(power, 0, p.frames, grid);
  });
}

/** Final stage: musicnn's patches (and which are silent), with the speech score of each patch's embedding. */
export function finalNoMusic(p: MusicnnPatches, f: MusicnnFeatureConfig, silent: boolean[], outputs: PatchOutputs, meta: NoMusicMetadata): WindowsVerdict {
  const speech = speechScores(outputs, meta);
  const threshold = meta.speech.threshold;
  const windows = patchSignals(p, f).map((s, i) => (silent[i] ? ('silence' as const) : windowReason(s, meta.signal.musicnn, { score: speech[i], threshold })));
  return { ...trackVerdict(windows, silent, meta.trackShare), windows };
}
