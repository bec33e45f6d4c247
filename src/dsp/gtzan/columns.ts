/** The 57 feature columns of the GTZAN feature table (features_30_sec.csv), in its order. */
const PAIRS = ['chroma_stft', 'rms', 'spectral_centroid', 'spectral_bandwidth', 'rolloff', 'zero_crossing_rate', 'harmony', 'perceptr'] as const;

export const GTZAN_FEATURE_NAMES: readonly string[] = [
  ...PAIRS.flatMap((p) => [`${p}_mean`, `${p}_var`]),
  'tempo',
  ...Array.from({ length: 20 }, (_, i) => [`mfcc${i + 1}_mean`, `mfcc${i + 1}_var`]).flat(),
];

/** The table's first two columns, before the features (and `label` after them). */
export const GTZAN_ID_COLUMNS = ['filename', 'length'] as const;

/** The ten GTZAN genres in the dataset's (alphabetical) order. */
export const GTZAN_GENRES = ['blues', 'classical', 'country', 'disco', 'hiphop', 'jazz', 'metal', 'pop', 'reggae', 'rock'] as const;
export type Genre = (typeof GTZAN_GENRES)[number];
