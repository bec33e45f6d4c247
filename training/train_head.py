"""Train the genre head on musicnn's embedding and choose the three-model ensemble, then export both.

Input (made by `npm run train:head`, all computed by the app's own TypeScript pipeline):
  training/.cache/musicnn-<variant>/shard*.json   per-patch 200-unit embeddings of every clip with
                                                  audio (original, and re-encoded as 128 kbit/s MP3)
  training/.cache/valid-predictions-<variant>.json  the CNN's and the table model's probabilities
                                                  on the valid clips (training/validPredictions.ts)

Head: multinomial logistic regression on one patch's standardised embedding and tag logits
(log(p / (1 - p)) of musicnn's 50 MSD tags), class-balanced (each genre weighs the same in the
loss, whatever its clip count); a track's probabilities are the mean over its patches, as for the
CNN, so the head also gives the genre timeline. Its prior is the tagger's own knowledge: musicnn
was trained on MSD tags that name seven of the ten genres (TAG_PRIOR), so the weights are pulled
towards "the genre's logit is its tags' logit" (scale PRIOR_SCALES) rather than towards zero
(penalty PENALTIES on the embedding weights, TAG_PENALTIES on the tag weights). With 2 blues and 7
country train clips, a plain L2 head learns where those few clips sit (train country clips have
country-tag probabilities 0.54-0.84, valid ones 0.01-0.88) and reaches 73.7 % in the ensemble; with
the prior, 76-80 % over the whole grid. Fitted on the train clips (and their MP3s: half the rows),
the prior and penalties selected on the valid clips (track level, lowest NLL of the ensemble). The ensemble p = w_h p_head + w_c p_cnn + w_t p_table and a softmax temperature
on its log are chosen on the valid clips too (lowest NLL over a 0.05 simplex grid). Every figure of
the report is this train-only fit on valid. The shipped head is then refitted on train + valid with
the chosen penalty, as is usual with a fixed recipe; the ensemble weights stay as chosen.

    /usr/bin/python3 training/train_head.py
"""
import json
import os
import sys
import time

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from common import GENRES, track_metrics, write_json  # noqa: E402
from export_tfjs import write_layers_model  # noqa: E402

CACHE = os.path.join(HERE, ".cache")
MODEL_DIR = os.path.join(ROOT, "public", "models", "musicnn-head")
ENSEMBLE_JSON = os.path.join(ROOT, "public", "models", "ensemble.json")
REPORT_JSON = os.path.join(ROOT, "docs", "musicnn-head-report.json")
FIXTURE = os.path.join(ROOT, "tests", "fixtures", "model", "head-parity.json")
PRIOR_SCALES = [0.5, 1.0, 2.0]
PENALTIES = [0.1, 0.3, 1.0]
TAG_PENALTIES = [0.3, 3.0]
# MSD tags naming a GTZAN genre (classical, disco and reggae have none); a genre with several averages them.
TAG_PRIOR = {"blues": ["blues"], "country": ["country"], "jazz": ["jazz"], "metal": ["metal", "heavy metal"],
             "hiphop": ["Hip-Hop"], "pop": ["pop"], "rock": ["rock", "classic rock", "hard rock"]}
LOGIT_CLIP = 1e-6
GRID = 20  # ensemble weights in steps of 1/GRID
TEMPERATURES = np.round(np.arange(0.2, 2.01, 0.05), 2)
ECE_BINS = 10


def read_embeddings(variant):
    d = os.path.join(CACHE, f"musicnn-{variant}")
    if not os.path.isdir(d):
        sys.exit(f"train_head: {d} is missing: run npm run train:head (it builds the embeddings first)")
    clips = []
    for f in sorted(os.listdir(d)):
        if f.endswith(".json"):
            with open(os.path.join(d, f)) as fh:
                clips += json.load(fh)["clips"]
    return {c["stem"]: c for c in clips}


def head_input(embedding, taggram):
    """One row per patch: the 200-unit embedding, then the logits of the 50 tags (src/model/classify.ts headInput)."""
    p = np.clip(taggram, LOGIT_CLIP, 1 - LOGIT_CLIP)
    return np.concatenate([embedding, np.log(p / (1 - p))], axis=1)


def patch_rows(clips, stems):
    X, y, owner = [], [], []
    for i, s in enumerate(stems):
        c = clips[s]
        n = c["patches"]
        x = head_input(np.asarray(c["penultimate"], dtype=np.float64).reshape(n, -1), np.asarray(c["taggram"], dtype=np.float64).reshape(n, -1))
        X.append(x)
        y += [GENRES.index(c["genre"])] * n
        owner += [i] * n
    return np.concatenate(X), np.asarray(y), np.asarray(owner)


