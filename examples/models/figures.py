#!/usr/bin/env python3
"""Counts parameters and MACs of graph-only ONNX models.

usage: figures.py FILE.onnx ...         print the figures of the files
       figures.py --check DIR           compare DIR/<name>.onnx of every zoo
                                        model with its published figures

Counting rules (see docs/ModelZoo.md):
- parameters: the elements of every initializer without data (the weights of
  a graph-only file), except BatchNormalization's running mean and variance
  (statistics, not trained); initializers with data (Reshape shapes, Clip
  bounds, scalar factors) are constants, not parameters;
- MACs: Conv (output elements x input channels per group x kernel size),
  Gemm (M x N x K) and MatMul (batch x M x N x K); every other operator
  (bias adds, batch norm, activations, pooling, softmax, residual adds)
  counts zero.

--check exits 1 when a model is missing, or its parameters deviate more than
1 % or its MACs more than 2 % from the expected figure.
"""

import argparse
import math
import os
import sys

try:
    import onnx
except ImportError:
    sys.exit("the ONNX Python package is missing (Debian: python3-onnx, "
             "installed by scripts/setup.sh)")

# name: (parameters, MACs, source). Where the source gives rounded figures
# the expected value is the rounded figure.
EXPECTED = {
    "alexnet": (61_100_840, 0.71e9, "torchvision"),
    "vgg16": (138_357_544, 15.47e9, "torchvision"),
    "resnet18": (11_689_512, 1.81e9, "torchvision"),
    "resnet50": (25_557_032, 4.09e9, "torchvision"),
    "mobilenet_v1": (4.2e6, 569e6, "Howard et al. 2017"),
    "mobilenet_v2": (3_504_872, 300e6,
                     "torchvision (params), Sandler et al. 2018 (MACs)"),
    "mobilenet_v3_small": (2_542_856, 56e6,
                           "torchvision (params), Howard et al. 2019 (MACs)"),
    "mobilenet_v3_large": (5_483_032, 219e6,
                           "torchvision (params), Howard et al. 2019 (MACs)"),
    "densenet201": (20_013_928, 4.29e9, "torchvision"),
    "xception": (22_855_952, 8.4e9, "Chollet 2017 (params), timm (MACs)"),
    "se_resnext50_32x4d": (27.6e6, 4.25e9,
                           "timm (params), Hu et al. 2018 (MACs)"),
    "inception_resnet_v2": (55.8e6, 13.2e9, "timm"),
    "efficientnet_b0": (5_288_548, 0.39e9,
                        "torchvision (params), Tan & Le 2019 (MACs)"),
    "nasnet_mobile": (5.3e6, 564e6, "Zoph et al. 2018"),
    # Derived by hand in docs/ModelZoo.md.
    "bert_base_layer": (7_087_872, 931_135_488, "derived (BERT-base)"),
    "vit_b16_block": (7_830_528, 1_569_560_064,
                      "derived (torchvision ViT-B/16)"),
}

PARAM_TOLERANCE = 0.01
MAC_TOLERANCE = 0.02


def _has_data(tensor):
    return bool(tensor.raw_data or tensor.float_data or tensor.int64_data or
                tensor.int32_data or tensor.double_data or
                tensor.data_location == onnx.TensorProto.EXTERNAL)


def _shapes(graph):
    shapes = {}
    for v in list(graph.input) + list(graph.value_info) + list(graph.output):
        dims = v.type.tensor_type.shape.dim
        if all(d.HasField("dim_value") for d in dims):
            shapes[v.name] = [d.dim_value for d in dims]
    for t in graph.initializer:
        shapes[t.name] = list(t.dims)
    return shapes


def _attr(node, name, default):
    for a in node.attribute:
        if a.name == name:
            return onnx.helper.get_attribute_value(a)
    return default


def count(model):
    """Returns (parameters, MACs) of a model, by the rules above."""
    graph = model.graph
    shapes = _shapes(graph)
    statistics = set()
    for node in graph.node:
        if node.op_type == "BatchNormalization":
            statistics.update(node.input[3:5])
    params = sum(math.prod(t.dims) for t in graph.initializer
                 if not _has_data(t) and t.name not in statistics)

    def shape(name, node):
        if name not in shapes:
            raise ValueError(
                f"node '{node.name}': no static shape for '{name}'")
        return shapes[name]

    macs = 0
    for node in graph.node:
        if node.op_type == "Conv":
            w = shape(node.input[1], node)
            macs += math.prod(shape(node.output[0], node)) * math.prod(w[1:])
        elif node.op_type == "Gemm":
            a = shape(node.input[0], node)
            k = a[0] if _attr(node, "transA", 0) else a[1]
            macs += math.prod(shape(node.output[0], node)) * k
        elif node.op_type == "MatMul":
            a = shape(node.input[0], node)
            macs += math.prod(shape(node.output[0], node)) * a[-1]
    return params, macs


def count_file(path):
    """count() of a file; an unreadable file or a missing shape is an error
    naming the file (exit 1)."""
    try:
        return count(onnx.load(path))
    except Exception as e:  # OSError, protobuf's DecodeError, ValueError
        sys.exit(f"{path}: error: {e}")


def main():
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", metavar="DIR",
                        help="compare every zoo model in DIR with its figures")
    parser.add_argument("files", nargs="*", metavar="FILE")
    args = parser.parse_args()
    if bool(args.check) == bool(args.files):
        parser.error("give either --check DIR or model files")

    if args.files:
        print(f"{'model':<28} {'params':>12} {'MACs':>15}")
        for path in args.files:
            params, macs = count_file(path)
            print(f"{os.path.basename(path):<28} {params:>12} {macs:>15}")
        return 0

    print(f"{'model':<20} {'params':>11} {'expected':>11} {'dev':>7}  "
          f"{'MACs':>13} {'expected':>13} {'dev':>7}  status")
    failed = []
    for name, (want_params, want_macs, _) in EXPECTED.items():
        path = os.path.join(args.check, f"{name}.onnx")
        if not os.path.exists(path):
            print(f"{name:<20} missing: {path}")
            failed.append(name)
            continue
        params, macs = count_file(path)
        dp = params / want_params - 1
        dm = macs / want_macs - 1
        ok = abs(dp) <= PARAM_TOLERANCE and abs(dm) <= MAC_TOLERANCE
        if not ok:
            failed.append(name)
        print(f"{name:<20} {params:>11} {want_params:>11.0f} {dp:>+7.2%}  "
              f"{macs:>13} {want_macs:>13.0f} {dm:>+7.2%}  "
              f"{'ok' if ok else 'FAIL'}")
    if failed:
        print(f"outside tolerance (params {PARAM_TOLERANCE:.0%}, MACs "
              f"{MAC_TOLERANCE:.0%}): {' '.join(failed)}")
        return 1
    print(f"all {len(EXPECTED)} models within tolerance (params "
          f"{PARAM_TOLERANCE:.0%}, MACs {MAC_TOLERANCE:.0%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
