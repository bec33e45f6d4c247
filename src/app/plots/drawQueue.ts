/**
 * Canvas redraws, one per task. A new result redraws a dozen canvases (a mel spectrogram alone
 * takes 10-25 ms); drawn in one React effect flush they make one long task that freezes the
 * page. Queued here, each runs in its own macrotask, so input and painting get in between.
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
