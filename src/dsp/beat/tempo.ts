/**
 * Global and per-frame tempo, as librosa.feature.rhythm.tempo (librosa 0.10): an
 * autocorrelation tempogram over windows of acSize seconds, averaged over frames (or taken
 * frame by frame), weighted by a log-normal prior around startBpm, and the best lag's BPM:
 * argmax over lags of log1p(1e6 * tempogram) + log-prior, lags faster than maxTempo excluded.
 *
 * The result is always on the lag grid 60 sr / (hop k): at 22050 Hz and hop 512, 123.05
 * (k = 21) and 117.45 (k = 22) around 120 BPM, steps of about 4.7 % there.
 */
import { timeToFrames } from '../core/convert.ts';
import type { PadMode } from '../core/pad.ts';
import { ParameterError } from '../errors.ts';
import { onsetStrength } from '../onset/onsetStrength.ts';
import { type Envelope, forEachTempogramFrame, meanTempogram, tempoFrequencies } from './tempogram.ts';

export interface TempoOptions {
  /** A precomputed onset envelope (onsetStrength); otherwise computed from y (mean aggregation, as librosa). */
  onsetEnvelope?: Envelope;
  y?: Float32Array;
  sr?: number;
  hopLength?: number;
  /** Centre of the log-normal tempo prior, in BPM (default 120). */
  startBpm?: number;
  /** Width of the prior in octaves (default 1). */
  stdBpm?: number;
  /** Autocorrelation window, in seconds (default 8). */
  acSize?: number;
  /** Lags faster than this BPM are excluded; null keeps all (default 320). */
  maxTempo?: number | null;
  /** Log-density over BPM replacing the log-normal prior (scipy's prior.logpdf); startBpm and stdBpm are then ignored. */
  prior?: (bpm: number) => number;
  /** STFT padding of the onset envelope computed from y (librosa 0.10 default 'constant'). */
  padMode?: PadMode;
}

interface Resolved {
  env: Envelope;
  winLength: number;
  bpms: Float64Array;
  logPrior: Float64Array;
}

function resolve(o: TempoOptions): Resolved {
  const { sr = 22050, hopLength = 512, startBpm = 120, stdBpm = 1, acSize = 8, maxTempo = 320, prior } = o;
  if (!(startBpm > 0)) throw new ParameterError(`startBpm must be strictly positive, got ${startBpm}`);
  if (!(stdBpm > 0)) throw new ParameterError(`stdBpm must be strictly positive, got ${stdBpm}`);
  if (!(sr > 0)) throw new ParameterError(`sr must be positive, got ${sr}`);
  const winLength = timeToFrames(acSize, { sr, hopLength });
  if (!(winLength >= 1)) throw new ParameterError(`acSize=${acSize} s is shorter than one frame`);
  let env = o.onsetEnvelope;
  if (!env) {
    if (!o.y) throw new ParameterError('give y (audio) or onsetEnvelope');
    env = onsetStrength({ y: o.y, sr, hopLength, padMode: o.padMode });
  }
  const bpms = tempoFrequencies(winLength, { sr, hopLength });
  const logPrior = new Float64Array(winLength);
  for (let k = 0; k < winLength; k++) {
    logPrior[k] = prior ? prior(bpms[k]) : -0.5 * ((Math.log2(bpms[k]) - Math.log2(startBpm)) / stdBpm) ** 2;
  }
  if (maxTempo !== null) {
    // numpy.argmax(bpms < maxTempo): the first slow-enough lag, 0 when there is none
    let maxIdx = bpms.findIndex((b) => b < maxTempo);
    if (maxIdx < 0) maxIdx = 0;
    logPrior.fill(-Infinity, 0, maxIdx);
  }
  return { env, winLength, bpms, logPrior };
}

/** argmax over lags of log1p(1e6 * ac) + logPrior, the first of equal maxima (numpy.argmax). */
function bestLag(ac: Float64Array, logPrior: Float64Array): number {
  let best = 0;
  let bestScore = -Infinity;
  let seen = false;
  for (let k = 0; k < ac.length; k++) {
    const s = Math.log1p(1e6 * ac[k]) + logPrior[k];
    if (!seen || s > bestScore) {
      best = k;
      bestScore = s;
      seen = true;
    }
  }
  return best;
}

/** Global tempo in BPM from the frame-averaged tempogram (librosa's aggregate=np.mean). */
export function tempo(options: TempoOptions): number {
  const { env, winLength, bpms, logPrior } = resolve(options);
  const mean = meanTempogram(env, { winLength });
  return bpms[bestLag(mean, logPrior)];
}

/** Tempo of every frame from its own tempogram column (librosa's aggregate=None). */
export function tempoPerFrame(options: TempoOptions): Float64Array {
  const { env, winLength, bpms, logPrior } = resolve(options);
  const out = new Float64Array(env.length);
  forEachTempogramFrame(env, { winLength }, (t, ac) => {
    out[t] = bpms[bestLag(ac, logPrior)];
  });
  return out;
}
