"""Train the feature-table model on the GTZAN feature table and export it to TensorFlow.js.

Input: the 57 features of ../shared/data/gtzan/features_30_sec.trainval.csv (what
src/dsp/gtzan/featureVector.ts computes from audio), rows of the train split (442 stems, all ten
genres about evenly, most without audio here). The variance columns are heavy-tailed, so they
enter as logarithms; then every column is standardised with the train rows' mean and std (both
ship in public/models/table/metadata.json).

Model: linear discriminant analysis with equal priors, which is a linear softmax layer (one
tfjs Dense). Its covariance is the pooled within-class covariance of the train rows, shrunk
towards the identity, plus a nuisance covariance: for the train clips with audio, how the
engine's features move when a clip is re-encoded as 128 kbit/s MP3 or its level changes by
2-6 dB (training/buildTableNuisance.ts), weighted by NUISANCE_WEIGHTS. The LDA then leans on
directions that MP3 coding and loudness leave alone: on the valid rows 56 % instead of 52 %
for plain shrinkage LDA, and MP3 re-encoding no longer costs the table model 7 points. (The
weights, the shrinkage and CV_BLOCK were chosen on those valid rows, so the 56 % is somewhat
optimistic; every weight from 2 to 50 with shrinkage 0.1-0.4 gave 53-57 %.)
Tried and not better (session 1 and 2): logistic regression 44-46 %, k-NN 40-42 %, MLPs 42-48 %,
regularised QDA 47-52 %, feature subsets, bagging, added augmented rows instead of a nuisance
covariance 51-52 %. The shrinkage is selected on the valid rows; the softmax temperature is
fitted by 5-fold cross-validation on the train rows only, so the probabilities are calibrated
without looking at valid.

    /usr/bin/python3 training/train_table.py [--data ../shared/data]
"""
import argparse
import csv
import os
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from common import GENRES, track_metrics, write_json  # noqa: E402
from export_tfjs import write_layers_model  # noqa: E402

MODEL_DIR = os.path.join(ROOT, "public", "models", "table")
FIXTURE_DIR = os.path.join(ROOT, "tests", "fixtures", "model")
NUISANCE_CSV = os.path.join(HERE, ".cache", "table-nuisance", "features.csv")
SHRINKAGES = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]
NUISANCE_WEIGHTS = {"mp3-128k": 20.0, "gain": 20.0}
CV_BLOCK = 20
LOG_FLOOR = 1e-10


def data_dir(arg):
    d = os.path.abspath(arg or os.environ.get("GENRESCOPE_DATA") or os.path.join(ROOT, "..", "shared", "data"))
    csv_path = os.path.join(d, "gtzan", "features_30_sec.trainval.csv")
    if not os.path.exists(csv_path):
        sys.exit(f"train_table: GTZAN data not found: {csv_path} is missing. Pass --data <dir> (the folder holding "
                 "gtzan/) or set GENRESCOPE_DATA.")
    return d


def read_table(d):
    with open(os.path.join(d, "gtzan", "features_30_sec.trainval.csv")) as f:
        rows = list(csv.reader(f))
    head = rows[0]
    if head[0] != "filename" or head[1] != "length" or head[-1] != "label":
        sys.exit("train_table: unexpected CSV columns (want filename, length, 57 features, label)")
    names = head[2:-1]
    splits = {}
    for s in ("train", "valid"):
        with open(os.path.join(d, "gtzan", "splits", f"{s}.txt")) as f:
            for stem in f.read().split():
                if stem in splits:
                    sys.exit(f"train_table: {stem} is on both sides of the split")
                splits[stem] = s
    X, y, split, stems = [], [], [], []
    for r in rows[1:]:
        stem = r[0].rsplit(".", 1)[0]  # CSV filenames end in .au
        if stem not in splits:
            continue
        X.append([float(v) for v in r[2:-1]])
        y.append(GENRES.index(r[-1]))
        split.append(splits[stem])
        stems.append(stem)
    return names, np.array(X), np.array(y), np.array(split), stems


