/**
 * Canvas redraws, scheduled two ways:
 * - scheduleDraw: one per task. A new result redraws a dozen canvases (a mel spectrogram alone
 *   takes 10-25 ms to colour); drawn in one React effect flush they make one long task that
 *   freezes the page. Queued here, each runs in its own macrotask, so input and painting get in
 *   between.
 * - drawOnNextFrame: zooming and panning, where every linked plot must follow within the frame:
 *   the latest job of each key runs in the next animation frame, all together (each is cheap
 *   then: the coloured bitmaps are kept, only the visible columns are copied).
 */
type Job = () => void;

const queue: Job[] = [];
let scheduled = false;

function runOne(): void {
  scheduled = false;
  const job = queue.shift();
  if (queue.length > 0) schedule();
  job?.();
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  setTimeout(runOne, 0);
}

/** Runs `job` in a later task of its own (first in, first out); returns a function that cancels it. */
export function scheduleDraw(job: Job): () => void {
  queue.push(job);
  schedule();
  return () => {
    const i = queue.indexOf(job);
    if (i >= 0) queue.splice(i, 1);
  };
}

const frameJobs = new Map<object, Job>();
let frame = 0;

function runFrame(): void {
  frame = 0;
  const jobs = [...frameJobs.values()];
  frameJobs.clear();
  for (const job of jobs) job();
}

/** Runs `job` in the next animation frame, replacing a job of the same key not yet run; returns a function that cancels it. */
export function drawOnNextFrame(key: object, job: Job): () => void {
  frameJobs.set(key, job);
  if (!frame) frame = requestAnimationFrame(runFrame);
  return () => {
    if (frameJobs.get(key) === job) frameJobs.delete(key);
  };
}
