/**
 * The user's own classes in the page, as plain data and pure functions the custom slice and the
 * panels share: the classes being taught (each example keeps its embedding, so a class outlives
 * the track it came from, and a model file's examples need no track at all), which of them the
 * head can be trained on, what to tell the user about each, and a track's custom class. The head,
 * the model file and the prediction are src/model/custom's, the CLI's own.
 */
import type { CustomExample, CustomModel, CustomModelFile } from '../../model/custom/modelFile.ts';
import { predictCustom } from '../../model/custom/modelFile.ts';
import { musicEmbedding } from './similar.ts';
import type { Track } from './types.ts';

export interface TeachExample {
  /** The track's name (the model file's example name). */
  name: string;
  embedding: number[];
  /** The track of the list it was taken from; null for examples read from a model file. */
  trackId: string | null;
}

export interface TeachClass {
  name: string;
  examples: TeachExample[];
}

/** What the custom-classes database keeps (src/app/services/customModels.ts). */
export interface SavedCustomClasses {
  classes: TeachClass[];
  /** The model trained on `classes` (null while fewer than two have tracks, or not trained yet). */
  model: CustomModelFile | null;
}

export type CustomPrediction = ReturnType<typeof predictCustom>;

/** Examples a class needs for its leave-one-out accuracy: with one, there is nothing left to learn from. */
export const MIN_EXAMPLES = 2;

/** The classes the head is trained on: those with at least one track (an empty class joins once it has one). */
export function trainableClasses(classes: readonly TeachClass[]): TeachClass[] {
  return classes.filter((c) => c.examples.length > 0);
}

/** The model file's examples, class by class. */
export function fileExamples(classes: readonly TeachClass[]): CustomExample[] {
  return classes.flatMap((c) => c.examples.map((e) => ({ class: c.name, name: e.name, embedding: e.embedding })));
}

/** A model file's classes and examples as classes to go on teaching (its examples belong to no track here). */
export function classesOfFile(file: CustomModelFile): TeachClass[] {
  return file.classes.map((name) => ({
    name,
    examples: file.examples.filter((e) => e.class === name).map((e) => ({ name: e.name, embedding: e.embedding, trackId: null })),
  }));
}

/** Whether two embeddings are the same within a model file's rounding (6 decimals). */
const sameEmbedding = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((v, j) => Math.abs(v - b[j]) < 1e-5);

/** Links examples read from a file to the tracks of the list they came from (same name, same embedding), so the list knows they are taught. */
export function linkExamples(classes: readonly TeachClass[], tracks: readonly Track[]): TeachClass[] {
  return classes.map((c) => ({
    ...c,
    examples: c.examples.map((e) => {
      if (e.trackId !== null) return e;
      const t = tracks.find((x) => x.name === e.name && sameEmbedding(musicEmbedding(x) ?? [], e.embedding));
      return t ? { ...e, trackId: t.id } : e;
    }),
  }));
}

/** Whether the model was trained on exactly these classes and examples (so it need not be trained again). */
export function modelMatches(file: CustomModelFile, classes: readonly TeachClass[]): boolean {
  const trained = trainableClasses(classes);
  const examples = fileExamples(trained);
  return (
    file.classes.length === trained.length &&
    file.classes.every((c, k) => c === trained[k].name) &&
    file.examples.length === examples.length &&
    file.examples.every((e, i) => e.class === examples[i].class && e.name === examples[i].name && sameEmbedding(e.embedding, examples[i].embedding))
  );
}

/** What the panel says of one class: how well it is recognised, or what it still needs. */
export function classGuidance(c: TeachClass, model: CustomModelFile | null): string {
  const n = c.examples.length;
  if (n === 0) return 'Add tracks to this class: 3 to 5 are enough to start.';
  if (n < MIN_EXAMPLES) return `Add at least ${MIN_EXAMPLES} tracks to this class to see how well it is recognised (3 to 5 is better).`;
  const loo = model?.classes.includes(c.name) ? model.leaveOneOut[c.name] : undefined;
  if (loo === undefined || loo === null) return 'Training…';
  const right = Math.round(loo * n);
  return `Leave-one-out: ${Math.round(loo * 100)} % (${right} of ${n} recognised when left out)`;
}

/** What the panel says of the classes as a whole, or null when they can be trained. */
export function teachGuidance(classes: readonly TeachClass[]): string | null {
  if (classes.length === 0) return 'Make a class for each kind of music you want told apart ("workout", "late night"...), then add a few analysed tracks to each.';
  if (trainableClasses(classes).length < 2) return 'Add tracks to at least two classes (at least 2 tracks each, 3 to 5 is better): the page then learns them.';
  return null;
}

/** The track's custom class and every class's probability; null without a model, or for a track with no music embedding (or one of another size). */
export function customPrediction(model: CustomModel | null, track: Track): CustomPrediction | null {
  const embedding = musicEmbedding(track);
  if (!model || !embedding || embedding.length !== model.head.size) return null;
  return predictCustom(model, embedding);
}
