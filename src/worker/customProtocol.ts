/**
 * The typed protocol of the custom-classes worker (custom.worker.ts), which does the custom
 * classes' computing off the page's thread: the logistic head and each class's leave-one-out
 * accuracy (src/model/custom/modelFile.ts buildCustomModel, as `genrescope teach` does), the
 * history map's projection (projection.ts: cubic in the number of tracks, up to 200), and the id
 * of the embedding the page's tracks carry (read from musicnn's metadata, as the CLI reads it).
 * answerCustomRequest is the worker's whole logic, free of worker globals so Node tests run it.
 */
import { embeddingId, type EmbeddingId } from '../model/custom/embeddingId.ts';
import { buildCustomModel, type CustomExample, type CustomModelFile } from '../model/custom/modelFile.ts';
import { projectPca, type Projection } from '../model/custom/projection.ts';
import { parseMusicnnMetadata } from '../model/musicnn/metadata.ts';

export type CustomRequest =
  | { type: 'train'; id: number; embedding: EmbeddingId; classes: string[]; examples: CustomExample[] }
  | { type: 'project'; id: number; vectors: number[][] }
  | { type: 'embedding-id'; id: number };

export type CustomReply =
  /** `trainMs`: the head and the leave-one-out retrainings, measured in the worker. */
  | { type: 'trained'; id: number; file: CustomModelFile; trainMs: number }
  | { type: 'projected'; id: number; projection: Projection }
  | { type: 'embedding-id'; id: number; embedding: EmbeddingId }
  | { type: 'error'; id: number; message: string };

/** The musicnn network whose embedding the page's tracks keep (the analysis worker loads the same one). */
export const MUSICNN_METADATA_PATH = 'musicnn/msd/metadata.json';

export interface CustomWorkerDeps {
  /** musicnn's metadata.json (MUSICNN_METADATA_PATH under the models folder), parsed as JSON. */
  readMusicnnMetadata(): Promise<unknown>;
  now(): number;
}

export async function answerCustomRequest(req: CustomRequest, deps: CustomWorkerDeps): Promise<CustomReply> {
  try {
    if (req.type === 'project') return { type: 'projected', id: req.id, projection: projectPca(req.vectors) };
    if (req.type === 'embedding-id') return { type: 'embedding-id', id: req.id, embedding: embeddingId(parseMusicnnMetadata(await deps.readMusicnnMetadata())) };
    const start = deps.now();
    const { file } = buildCustomModel(req.embedding, req.classes, req.examples);
    return { type: 'trained', id: req.id, file, trainMs: deps.now() - start };
  } catch (err) {
    return { type: 'error', id: req.id, message: err instanceof Error ? err.message : String(err) };
  }
}
