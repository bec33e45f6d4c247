"""Convert a pretrained musicnn Keras .h5 (../shared/models/musicnn) into the tfjs weights format.

Writes public/models/musicnn/<name>/: weights.json (a tfjs weights manifest: every array under its
Keras layer and weight name, e.g. "conv2d/kernel", "bn_dense/moving_mean"), the weights in shards
of at most 1.5 MB (float32; --float16 stores the kernels as float16, which tfjs dequantises on
load, halving the download but moving the tags by up to 1.2e-3 and the embedding by 5e-3, above
the 1e-4 parity the app promises, so the shipped weights are float32) and the ISC licence notice. The forward
pass that reads these names is src/model/musicnn/network.ts; the input recipe and tag names live
in the metadata.json beside them (written by this tool too, from labels.json).

    /usr/bin/python3 training/convert_musicnn.py [--models ../shared/models/musicnn] [--name MSD_musicnn] [--float16]
"""
import argparse
import json
import os
import re
import shutil

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT_ROOT = os.path.join(ROOT, "public", "models", "musicnn")
SHARD_BYTES = 1_500_000
TAG_SET = {"MSD_musicnn": "msd", "MTT_musicnn": "mtt"}


def read_weights(path):
    """{ "layer/weight": array } from model_weights/<layer>/<layer>/<weight>:0 (a trailing _1 dropped)."""
    out = {}
    with h5py.File(path, "r") as f:
        g = f["model_weights"]
        for layer in g:
            for sub in g[layer]:
                for name, ds in g[layer][sub].items():
                    out[f"{layer}/{re.sub(r'_1$', '', name.split(':')[0])}"] = np.array(ds, dtype=np.float32)
    return out


def metadata(name, tags, weights_dtype):
    return {
        "format": "genrescope-musicnn",
        "version": 1,
        "name": name,
        "tagSet": TAG_SET[name],
        "tags": tags,
        "features": {
            "sampleRateHz": 16000, "nFft": 512, "hopLength": 256, "nMels": 96, "window": "hann",
            "center": True, "padMode": "reflect", "fmin": 0, "fmax": 8000, "htk": False,
            "melNorm": "slaney", "power": 2,
            "log": {"castFloat16": True, "scale": 10000, "offset": 1},
        },
        "patch": {"frames": 187, "hopFrames": 187},
        "batchNormEpsilon": 1e-3,
        "embeddingSize": 200,
        "weightsManifest": "weights.json",
        "weightsDtype": weights_dtype,
        "source": "musicnn (Pons & Serra 2019), Keras conversion musicnn_keras @ ad6cfb80; ISC licence (LICENSE.md)",
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--models", default=os.path.join(ROOT, "..", "shared", "models", "musicnn"))
    ap.add_argument("--name", default="MSD_musicnn", choices=sorted(TAG_SET))
    ap.add_argument("--float16", action="store_true", help="store the kernels as float16 (default: float32)")
    args = ap.parse_args()
    h5 = os.path.join(args.models, f"{args.name}.h5")
    if not os.path.exists(h5):
        raise SystemExit(f"convert_musicnn: {h5} is missing (pass --models <dir holding {args.name}.h5>)")
    weights = read_weights(h5)
    with open(os.path.join(args.models, "labels.json")) as f:
        tags = json.load(f)[TAG_SET[args.name]]
    out_dir = os.path.join(OUT_ROOT, TAG_SET[args.name])
    os.makedirs(out_dir, exist_ok=True)
    dtype = "float16" if args.float16 else "float32"
    specs, blobs = [], []
    for key in sorted(weights):
        arr = weights[key]
        spec = {"name": key, "shape": list(arr.shape), "dtype": "float32"}
        if dtype == "float16" and key.endswith("/kernel"):
            spec["quantization"] = {"dtype": "float16"}
            blobs.append(arr.astype("<f2").tobytes(order="C"))
        else:
            blobs.append(arr.astype("<f4").tobytes(order="C"))
        specs.append(spec)
    data = b"".join(blobs)
    for old in os.listdir(out_dir):
        if old.startswith("weights") and old.endswith(".bin"):
            os.remove(os.path.join(out_dir, old))
    n_shards = -(-len(data) // SHARD_BYTES)
    paths = [f"weights{i + 1}of{n_shards}.bin" for i in range(n_shards)]
    for i, path in enumerate(paths):  # tfjs concatenates the shards: a weight may span two
        with open(os.path.join(out_dir, path), "wb") as f:
            f.write(data[i * SHARD_BYTES:(i + 1) * SHARD_BYTES])
    with open(os.path.join(out_dir, "weights.json"), "w") as f:
        json.dump([{"paths": paths, "weights": specs}], f, indent=1)
        f.write("\n")
    with open(os.path.join(out_dir, "metadata.json"), "w") as f:
        json.dump(metadata(args.name, tags, dtype), f, indent=2)
        f.write("\n")
    shutil.copyfile(os.path.join(args.models, "LICENSE.md"), os.path.join(out_dir, "LICENSE.md"))
    n = sum(a.size for a in weights.values())
    print(f"[musicnn] {args.name}: {len(weights)} arrays, {n} weights as {dtype} -> {out_dir}")


if __name__ == "__main__":
    main()
