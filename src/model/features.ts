/**
 * The CNN's input features from the metadata's one configuration: the mel power spectrogram
 * (librosa.feature.melspectrogram) and its log (librosa.power_to_db). Used by the dataset
 * builder, the CLI and the app's worker alike, so training and inference compute the same thing.
 */
import { powerToDb } from '../dsp/core/db.ts';
import { melSpectrogram } from '../dsp/feature/melSpectrogram.ts';
import type { Matrix } from '../dsp/matrix.ts';
import type { MelFeatureConfig } from './metadata.ts';

/** Mel power spectrogram, nMels x frames, exactly as the metadata describes. */
export function melPowerFromAudio(y: Float32Array, f: MelFeatureConfig): Matrix {
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
