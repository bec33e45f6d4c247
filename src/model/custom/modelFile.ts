/**
 * A custom model as one JSON file (`genrescope teach` writes it, `classify --custom` and the page
 * read it): the embedding it was built on, the class names, the logistic head's weights, each
 * class's leave-one-out accuracy, and the examples' embeddings (with their file names only), so
 * that a class can gain examples later and be retrained without the audio. Parsing checks every
 * field and names the first one that is wrong.
 */
import { checkFormat } from '../metadata.ts';
import { MetadataError, obj, type Json } from '../jsonChecks.ts';
import { POOLING, type EmbeddingId } from './embeddingId.ts';
import { argmax, leaveOneOut, predictHead, trainHead, type Example, type LogisticHead } from './head.ts';

export const CUSTOM_FORMAT = 'genrescope-custom';

export interface CustomExample {
  class: string;
  /** The file's name (no folders: a model file may be shared). */
  name: string;
  embedding: number[];
}

export interface CustomModelFile {
  format: typeof CUSTOM_FORMAT;
  version: 1;
  embedding: EmbeddingId;
  classes: string[];
  head: { kind: 'logistic-regression'; input: 'unit-length embedding'; weights: number[][]; bias: number[] };
  /** Per class: the share of its examples a head trained without each one gets right; null with a single example. */
  leaveOneOut: Record<string, number | null>;
  examples: CustomExample[];
}

/** The model in the form the head computes with. */
export interface CustomModel {
  file: CustomModelFile;
  head: LogisticHead;
}

const round = (v: number, digits: number) => Number(v.toFixed(digits));

/** Trains the head on the examples (each class's name in `classes` order) and builds the file. */
export function buildCustomModel(embedding: EmbeddingId, classes: string[], examples: CustomExample[]): CustomModel {
  if (new Set(classes).size !== classes.length) throw new RangeError('class names must differ');
  const labelled: Example[] = examples.map((e) => ({ label: classes.indexOf(e.class), embedding: e.embedding }));
  if (labelled.some((e) => e.label < 0)) throw new RangeError('an example names a class not in the list');
  const head = trainHead(labelled, classes.length);
  const loo = leaveOneOut(labelled, classes.length);
  const file: CustomModelFile = {
    format: CUSTOM_FORMAT,
    version: 1,
    embedding,
    classes,
    head: {
      kind: 'logistic-regression',
      input: 'unit-length embedding',
      weights: classes.map((_, k) => Array.from(head.weights.subarray(k * head.size, (k + 1) * head.size), (v) => round(v, 6))),
      bias: Array.from(head.bias, (v) => round(v, 6)),
    },
    leaveOneOut: Object.fromEntries(classes.map((c, k) => [c, loo[k] === null ? null : round(loo[k], 4)])),
    examples: examples.map((e) => ({ ...e, embedding: e.embedding.map((v) => round(v, 6)) })),
  };
  return { file, head };
}

/** The model file's text, as `genrescope teach` writes it and the page exports it. */
export function customModelJson(file: CustomModelFile): string {
  return `${JSON.stringify(file)}\n`;
}

function finiteList(v: unknown, length: number, what: string): number[] {
  if (!Array.isArray(v) || v.length !== length || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) throw new MetadataError(`${what} must be ${length} finite numbers`);
  return v as number[];
}

function nameList(v: unknown, what: string): string[] {
  if (!Array.isArray(v) || v.length < 2 || !v.every((x) => typeof x === 'string' && x.length > 0)) throw new MetadataError(`${what} must be a list of at least two class names`);
  if (new Set(v).size !== v.length) throw new MetadataError(`${what} names a class twice`);
  return v as string[];
}

function embeddingIdOf(o: Json, what: string): EmbeddingId {
  const size = o.size;
  if (typeof o.model !== 'string' || typeof size !== 'number' || !Number.isInteger(size) || size < 1) throw new MetadataError(`${what} must name the model and a positive size`);
  if (o.pooling !== POOLING) throw new MetadataError(`${what}.pooling must be "${POOLING}", got ${JSON.stringify(o.pooling)}`);
  return { model: o.model, size, pooling: POOLING };
}

/** A parsed, checked model file; throws MetadataError naming what is wrong. */
export function parseCustomModel(v: unknown): CustomModel {
  const what = 'custom model';
  const o = obj(v, what);
  checkFormat(o, CUSTOM_FORMAT, what);
  const embedding = embeddingIdOf(obj(o.embedding, `${what}.embedding`), `${what}.embedding`);
  const classes = nameList(o.classes, `${what}.classes`);
  const h = obj(o.head, `${what}.head`);
  if (h.kind !== 'logistic-regression') throw new MetadataError(`${what}.head.kind must be "logistic-regression", got ${JSON.stringify(h.kind)}`);
  if (h.input !== 'unit-length embedding') throw new MetadataError(`${what}.head.input must be "unit-length embedding"`);
  if (!Array.isArray(h.weights) || h.weights.length !== classes.length) throw new MetadataError(`${what}.head.weights must hold one row per class (${classes.length})`);
  const weights = h.weights.map((row, k) => finiteList(row, embedding.size, `${what}.head.weights[${k}]`));
  const bias = finiteList(h.bias, classes.length, `${what}.head.bias`);
  const l = obj(o.leaveOneOut, `${what}.leaveOneOut`);
  const loo = Object.fromEntries(classes.map((c) => {
    const a = l[c];
    if (a !== null && (typeof a !== 'number' || !(a >= 0 && a <= 1))) throw new MetadataError(`${what}.leaveOneOut.${c} must be a share in [0, 1] or null`);
    return [c, a];
  }));
  if (!Array.isArray(o.examples)) throw new MetadataError(`${what}.examples must be a list`);
  const examples = o.examples.map((x, i) => {
    const e = obj(x, `${what}.examples[${i}]`);
    if (typeof e.class !== 'string' || !classes.includes(e.class)) throw new MetadataError(`${what}.examples[${i}].class must be one of the classes`);
    if (typeof e.name !== 'string') throw new MetadataError(`${what}.examples[${i}].name must be a string`);
    return { class: e.class, name: e.name, embedding: finiteList(e.embedding, embedding.size, `${what}.examples[${i}].embedding`) };
  });
  const file: CustomModelFile = { format: CUSTOM_FORMAT, version: 1, embedding, classes, head: { kind: 'logistic-regression', input: 'unit-length embedding', weights, bias }, leaveOneOut: loo, examples };
  return { file, head: { classes: classes.length, size: embedding.size, weights: Float64Array.from(weights.flat()), bias: Float64Array.from(bias) } };
}

/** Throws unless the model was built on this embedding: another network's vectors mean nothing to its head. */
export function checkEmbedding(model: CustomModel, id: EmbeddingId): void {
  const e = model.file.embedding;
  if (e.model !== id.model || e.size !== id.size) throw new MetadataError(`the custom model was built on ${e.model} (${e.size} values); this is ${id.model} (${id.size})`);
}

/** The custom class of one embedding and every class's probability. */
export function predictCustom(model: CustomModel, embedding: ArrayLike<number>): { class: string; probabilities: Record<string, number> } {
  const p = predictHead(model.head, embedding);
  const classes = model.file.classes;
  return { class: classes[argmax(p)], probabilities: Object.fromEntries(classes.map((c, k) => [c, p[k]])) };
}
