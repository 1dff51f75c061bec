#!/usr/bin/env python3
"""Writes the model zoo as graph-only ONNX files: DIR/<name>.onnx.

usage: generate.py --out DIR [--image-size N] [--seq-len N] [NAME ...]

--image-size and --seq-len write scaled-down variants (same names, same
layers, smaller activations) that are cheap enough to execute in tests; by
default every model has its published input size.

Each file is checked before it is written: ONNX shape inference (strict)
must give every node output the shape the builder tracked, and the ONNX
checker must accept the graph. The checker rejects initializers without
data, so it sees a copy in which those weights are graph inputs.
"""

import argparse
import os
import sys

try:
    import onnx
    from onnx import checker, helper, shape_inference
except ImportError:
    sys.exit("the ONNX Python package is missing (Debian: python3-onnx, "
             "installed by scripts/setup.sh)")

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from zoo import MODELS, build  # noqa: E402


def _has_data(tensor):
    return bool(tensor.raw_data or tensor.float_data or tensor.int64_data or
                tensor.int32_data or tensor.double_data or
                tensor.data_location == onnx.TensorProto.EXTERNAL)


def _dims(value_info):
    return [d.dim_value if d.HasField("dim_value") else None
            for d in value_info.type.tensor_type.shape.dim]


def check(graph, model):
    """Returns the model with inferred value_info, or raises ValueError."""
    weights_as_inputs = onnx.ModelProto()
    weights_as_inputs.CopyFrom(model)
    kept = []
    for t in weights_as_inputs.graph.initializer:
        if _has_data(t):
            kept.append(t)
        else:
            weights_as_inputs.graph.input.append(helper.make_tensor_value_info(
                t.name, t.data_type, list(t.dims)))
    del weights_as_inputs.graph.initializer[:]
    weights_as_inputs.graph.initializer.extend(kept)
    checker.check_model(weights_as_inputs, full_check=True)

    inferred = shape_inference.infer_shapes(model, strict_mode=True)
    known = {v.name: _dims(v) for v in list(inferred.graph.value_info) +
             list(inferred.graph.output)}
    for node in inferred.graph.node:
        for out in node.output:
            if out not in known:
                raise ValueError(f"node '{node.name}': no inferred shape")
            if known[out] != graph.shapes[out]:
                raise ValueError(
                    f"node '{node.name}': inferred shape {known[out]}, "
                    f"builder shape {graph.shapes[out]}")
    return inferred


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, help="output directory")
    parser.add_argument("names", nargs="*", metavar="NAME",
                        help=f"models to write (default: all): "
                             f"{' '.join(MODELS)}")
    parser.add_argument("--image-size", type=int, default=None, metavar="N",
                        help="N x N input images instead of the published "
                             "size (every model but bert_base_layer)")
    parser.add_argument("--seq-len", type=int, default=None, metavar="N",
                        help="N tokens instead of 128 (bert_base_layer)")
    args = parser.parse_args()
    for option in ("image_size", "seq_len"):
        if getattr(args, option) is not None and getattr(args, option) < 1:
            parser.error(f"--{option.replace('_', '-')} must be positive")
    unknown = [n for n in args.names if n not in MODELS]
    if unknown:
        parser.error(f"unknown model(s): {' '.join(unknown)}")
    try:
        os.makedirs(args.out, exist_ok=True)
    except OSError as e:
        parser.error(f"cannot create the output directory: {e}")
    failed = False
    for name in args.names or MODELS:
        try:
            graph = build(name, args.image_size, args.seq_len)
            model = check(graph, graph.model())
        except (ValueError, checker.ValidationError,
                shape_inference.InferenceError) as e:
            print(f"{name}: {e}", file=sys.stderr)
            failed = True
            continue
        path = os.path.join(args.out, f"{name}.onnx")
        try:
            onnx.save(model, path)
        except OSError as e:
            print(f"{path}: error: {e}", file=sys.stderr)
            failed = True
            continue
        print(f"{path}: {len(model.graph.node)} nodes, "
              f"{os.path.getsize(path)} bytes")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
