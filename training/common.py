"""Shared pieces of the Python trainers: genre order, inference windowing (mirrors
src/model/windowing.ts), track-level metrics and JSON output."""
import json

import numpy as np

GENRES = ["blues", "classical", "country", "disco", "hiphop", "jazz", "metal", "pop", "reggae", "rock"]


def window_starts(n_frames, frames, hop):
    """Window starts over n_frames: every hop frames, plus one window ending at the last frame
    when the hops leave a tail uncovered. A clip shorter than one window has one (padded) window."""
    if n_frames <= frames:
        return [0]
    starts = list(range(0, n_frames - frames + 1, hop))
    if starts[-1] + frames < n_frames:
        starts.append(n_frames - frames)
    return starts


def track_metrics(y_true, probs):
    """Accuracy, macro F1, mean negative log-likelihood and the confusion matrix (rows = truth)."""
    k = len(GENRES)
    pred = probs.argmax(axis=1)
    conf = np.zeros((k, k), dtype=int)
    for t, p in zip(y_true, pred):
        conf[t, p] += 1
    f1s = []
    for g in range(k):
        tp = conf[g, g]
        support, predicted = conf[g].sum(), conf[:, g].sum()
        if support == 0:
            continue  # a genre absent from the evaluated set does not enter the macro average
        prec = tp / predicted if predicted else 0.0
        rec = tp / support
        f1s.append(0.0 if tp == 0 else 2 * prec * rec / (prec + rec))
    nll = float(-np.mean(np.log(np.clip(probs[np.arange(len(y_true)), y_true], 1e-12, 1))))
    return {"accuracy": float((pred == y_true).mean()), "macro_f1": float(np.mean(f1s)), "nll": nll, "confusion": conf}


def write_json(path, obj):
    with open(path, "w") as f:
        json.dump(obj, f, indent=2)
        f.write("\n")
