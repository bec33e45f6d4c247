/**
 * The analysis settings that reproduce the GTZAN feature table (../shared/data/README.md):
 * librosa 0.7/0.8 defaults, i.e. reflect padding for every centred STFT, the RMS framing and the
 * onset envelope, n_fft 2048, hop 512, Hann, 128 Slaney mel bands up to sr / 2.
 */
import type { StftOptions } from '../core/spectrum.ts';

export const GTZAN_STFT = {
  nFft: 2048,
  hopLength: 512,
  window: 'hann',
  center: true,
  padMode: 'reflect',
} as const satisfies StftOptions;

export const GTZAN_MEL = { nMels: 128, fmin: 0, htk: false, norm: 'slaney' } as const;

/** MFCC's dB conversion: power_to_db(ref=1.0, amin=1e-10, top_db=80) over the whole clip. */
export const GTZAN_MFCC = { nMfcc: 20, ref: 1, amin: 1e-10, topDb: 80 } as const;
