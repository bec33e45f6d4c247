/**
 * The custom classes slice: the user's own classes taught in the page. Classes are made and
 * removed, analysed tracks (the list's, history included) added to them and taken out; after each
 * change the logistic head and each class's leave-one-out accuracy are trained again in a worker
 * of their own (the CustomTrainer port: src/worker/custom.worker.ts), a newer training
 * superseding an older one. The model is kept with the classes across reloads (the
 * CustomClassesRepository port: IndexedDB), exported as the JSON file `genrescope teach` writes
 * and imported from one (checked field by field, and against the page's embedding: a refused file
 * changes nothing). customPrediction (customClasses.ts) gives any track its class. The history
 * map's placement of the tracks (historyMap.ts) is worked out in the same worker.
 */
import type { EmbeddingId } from '../../../model/custom/embeddingId.ts';
import { projectPca, type Projection } from '../../../model/custom/projection.ts';
import { checkEmbedding, customModelJson, parseCustomModel, type CustomExample, type CustomModel, type CustomModelFile } from '../../../model/custom/modelFile.ts';
import { classesOfFile, fileExamples, linkExamples, modelMatches, trainableClasses, type SavedCustomClasses, type TeachClass } from '../customClasses.ts';
import { mappableTracks } from '../historyMap.ts';
import { musicEmbedding } from '../similar.ts';
import type { Slice, SliceContext } from './shared.ts';

export interface CustomClassesRepository {
  load(): Promise<SavedCustomClasses | null>;
  save(saved: SavedCustomClasses): Promise<void>;
}

export interface CustomTrainer {
  /** The head and leave-one-out accuracies of these examples (buildCustomModel), and how long they took. */
  train(embedding: EmbeddingId, classes: string[], examples: CustomExample[]): Promise<{ file: CustomModelFile; trainMs: number }>;
  /** The embedding the page's tracks carry (musicnn's name and size). */
  embeddingId(): Promise<EmbeddingId>;
  /** The history map's projection of these embeddings (src/model/custom/projection.ts). */
  project(vectors: number[][]): Promise<Projection>;
}

/** The ports this slice adds to AppDeps; without a trainer classes can be made but not learnt. */
export interface CustomDeps {
  customClasses?: CustomClassesRepository | null;
  customTrainer?: CustomTrainer | null;
}

export interface CustomState {
  /** Restored from storage (or there is none). */
  loaded: boolean;
  /** The classes being taught, in the order they were made. */
  classes: TeachClass[];
  /** The head in use, trained here or imported; null until two classes have tracks. */
  model: CustomModel | null;
  /** A training is on its way: the classes changed since `model` was trained. */
  training: boolean;
  /** The last training's time in the worker, head and leave-one-out retrainings (ms). */
  trainMs: number | null;
  /** What went wrong last (an import refused, a training failed) or what an import did. */
  message: { kind: 'error' | 'info'; text: string } | null;
  /** What the last import replaced, until the next change (undoCustomImport). */
  replaced: { classes: TeachClass[]; model: CustomModel | null } | null;
  /** The history map's placement: the tracks placed (ids, in the list's order) and their projection; null before the first. */
  map: { ids: string[]; projection: Projection } | null;
}

export interface CustomSliceState {
  custom: CustomState;
}

export interface CustomSliceActions {
  /** Restores the classes and their model from storage (trained again where the stored model does not match them). */
  loadCustomClasses(): Promise<void>;
  /** Makes an empty class; false (with a message) for an empty name or one taken. */
  addCustomClass(name: string): boolean;
  removeCustomClass(name: string): void;
  /** Adds a track (one with musicnn's embedding) to a class; a track is in one class at most, so it leaves any other. */
  addToCustomClass(className: string, trackId: string): void;
  /** Takes a class's example at `index` out. */
  removeFromCustomClass(className: string, index: number): void;
  /** Downloads the model as the JSON file `genrescope classify --custom` reads. */
  exportCustomModel(): void;
  /** Reads a model file (`genrescope teach`'s or an export) and uses its classes and head; a bad file changes nothing. */
  importCustomModel(file: Blob & { name?: string }): Promise<void>;
  /** Brings back what the last import replaced. */
  undoCustomImport(): void;
  /** Places the tracks the map can show again, where they changed (in the worker; in place without one). */
  layoutHistoryMap(): void;
  dismissCustomMessage(): void;
}

