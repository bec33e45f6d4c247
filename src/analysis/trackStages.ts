/**
 * The analysis of one track as a sequence of stages: a generator that yields before each
 * stage, so the async driver (analyzeTrack: progress, cancellation) and the synchronous one
 * (gtzanFeatureVector) share one computation. The harmonic/percussive pass computes the one
 * magnitude STFT; it feeds the descriptors, then is squared in place into the power spectrogram
 * for mel and chroma; one mel spectrogram feeds MFCC, the onset envelope and the display.
 * Settings are the GTZAN table's.
 */
import { powerToDbEach } from '../dsp/core/db.ts';
import { beatTrack } from '../dsp/beat/beatTrack.ts';
import { hpssWaveformStats } from '../dsp/decompose/hpssWaveforms.ts';
import { ParameterError } from '../dsp/errors.ts';
import { chromaStftWithTuning } from '../dsp/feature/chroma.ts';
import { melSpectrogram, mfcc } from '../dsp/feature/melSpectrogram.ts';
import { rms } from '../dsp/feature/rms.ts';
import { spectralDescriptors } from '../dsp/feature/spectral.ts';
import { zeroCrossingRate } from '../dsp/feature/zeroCrossingRate.ts';
import { GTZAN_MEL, GTZAN_MFCC, GTZAN_STFT } from '../dsp/gtzan/conventions.ts';
import { summarizeGtzan } from '../dsp/gtzan/summary.ts';
import { estimateKey } from '../dsp/key/estimateKey.ts';
import type { Matrix } from '../dsp/matrix.ts';
import { onsetStrength } from '../dsp/onset/onsetStrength.ts';
import type { AnalysisStage, TrackAnalysis } from './types.ts';

/** Share of the total work done before each stage starts (measured by bench/engine.ts), for progress bars. */
const STAGE_START: Record<AnalysisStage, number> = {
  separation: 0,
  spectrogram: 0.78,
  timbre: 0.84,
  harmony: 0.9,
  rhythm: 0.95,
  summary: 0.99,
};

export type StageStep = readonly [AnalysisStage, number];

function squareInPlace(S: Matrix): Matrix {
  const d = S.data;
  // float32 |X| squared, as librosa squares its complex64 magnitude
  for (let i = 0; i < d.length; i++) d[i] = d[i] * d[i];
  return S;
}

export function* trackStages(y: Float32Array, sr = 22050): Generator<StageStep, TrackAnalysis, void> {
  if (y.length === 0) throw new ParameterError('the audio is empty');
  const { hopLength } = GTZAN_STFT;
  const stage = (s: AnalysisStage): StageStep => [s, STAGE_START[s]];

  yield stage('separation');
  const separated = hpssWaveformStats({ y, ...GTZAN_STFT, lengthConvention: 'librosa-0.7', keepMagnitude: true });
  const S = separated.magnitude;
  if (!S) throw new Error('hpssWaveformStats returned no magnitude');

  yield stage('spectrogram');
  const d = spectralDescriptors({ S, sr, flux: true });
  const power = squareInPlace(S);
  const melPower = melSpectrogram({ S: power, sr, ...GTZAN_MEL });

  yield stage('timbre');
  // the display's dB re the peak, and the dB re 1 with an 80 dB floor that MFCC and the onset
  // envelope both take: one logarithm of the mel spectrogram serves both (amin 1e-10 for each)
  const [melDb, melDbRef1] = powerToDbEach(melPower, GTZAN_MFCC.amin, [
    { ref: 'max', topDb: 80 },
    { ref: GTZAN_MFCC.ref, topDb: GTZAN_MFCC.topDb },
  ]);
  const coefficients = mfcc({ melDb: melDbRef1, nMfcc: GTZAN_MFCC.nMfcc });
  const zcr = zeroCrossingRate({ y, frameLength: GTZAN_STFT.nFft, hopLength });
  const energy = rms({ y, frameLength: GTZAN_STFT.nFft, hopLength, padMode: GTZAN_STFT.padMode });

  yield stage('harmony');
  const { chroma, tuning } = chromaStftWithTuning({ S: power, sr });
  const key = estimateKey({ chroma });

  yield stage('rhythm');
  const onsetEnvelope = onsetStrength({ S: melDbRef1, sr, hopLength, aggregate: 'median' });
  const beats = beatTrack({ onsetEnvelope, sr, hopLength, units: 'time' });

  yield stage('summary');
  const descriptors = {
    spectralCentroid: d.centroid,
    spectralBandwidth: d.bandwidth,
    spectralRolloff: d.rolloff,
    spectralFlatness: d.flatness,
    spectralFlux: d.flux ?? new Float64Array(S.cols),
    zeroCrossingRate: zcr,
    rms: energy,
  };
  const gtzanFeatures = summarizeGtzan({
    chroma,
    rms: energy,
    spectralCentroid: d.centroid,
    spectralBandwidth: d.bandwidth,
    spectralRolloff: d.rolloff,
    zeroCrossingRate: zcr,
    harmonic: separated.harmonic,
    percussive: separated.percussive,
    tempo: beats.tempo,
    mfcc: coefficients,
  });
  return {
    sr,
    hopLength,
    nSamples: y.length,
    durationSec: y.length / sr,
    melPower,
    melDb,
    chroma,
    tuning,
    mfcc: coefficients,
    descriptors,
    tempo: beats.tempo,
    beatTimes: beats.beatTimes ?? new Float64Array(0),
    key,
    gtzanFeatures,
    separationEngine: separated.engine,
  };
}
