/**
 * The metadata file of a converted musicnn network (public/models/musicnn/<tagSet>/metadata.json,
 * written by training/convert_musicnn.py): its one input recipe (16 kHz mel power spectrogram,
 * float16 cast, log10(scale x + offset), patches of `patch.frames`), its tag names and where its
 * weights are. Read by the app, the CLI and the trainers alike.
 */
import { checkFormat } from '../metadata.ts';
import { parseMelSpectrogramConfig, type MelSpectrogramConfig } from '../metadata.ts';
import { MetadataError, num, obj, posInt } from '../jsonChecks.ts';

export type TagSet = 'msd' | 'mtt';

export interface MusicnnFeatureConfig extends MelSpectrogramConfig {
  /** musicnn's compression: log10(scale * x + offset) of the mel power, cast to float16 first. */
  log: { castFloat16: boolean; scale: number; offset: number };
}

export interface MusicnnMetadata {
  format: 'genrescope-musicnn';
  version: 1;
  /** e.g. "MSD_musicnn" */
  name: string;
  tagSet: TagSet;
  tags: string[];
  features: MusicnnFeatureConfig;
  /** Patches of `frames` frames (187: 2.99 s at 16 kHz, hop 256), every `hopFrames`. */
  patch: { frames: number; hopFrames: number };
  batchNormEpsilon: number;
  embeddingSize: number;
  /** The tfjs weights manifest beside this file. */
  weightsManifest: string;
}

export function parseMusicnnMetadata(v: unknown): MusicnnMetadata {
  const what = 'musicnn metadata';
  const o = obj(v, what);
  checkFormat(o, 'genrescope-musicnn', what);
  const f = obj(o.features, `${what}.features`);
  const log = obj(f.log, `${what}.features.log`);
  if (typeof log.castFloat16 !== 'boolean') throw new MetadataError(`${what}.features.log.castFloat16 must be a boolean`);
  const tags = o.tags;
  if (!Array.isArray(tags) || tags.length === 0 || !tags.every((t) => typeof t === 'string')) throw new MetadataError(`${what}.tags must be a list of names`);
  if (o.tagSet !== 'msd' && o.tagSet !== 'mtt') throw new MetadataError(`${what}.tagSet must be "msd" or "mtt"`);
  if (typeof o.name !== 'string' || typeof o.weightsManifest !== 'string') throw new MetadataError(`${what}.name and .weightsManifest must be strings`);
  const patch = obj(o.patch, `${what}.patch`);
  return {
    format: 'genrescope-musicnn',
    version: 1,
    name: o.name,
    tagSet: o.tagSet,
    tags: tags as string[],
    features: {
      ...parseMelSpectrogramConfig(f, `${what}.features`),
      log: { castFloat16: log.castFloat16, scale: num(log, 'scale', 'log'), offset: num(log, 'offset', 'log') },
    },
    patch: { frames: posInt(patch, 'frames', 'patch'), hopFrames: posInt(patch, 'hopFrames', 'patch') },
    batchNormEpsilon: num(o, 'batchNormEpsilon', what),
    embeddingSize: posInt(o, 'embeddingSize', what),
    weightsManifest: o.weightsManifest,
  };
}
