/**
 * The models' mel input from a metadata file's one configuration: the mel power spectrogram
 * (librosa.feature.melspectrogram, also musicnn's) and the CNN's log of it (librosa.power_to_db). Used by the dataset
 * builder, the CLI and the app's worker alike, so training and inference compute the same thing.
 */
import { powerToDb } from '../dsp/core/db.ts';
import { melSpectrogram } from '../dsp/feature/melSpectrogram.ts';
import { GTZAN_MEL, GTZAN_STFT } from '../dsp/gtzan/conventions.ts';
import type { Matrix } from '../dsp/matrix.ts';
import type { MelFeatureConfig, MelSpectrogramConfig } from './metadata.ts';

/** Mel power spectrogram, nMels x frames, exactly as the metadata describes. */
export function melPowerFromAudio(y: Float32Array, f: MelSpectrogramConfig): Matrix {
  return melSpectrogram({
    y,
    sr: f.sampleRateHz,
    nFft: f.nFft,
    hopLength: f.hopLength,
    window: f.window,
    center: f.center,
    padMode: f.padMode,
    power: f.power,
    nMels: f.nMels,
    fmin: f.fmin,
    fmax: f.fmax,
    htk: f.htk,
    norm: f.melNorm,
  });
}

/** Log-mel (dB) of a mel power spectrogram with the metadata's powerToDb arguments. */
export function logMelFromPower(melPower: Matrix, f: MelFeatureConfig): Matrix {
  return powerToDb({ S: melPower, ref: f.db.ref, amin: f.db.amin, topDb: f.db.topDb });
}

export function logMelFromAudio(y: Float32Array, f: MelFeatureConfig): Matrix {
  return logMelFromPower(melPowerFromAudio(y, f), f);
}

/** Whether an analysis's mel spectrogram (src/analysis: GTZAN settings at `sr`) is the CNN's input as `f` defines it. */
function analysisMelMatches(f: MelFeatureConfig, sr: number): boolean {
  return (
    f.sampleRateHz === sr && f.nFft === GTZAN_STFT.nFft && f.hopLength === GTZAN_STFT.hopLength && f.window === GTZAN_STFT.window &&
    f.center === GTZAN_STFT.center && f.padMode === GTZAN_STFT.padMode && f.nMels === GTZAN_MEL.nMels && f.fmin === GTZAN_MEL.fmin &&
    f.fmax === sr / 2 && f.htk === GTZAN_MEL.htk && f.melNorm === GTZAN_MEL.norm && f.power === 2
  );
}

/** The CNN's mel power input: the analysis's own where it was computed the CNN's way, else recomputed from the audio. */
export function cnnMelPower(analysis: { sr: number; melPower: Matrix } | null, y: Float32Array, f: MelFeatureConfig): Matrix {
  return analysis && analysisMelMatches(f, analysis.sr) ? analysis.melPower : melPowerFromAudio(y, f);
}