def tag_prior(tags, std, n_embedding):
    """W0 on the standardised inputs: genre g's logit = the mean of its tags' logits (up to a bias)."""
    W0 = np.zeros((len(std), len(GENRES)))
    for genre, names in TAG_PRIOR.items():
        for name in names:
            i = n_embedding + tags.index(name)
            W0[i, GENRES.index(genre)] = std[i] / len(names)
    return W0


def fit_logreg(X, y, penalties, class_weight, W0):
    """Weighted softmax regression by L-BFGS (float64): mean weighted NLL + sum_i penalties_i |W_i - W0_i|^2."""
    Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
    wt = torch.from_numpy(class_weight[y])
    prior = torch.from_numpy(W0)
    pen = torch.from_numpy(penalties)[:, None]
    W = prior.clone().requires_grad_(True)
    b = torch.zeros(len(GENRES), dtype=torch.float64, requires_grad=True)
    opt = torch.optim.LBFGS([W, b], lr=1, max_iter=500, tolerance_grad=1e-9, tolerance_change=1e-12, line_search_fn="strong_wolfe")

    def closure():
        opt.zero_grad()
        logp = torch.log_softmax(Xt @ W + b, dim=1)
        loss = -(wt * logp[torch.arange(len(yt)), yt]).sum() / wt.sum() + (pen * (W - prior) ** 2).sum()
        loss.backward()
        return loss

    opt.step(closure)
    return W.detach().numpy(), b.detach().numpy()


def softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def track_probs(X, owner, n_tracks, W, b):
    p = softmax(X @ W + b)
    out = np.zeros((n_tracks, len(GENRES)))
    np.add.at(out, owner, p)
    out /= np.bincount(owner, minlength=n_tracks)[:, None]
    return out


def balanced_weights(y):
    counts = np.bincount(y, minlength=len(GENRES)).astype(np.float64)
    w = np.where(counts > 0, 1.0 / np.maximum(counts, 1), 0.0)
    return w / w[y].mean()


def standardiser(X):
    mean = X.mean(axis=0)
    std = X.std(axis=0)
    return mean, np.where(std > 1e-8, std, 1.0)


def read_valid_predictions(variant):
    path = os.path.join(CACHE, f"valid-predictions-{variant}.json")
    if not os.path.exists(path):
        sys.exit(f"train_head: {path} is missing: run npm run train:head")
    with open(path) as f:
        return {p["stem"]: p for p in json.load(f)["predictions"]}


def pool(ph, pc, pt, w, temperature):
    p = w[0] * ph + w[1] * pc + w[2] * pt
    return softmax(np.log(np.clip(p, 1e-12, 1)) / temperature)


def simplex(grid):
    for i in range(grid + 1):
        for j in range(grid + 1 - i):
            yield np.array([i, j, grid - i - j]) / grid


def ece(probs, y, bins=ECE_BINS):
    """Expected calibration error of the top genre, with the reliability diagram's bins."""
    conf = probs.max(axis=1)
    correct = (probs.argmax(axis=1) == y).astype(np.float64)
    edges = np.linspace(0, 1, bins + 1)
    rows, total = [], 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        m = (conf > lo) & (conf <= hi)
        if m.any():
            total += m.sum() / len(y) * abs(correct[m].mean() - conf[m].mean())
            rows.append({"from": round(float(lo), 2), "to": round(float(hi), 2), "clips": int(m.sum()),
                         "confidence": round(float(conf[m].mean()), 4), "accuracy": round(float(correct[m].mean()), 4)})
    return float(total), rows


def summary(probs, y):
    m = track_metrics(y, probs)
    e, _ = ece(probs, y)
    recall = {}
    for g, name in enumerate(GENRES):
        n = int(m["confusion"][g].sum())
        if n:
            recall[name] = [int(m["confusion"][g, g]), n]
    return {"accuracy": round(m["accuracy"], 4), "correct": int((probs.argmax(1) == y).sum()), "clips": int(len(y)),
            "macroF1": round(m["macro_f1"], 4), "nll": round(m["nll"], 4), "ece": round(e, 4), "recall": recall,
            "confusion": m["confusion"].tolist()}