export type CustomSlice = Slice<keyof CustomSliceState | keyof CustomSliceActions>;

export const EXPORT_NAME = 'custom-classes.json';

/** The stored model where it is sound and matches the stored classes; else null (they are trained again). */
function storedModel(saved: SavedCustomClasses): CustomModel | null {
  try {
    return saved.model && modelMatches(saved.model, saved.classes) ? parseCustomModel(saved.model) : null;
  } catch {
    return null;
  }
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function createCustomSlice(ctx: SliceContext): CustomSlice {
  const { set, get, deps } = ctx;
  const trainer = deps.customTrainer ?? null;
  const repo = deps.customClasses ?? null;
  // A change supersedes any training still running: only the latest one's answer is used.
  let generation = 0;
  // The embeddings last sent to be placed (compared by identity: a track's embedding never changes), and the latest request.
  let placing: number[][] = [];
  let mapGeneration = 0;

  const patch = (p: Partial<CustomState>) => set((s) => ({ custom: { ...s.custom, ...p } }));
  const say = (kind: 'error' | 'info', text: string) => patch({ message: { kind, text } });

  async function persist(): Promise<void> {
    if (!repo) return;
    const { classes, model } = get().custom;
    try {
      await repo.save({ classes, model: model?.file ?? null });
    } catch {
      say('info', 'Your classes could not be saved (storage full or unavailable); they stay until you reload.');
    }
  }

  async function train(): Promise<void> {
    const gen = ++generation;
    const classes = trainableClasses(get().custom.classes);
    if (classes.length < 2) {
      patch({ model: null, training: false });
      return persist();
    }
    if (!trainer) {
      patch({ training: false });
      say('error', 'Classes cannot be learnt here: this browser could not start the training worker.');
      return;
    }
    patch({ training: true });
    try {
      const id = await trainer.embeddingId();
      const odd = classes.flatMap((c) => c.examples).find((e) => e.embedding.length !== id.size);
      if (odd) throw new Error(`${odd.name} has an embedding of ${odd.embedding.length} values, ${id.model} gives ${id.size}: remove it and analyse the file again`);
      const { file, trainMs } = await trainer.train(id, classes.map((c) => c.name), fileExamples(classes));
      if (gen !== generation) return;
      patch({ model: parseCustomModel(file), training: false, trainMs });
    } catch (err) {
      if (gen !== generation) return;
      patch({ training: false });
      say('error', `The classes could not be learnt: ${errorText(err)}`);
    }
    return persist();
  }

  /** Applies a change to the classes, then trains again (and saves). */
  function change(classes: TeachClass[]): void {
    patch({ classes, replaced: null, message: null });
    void train();
  }

  return {
    custom: { loaded: false, classes: [], model: null, training: false, trainMs: null, message: null, replaced: null, map: null },

    async loadCustomClasses() {
      let saved: SavedCustomClasses | null = null;
      try {
        saved = repo ? await repo.load() : null;
      } catch {
        say('info', 'Your classes could not be read (storage unavailable).');
      }
      // classes made while storage was being read are kept rather than overwritten
      if (!saved || get().custom.classes.length > 0) {
        patch({ loaded: true });
        return;
      }
      const model = storedModel(saved);
      patch({ loaded: true, classes: saved.classes, model });
      if (!model) await train();
    },

    addCustomClass(raw) {
      const name = raw.trim();
      const { classes } = get().custom;
      if (!name) {
        say('error', 'Give the class a name.');
        return false;
      }
      if (classes.some((c) => c.name === name)) {
        say('error', `There is already a class "${name}".`);
        return false;
      }
      change([...classes, { name, examples: [] }]);
      return true;
    },

    removeCustomClass(name) {
      const { classes } = get().custom;
      if (!classes.some((c) => c.name === name)) return;
      change(classes.filter((c) => c.name !== name));
    },

    addToCustomClass(className, trackId) {
      const t = ctx.track(trackId);
      const { classes } = get().custom;
      if (!t || !classes.some((c) => c.name === className)) return;
      const embedding = musicEmbedding(t);
      if (!embedding) {
        say('error', `${t.name} cannot be added yet: a track joins a class once musicnn has heard it (its final answer), and only if it sounds like music.`);
        return;
      }
      if (classes.some((c) => c.name === className && c.examples.some((e) => e.trackId === trackId))) return;
      change(
        classes.map((c) => {
          const examples = c.examples.filter((e) => e.trackId !== trackId);
          return c.name === className ? { ...c, examples: [...examples, { name: t.name, embedding, trackId }] } : { ...c, examples };
        }),
      );
    },

    removeFromCustomClass(className, index) {
      const { classes } = get().custom;
      const c = classes.find((x) => x.name === className);
      if (!c || !c.examples[index]) return;
      change(classes.map((x) => (x === c ? { ...x, examples: x.examples.filter((_, i) => i !== index) } : x)));
    },

    exportCustomModel() {
      const { model, training } = get().custom;
      if (!model || training || !deps.exporter) {
        say('info', training ? 'Still learning the latest change: export again in a moment.' : 'There is no model to export yet: add tracks to at least two classes.');
        return;
      }
      deps.exporter.save(EXPORT_NAME, new Blob([customModelJson(model.file)], { type: 'application/json' }));
    },

    async importCustomModel(file) {
      const name = file.name ?? 'The file';
      let model: CustomModel;
      try {
        let json: unknown;
        try {
          json = JSON.parse(await file.text());
        } catch {
          throw new Error('it is not JSON');
        }
        model = parseCustomModel(json);
      } catch (err) {
        say('error', `${name} is not a custom model file (${errorText(err)}). Your classes are unchanged.`);
        return;
      }
      try {
        if (!trainer) throw new Error('this page cannot check which network it was built on');
        checkEmbedding(model, await trainer.embeddingId());
      } catch (err) {
        say('error', `${name} cannot be used here: ${errorText(err)}. Your classes are unchanged.`);
        return;
      }
      generation++; // a training still running is for the classes being replaced
      const before = get().custom;
      const examples = model.file.examples.length;
      set((s) => ({
        custom: {
          ...s.custom,
          classes: linkExamples(classesOfFile(model.file), s.tracks),
          model,
          training: false,
          replaced: before.classes.length > 0 ? { classes: before.classes, model: before.model } : null,
          message: { kind: 'info', text: `Imported ${name}: ${model.file.classes.length} classes, ${examples} example${examples === 1 ? '' : 's'}.` },
        },
      }));
      await persist();
    },

    undoCustomImport() {
      const { replaced } = get().custom;
      if (!replaced) return;
      generation++;
      patch({ classes: replaced.classes, model: replaced.model, training: false, replaced: null, message: null });
      // the replaced model may have been on its way to matching its classes
      if (replaced.model && modelMatches(replaced.model.file, replaced.classes)) void persist();
      else void train();
    },

    layoutHistoryMap() {
      const tracks = mappableTracks(get().tracks);
      const vectors = tracks.map((t) => musicEmbedding(t)!);
      if (vectors.length === placing.length && vectors.every((v, i) => v === placing[i])) return;
      placing = vectors;
      const gen = ++mapGeneration;
      const ids = tracks.map((t) => t.id);
      const place = (projection: Projection) => {
        if (gen === mapGeneration) patch({ map: { ids, projection } });
      };
      // without the worker (or when it fails) the map is worked out here: a blank map would be worse than a pause
      if (!trainer) place(projectPca(vectors));
      else trainer.project(vectors).then(place, () => place(projectPca(vectors)));
    },

    dismissCustomMessage() {
      patch({ message: null });
    },
  };
}
