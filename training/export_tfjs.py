"""Write a TensorFlow.js LayersModel (model.json + one float32 little-endian weights file) from
plain numpy arrays, without the tensorflowjs converter.

Only layers whose tfjs semantics we match exactly are supported: Conv2D (channels_last, stride 1,
'same' or 'valid' padding, kernel laid out (kh, kw, in, out)), MaxPooling2D (valid, floor like
torch.nn.MaxPool2d), GlobalAveragePooling2D, Dense (kernel (in, out)) and the activations relu,
softmax and linear. BatchNormalization is folded into the preceding convolution by the caller
(fold_batchnorm), so inference has no epsilon to disagree about.
"""
import json
import os

import numpy as np


def fold_batchnorm(weight, bias, bn):
    """Conv (torch layout out,in,kh,kw) followed by eval-mode BatchNorm -> one conv's weight, bias."""
    scale = bn["gamma"] / np.sqrt(bn["var"] + bn["eps"])
    w = weight * scale[:, None, None, None]
    b = (bias if bias is not None else 0.0) - bn["mean"]
    b = b * scale + bn["beta"]
    return w.astype(np.float32), b.astype(np.float32)


def torch_conv_to_tf(weight):
    """torch Conv2d weight (out, in, kh, kw) -> tf (kh, kw, in, out); H and W keep their meaning."""
    return np.ascontiguousarray(np.transpose(weight, (2, 3, 1, 0))).astype(np.float32)


def torch_dense_to_tf(weight):
    """torch Linear weight (out, in) -> tf Dense kernel (in, out)."""
    return np.ascontiguousarray(weight.T).astype(np.float32)


def _layer_config(spec, name, input_shape):
    kind = spec["type"]
    cfg = {"name": name, "trainable": False, "dtype": "float32"}
    if input_shape is not None:
        cfg["batch_input_shape"] = [None] + list(input_shape)
    if kind == "conv2d":
        kh, kw, _, out = spec["kernel"].shape
        cfg.update({
            "filters": int(out), "kernel_size": [int(kh), int(kw)], "strides": [1, 1],
            "padding": spec.get("padding", "same"), "data_format": "channels_last",
            "dilation_rate": [1, 1], "activation": spec.get("activation", "linear"), "use_bias": True,
        })
        return "Conv2D", cfg
    if kind == "maxpool2d":
        p = [int(v) for v in spec["pool"]]
        cfg.update({"pool_size": p, "strides": p, "padding": "valid", "data_format": "channels_last"})
        return "MaxPooling2D", cfg
    if kind == "gap2d":
        cfg.update({"data_format": "channels_last"})
        return "GlobalAveragePooling2D", cfg
    if kind == "dense":
        cfg.update({"units": int(spec["kernel"].shape[1]), "activation": spec.get("activation", "linear"), "use_bias": True})
        return "Dense", cfg
    raise ValueError(f"unsupported layer type {kind}")


def write_layers_model(out_dir, model_name, input_shape, layers, weights_file="weights.bin"):
    """layers: list of dicts {type, name?, kernel?, bias?, activation?, pool?, padding?}.
    Returns the number of float32 weights written."""
    os.makedirs(out_dir, exist_ok=True)
    topo_layers, specs, blobs = [], [], []
    counters = {}
    for i, spec in enumerate(layers):
        kind = spec["type"]
        counters[kind] = counters.get(kind, 0) + 1
        name = spec.get("name") or f"{kind}_{counters[kind]}"
        class_name, cfg = _layer_config(spec, name, input_shape if i == 0 else None)
        topo_layers.append({"class_name": class_name, "config": cfg})
        for wname in ("kernel", "bias"):
            if wname in spec:
                arr = np.asarray(spec[wname], dtype="<f4")
                specs.append({"name": f"{name}/{wname}", "shape": list(arr.shape), "dtype": "float32"})
                blobs.append(arr.tobytes(order="C"))
    data = b"".join(blobs)
    with open(os.path.join(out_dir, weights_file), "wb") as f:
        f.write(data)
    model = {
        "format": "layers-model",
        "generatedBy": "genrescope training/export_tfjs.py",
        "convertedBy": None,
        "modelTopology": {
            "class_name": "Sequential",
            "config": {"name": model_name, "layers": topo_layers},
            "keras_version": "2.11.0",
            "backend": "tensorflow",
        },
        "weightsManifest": [{"paths": [weights_file], "weights": specs}],
    }
    with open(os.path.join(out_dir, "model.json"), "w") as f:
        json.dump(model, f, indent=1)
    return len(data) // 4