def main():
    t0 = time.time()
    emb = {v: read_embeddings(v) for v in ("original", "mp3-128k")}
    stems = sorted(emb["original"])
    train = [s for s in stems if emb["original"][s]["split"] == "train"]
    valid = [s for s in stems if emb["original"][s]["split"] == "valid"]
    Xtr = np.concatenate([patch_rows(emb[v], train)[0] for v in emb])
    ytr = np.concatenate([patch_rows(emb[v], train)[1] for v in emb])
    mean, std = standardiser(Xtr)
    cw = balanced_weights(ytr)
    yva = np.array([GENRES.index(emb["original"][s]["genre"]) for s in valid])
    va = {v: patch_rows(emb[v], valid) for v in emb}

    def head_on(variant, W, b):
        X, _, owner = va[variant]
        return track_probs((X - mean) / std, owner, len(valid), W, b)

    with open(os.path.join(ROOT, "public", "models", "musicnn", "msd", "metadata.json")) as f:
        tags = json.load(f)["tags"]
    n_emb = va["original"][0].shape[1] - len(tags)
    others = {v: read_valid_predictions(v) for v in emb}
    pc = {v: np.array([others[v][s]["cnn"] for s in valid]) for v in emb}
    pt = {v: np.array([others[v][s]["table"] for s in valid]) for v in emb}

    def best_pool(ph):
        best = None
        for w in simplex(GRID):
            for t in TEMPERATURES:
                p = pool(ph, pc["original"], pt["original"], w, t)
                nll = float(-np.mean(np.log(np.clip(p[np.arange(len(yva)), yva], 1e-12, 1))))
                if best is None or nll < best[0] - 1e-12:
                    best = (nll, w, t)
        return best

    def penalty_vector(lam, lam_tags):
        return np.concatenate([np.full(n_emb, lam), np.full(len(tags), lam_tags)])

    grid, best = [], None
    for scale in PRIOR_SCALES:
        for lam in PENALTIES:
            for lam_t in TAG_PENALTIES:
                W, b = fit_logreg((Xtr - mean) / std, ytr, penalty_vector(lam, lam_t), cw, scale * tag_prior(tags, std, n_emb))
                ph = head_on("original", W, b)
                nll, w, t = best_pool(ph)
                mh = track_metrics(yva, ph)
                me = track_metrics(yva, pool(ph, pc["original"], pt["original"], w, t))
                cell = {"priorScale": scale, "penalty": lam, "tagPenalty": lam_t, "headAccuracy": round(mh["accuracy"], 4),
                        "ensembleAccuracy": round(me["accuracy"], 4), "ensembleMacroF1": round(me["macro_f1"], 4), "ensembleNll": round(nll, 4)}
                grid.append(cell)
                print(f"[head] prior {scale:g}, penalties {lam:g}/{lam_t:g}: head {mh['accuracy']:.3f}, ensemble {me['accuracy']:.3f} "
                      f"(macro F1 {me['macro_f1']:.3f}, NLL {nll:.3f})")
                if best is None or nll < best[0] - 1e-12:
                    best = (nll, cell, W, b, w, t)
    _, chosen, W, b, w, temp = best
    ph = {v: head_on(v, W, b) for v in emb}
    report = {
        "command": "npm run train:head",
        "split": "fault-filtered GTZAN: fitted on the train clips with audio (and their 128 kbit/s MP3s), selected and scored on the valid clips with audio",
        "trainClips": len(train), "validClips": len(valid), "trainPatches": int(len(ytr)),
        "head": {"grid": grid, "chosen": chosen, "tagPrior": TAG_PRIOR},
        "ensemble": {"weights": {"head": round(float(w[0]), 2), "cnn": round(float(w[1]), 2), "table": round(float(w[2]), 2)}, "temperature": float(temp)},
        "valid": {}, "reliability": {},
    }
    with open(ENSEMBLE_JSON) as f:
        quick_w = json.load(f)["quick"]["cnnWeight"]
    for v in emb:
        shipped = pool(ph[v], pc[v], pt[v], w, temp)
        report["valid"][v] = {
            "head": summary(ph[v], yva), "cnn": summary(pc[v], yva), "table": summary(pt[v], yva),
            "ensemble": summary(shipped, yva),
            "ensembleUntempered": summary(pool(ph[v], pc[v], pt[v], w, 1.0), yva),
            "quick": summary(pool(ph[v], pc[v], pt[v], np.array([0, quick_w, 1 - quick_w]), 1.0), yva),
        }
        report["reliability"][v] = ece(shipped, yva)[1]
    r = report["valid"]["original"]
    print(f"[head] chosen {chosen}; head alone {r['head']['accuracy']:.3f}; ensemble weights head/cnn/table "
          f"{w[0]:.2f}/{w[1]:.2f}/{w[2]:.2f}, temperature {temp}: valid accuracy {r['ensemble']['accuracy']:.3f}, "
          f"macro F1 {r['ensemble']['macroF1']:.3f}, ECE {r['ensemble']['ece']:.3f} (untempered {r['ensembleUntempered']['ece']:.3f}); "
          f"as MP3 {report['valid']['mp3-128k']['ensemble']['accuracy']:.3f}")

    # the shipped head: the same recipe on train + valid
    Xall = np.concatenate([patch_rows(emb[v], train + valid)[0] for v in emb])
    yall = np.concatenate([patch_rows(emb[v], train + valid)[1] for v in emb])
    mean_s, std_s = standardiser(Xall)
    Ws, bs = fit_logreg((Xall - mean_s) / std_s, yall, penalty_vector(chosen["penalty"], chosen["tagPenalty"]), balanced_weights(yall),
                        chosen["priorScale"] * tag_prior(tags, std_s, n_emb))
    write_head(Ws, bs, mean_s, std_s, chosen, len(train) + len(valid), n_emb, len(tags))
    write_ensemble(w, temp, report)
    write_parity_fixture(emb["original"], valid[:4], Ws, bs, mean_s, std_s)
    os.makedirs(os.path.dirname(REPORT_JSON), exist_ok=True)
    write_json(REPORT_JSON, report)
    print(f"[head] wrote {MODEL_DIR}, {ENSEMBLE_JSON}, {REPORT_JSON} in {time.time() - t0:.0f} s")