def transform(X, transforms):
    X = X.copy()
    for i, t in enumerate(transforms):
        if t == "log":
            X[:, i] = np.log(np.maximum(X[:, i], LOG_FLOOR))
    return X


def read_nuisance(names, transforms, std, train_stems):
    """The nuisance covariance: for each variant, the mean outer product of (variant - original)
    feature differences of the train clips, in standardised units (not re-centred, so a mean
    shift counts too), weighted by NUISANCE_WEIGHTS and summed."""
    if not os.path.exists(NUISANCE_CSV):
        sys.exit(f"train_table: {NUISANCE_CSV} is missing: run npx tsx training/buildTableNuisance.ts (npm run train:table does)")
    with open(NUISANCE_CSV) as f:
        rows = list(csv.reader(f))
    if rows[0][3:] != names:
        sys.exit("train_table: nuisance features are not the table's 57 columns")
    by = {}
    for r in rows[1:]:
        by.setdefault(r[1], {})[r[0]] = [float(v) for v in r[3:]]
    N = np.zeros((len(names), len(names)))
    for variant, weight in NUISANCE_WEIGHTS.items():
        stems = sorted(s for s in by[variant] if s in by["original"])
        if any(s not in train_stems for s in stems):
            sys.exit("train_table: a nuisance row is not a train stem")
        D = (transform(np.array([by[variant][s] for s in stems]), transforms)
             - transform(np.array([by["original"][s] for s in stems]), transforms)) / std
        N += weight * D.T @ D / len(D)
        print(f"[table] nuisance {variant}: {len(stems)} train clips, weight {weight}")
    return N


def lda_fit(Z, y, shrink, N):
    """LDA with equal priors (Z is standardised): covariance C = (1 - shrink) * pooled
    within-class + shrink * I + N (the nuisance covariance); score_g(z) = z . C^-1 mu_g -
    mu_g . C^-1 mu_g / 2, a linear layer."""
    d = Z.shape[1]
    mus = np.array([Z[y == g].mean(axis=0) for g in range(len(GENRES))])
    C = sum((Z[y == g] - mus[g]).T @ (Z[y == g] - mus[g]) for g in range(len(GENRES))) / len(Z)
    Ci = np.linalg.inv((1 - shrink) * C + shrink * np.eye(d) + N)
    return Ci @ mus.T, -0.5 * np.sum((mus @ Ci) * mus, axis=1)


def softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def cv_temperature(Z, y, stems, shrink, N, folds=5):
    """Softmax temperature minimising the out-of-fold NLL on the train rows. Folds are blocks of
    CV_BLOCK consecutive stem numbers (GTZAN files of one artist are mostly consecutive), so a
    fold's artists are rarely seen in training; blocks of 10 left more artists on both sides and
    gave over-confident probabilities on valid's unseen artists."""
    fold = np.array([(int(s.split(".")[1]) // CV_BLOCK) % folds for s in stems])
    logits = np.zeros((len(y), len(GENRES)))
    for k in range(folds):
        W, b = lda_fit(Z[fold != k], y[fold != k], shrink, N)
        logits[fold == k] = Z[fold == k] @ W + b
    temps = np.exp(np.linspace(np.log(0.5), np.log(50), 200))
    nll = [-np.mean(np.log(softmax(logits / t)[np.arange(len(y)), y] + 1e-12)) for t in temps]
    return float(temps[int(np.argmin(nll))])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data")
    args = ap.parse_args()
    t0 = time.time()
    names, X, y, split, stems = read_table(data_dir(args.data))
    tr, va = split == "train", split == "valid"
    print(f"[table] {tr.sum()} train rows, {va.sum()} valid rows, {len(names)} features")
    transforms = ["log" if n.endswith("_var") else "identity" for n in names]
    Xt = transform(X, transforms)
    mean, std = Xt[tr].mean(axis=0), Xt[tr].std(axis=0)
    Z = (Xt - mean) / std
    stems_tr = [s for s, t in zip(stems, tr) if t]
    N = read_nuisance(names, transforms, std, set(stems_tr))

    best = None
    for s in SHRINKAGES:
        W, b = lda_fit(Z[tr], y[tr], s, N)
        m = track_metrics(y[va], softmax(Z[va] @ W + b))
        print(f"[table] shrinkage {s:.1f}: valid accuracy {m['accuracy']:.3f}, macro-F1 {m['macro_f1']:.3f}")
        if best is None or m["accuracy"] > best[1]["accuracy"]:
            best = (s, m)
    shrink = best[0]
    temp = cv_temperature(Z[tr], y[tr], stems_tr, shrink, N)
    W, b = lda_fit(Z[tr], y[tr], shrink, N)
    W, b = W / temp, b / temp  # temperature folded into the layer
    probs = softmax(Z[va] @ W + b)
    m = track_metrics(y[va], probs)
    print(f"[table] selected shrinkage {shrink}, CV temperature {temp:.2f}: valid accuracy {m['accuracy']:.3f} "
          f"({int(round(m['accuracy'] * va.sum()))}/{va.sum()}), macro-F1 {m['macro_f1']:.3f}, NLL {m['nll']:.3f}")
    for g, name in enumerate(GENRES):
        n = m["confusion"][g].sum()
        print(f"[table]   {name:10s} recall {m['confusion'][g, g] / n:.2f} ({m['confusion'][g, g]}/{n})")

    write_layers_model(MODEL_DIR, "genrescope_table", [len(names)], [
        {"type": "dense", "name": "lda", "kernel": W.astype(np.float32), "bias": b.astype(np.float32), "activation": "softmax"},
    ])
    write_json(os.path.join(MODEL_DIR, "metadata.json"), {
        "format": "genrescope-table", "version": 1, "genres": GENRES, "featureNames": names,
        "transforms": transforms, "logFloor": LOG_FLOOR, "mean": mean.tolist(), "std": std.tolist(),
        "modelUrl": "model.json",
        "training": {
            "command": "npm run train:table", "trainer": "training/train_table.py", "model": "shrinkage LDA with an MP3 and gain nuisance covariance, equal priors",
            "shrinkage": shrink, "shrinkageGrid": SHRINKAGES, "nuisanceWeights": NUISANCE_WEIGHTS, "cvBlock": CV_BLOCK, "temperature": round(temp, 4),
            "trainRows": int(tr.sum()), "validRows": int(va.sum()),
            "validAccuracy": round(m["accuracy"], 4), "validMacroF1": round(m["macro_f1"], 4),
        },
    })
    write_parity_fixture(W, b, mean, std, transforms, names)
    print(f"[table] wrote {MODEL_DIR}/model.json, weights.bin, metadata.json in {time.time() - t0:.1f} s")


def write_parity_fixture(W, b, mean, std, transforms, names):
    """Synthetic raw feature vectors (drawn around the train statistics, not table rows) and the
    float64 reference probabilities of the exported layer."""
    rng = np.random.default_rng(11)
    z = rng.normal(0, 1.2, size=(5, len(names)))
    raw = z * std + mean
    for i, t in enumerate(transforms):
        if t == "log":
            raw[:, i] = np.exp(raw[:, i])
    probs = softmax(((transform(raw, transforms) - mean) / std) @ W + b)
    os.makedirs(FIXTURE_DIR, exist_ok=True)
    write_json(os.path.join(FIXTURE_DIR, "table-parity.json"), {
        "description": "synthetic 57-value feature vectors (raw, table units) and the trainer's float64 probabilities",
        "featureNames": names, "features": raw.tolist(), "probabilities": probs.tolist(),
    })


if __name__ == "__main__":
    main()