def write_head(W, b, mean, std, chosen, clips, n_emb, n_tags):
    """Standardisation folded into the Dense layer: softmax(((x - mean) / std) W + b) = softmax(x W' + b')."""
    Wf = W / std[:, None]
    bf = b - (mean / std) @ W
    write_layers_model(MODEL_DIR, "musicnn_genre_head", [W.shape[0]], [
        {"type": "dense", "name": "genre", "kernel": Wf.astype(np.float32), "bias": bf.astype(np.float32), "activation": "softmax"},
    ])
    write_json(os.path.join(MODEL_DIR, "metadata.json"), {
        "format": "genrescope-musicnn-head", "version": 1, "genres": GENRES,
        "input": "musicnn/msd penultimate embedding, then log(p / (1 - p)) of its tags, p clipped to [logitClip, 1 - logitClip]",
        "embeddingSize": n_emb, "tagCount": n_tags, "logitClip": LOGIT_CLIP, "aggregation": "mean of patch probabilities", "modelUrl": "model.json",
        "training": {"command": "npm run train:head", "fittedOn": f"train + valid clips with audio ({clips}) and their 128 kbit/s MP3s",
                     "priorScale": chosen["priorScale"], "penalty": chosen["penalty"], "tagPenalty": chosen["tagPenalty"], "classWeights": "balanced"},
    })


def write_ensemble(w, temp, report):
    """The "final" part of ensemble.json; the "quick" part (npm run train:ensemble) is kept."""
    with open(ENSEMBLE_JSON) as f:
        ensemble = json.load(f)
    ensemble["final"] = {
        "weights": {"head": round(float(w[0]), 2), "cnn": round(float(w[1]), 2), "table": round(float(w[2]), 2)},
        "temperature": float(temp),
        "selection": {"command": "npm run train:head",
                      "rule": "minimise the valid clips' mean NLL of softmax(log(w . p) / T) over a 0.05 simplex grid of weights and T in 0.2..2",
                      "validClips": report["validClips"], "validAccuracy": report["valid"]["original"]["ensemble"]["accuracy"],
                      "validNll": report["valid"]["original"]["ensemble"]["nll"]},
    }
    write_json(ENSEMBLE_JSON, ensemble)


def write_parity_fixture(clips, stems, W, b, mean, std):
    """First patch of a few valid clips: embedding and taggram in, the trainer's head probabilities out."""
    emb = np.stack([np.round(np.asarray(clips[s]["penultimate"], dtype=np.float64)[:200], 6) for s in stems])
    tg = np.stack([np.round(np.asarray(clips[s]["taggram"], dtype=np.float64)[:50], 6) for s in stems])
    probs = softmax(((head_input(emb, tg) - mean) / std) @ W + b)
    write_json(FIXTURE, {"embeddings": emb.tolist(), "taggrams": tg.tolist(), "probabilities": probs.tolist()})


if __name__ == "__main__":
    main()
