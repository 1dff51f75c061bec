#!/usr/bin/env python3
"""Executes an imported model untransformed and rewritten; compares outputs.

The model is an ONNX file (imported here with zigzag-translate) or a module
imported before. A generated `main` fills every argument of the model's
function with deterministic pseudo-random values and prints every result.
The untransformed program and each rewritten one (a mapping searched on a
hardware file and applied by --zigzag-apply-mapping; optionally a depth-first
schedule searched and applied) are lowered with the pipeline of
test/lit.cfg.py (%bufferize, %lower_to_llvm) and run with mlir-runner. Every
output element must agree with the untransformed program's within a relative
tolerance: the rewrite may reassociate float sums, nothing more.

Argument values (the importer turns weights without data into function
arguments and names them with `zigzag.onnx_name`; the ONNX graph, when given,
says which operator reads each one):
  * graph inputs: uniform in [-1, 1];
  * Conv / Gemm / MatMul weights: uniform with standard deviation
    1/sqrt(fan-in), so activations stay O(1) through deep networks;
  * BatchNormalization: scale in [0.5, 1.5], variance in [0.5, 1.5] (a
    negative variance would give NaNs), bias and mean in [-0.1, 0.1];
  * factors of a Mul (LayerNorm's gamma, ...): [0.5, 1.5];
  * everything else (biases, class tokens, position embeddings): [-0.1, 0.1].
A reference output that is constant or not finite is an error: it would
compare equal under any rewrite.

usage: exec_compare.py --opt zigzag-opt --translate zigzag-translate
         --runner mlir-runner --runner-libs DIR --model M.onnx --workdir D
         [--hardware H.yaml[:M.yaml] ...] [--depth-first H.yaml ...]
         [--compare T.mlir ...]
--compare runs modules transformed elsewhere (the model's function, same
signature) against the untransformed model.
Prints one line per variant; exits 1 when a variant fails.
"""
import argparse
import math
import os
import re
import subprocess
import sys
import time

# The lowering of test/lit.cfg.py (%bufferize %lower_to_llvm); mlir-runner
# compiles with -O0: on these large modules JIT compilation, not execution,
# dominates (-O1 took 3x the CPU time of -O0 on MobileNetV3-Small). Plus
# --convert-math-to-libm: ONNX Erf (GELU) becomes math.erf, which has no
# LLVM intrinsic.
BUFFERIZE = ["--one-shot-bufferize=bufferize-function-boundaries "
             "function-boundary-type-conversion=identity-layout-map",
             "--buffer-deallocation-pipeline",
             "--convert-bufferization-to-memref"]
LOWER_TO_LLVM = ["--convert-linalg-to-loops", "--scf-forall-to-for",
                 "--lower-affine", "--convert-scf-to-cf",
                 "--expand-strided-metadata", "--lower-affine",
                 "--finalize-memref-to-llvm", "--convert-math-to-libm",
                 "--convert-math-to-llvm", "--convert-arith-to-llvm",
                 "--convert-index-to-llvm", "--convert-cf-to-llvm",
                 "--convert-func-to-llvm", "--reconcile-unrealized-casts"]

RTOL = 1e-4

# splitmix64's finalizer (as signed i64 constants): a well-mixed hash of
# (element index, argument seed), so neighbouring weights are uncorrelated.
_HASH = """
func.func private @printMemrefF32(tensor<*xf32>)

// Element n of a tensor filled by @zz_fill: splitmix64(n + seed * golden)
// mapped to [lo, hi).
func.func @zz_fill(%t: tensor<?xf32>, %seed: i64, %lo: f32, %hi: f32) -> tensor<?xf32> {
  %r = linalg.generic {indexing_maps = [affine_map<(n) -> (n)>], iterator_types = ["parallel"]}
      outs(%t : tensor<?xf32>) {
  ^bb0(%o: f32):
    %i = linalg.index 0 : index
    %n = arith.index_cast %i : index to i64
    %golden = arith.constant -7046029254386353131 : i64
    %m1 = arith.constant -4658895280553007687 : i64
    %m2 = arith.constant -7723592293110705685 : i64
    %c30 = arith.constant 30 : i64
    %c27 = arith.constant 27 : i64
    %c31 = arith.constant 31 : i64
    %c40 = arith.constant 40 : i64
    %s = arith.muli %seed, %golden : i64
    %x0 = arith.addi %n, %s : i64
    %y0 = arith.shrui %x0, %c30 : i64
    %x1 = arith.xori %x0, %y0 : i64
    %x2 = arith.muli %x1, %m1 : i64
    %y2 = arith.shrui %x2, %c27 : i64
    %x3 = arith.xori %x2, %y2 : i64
    %x4 = arith.muli %x3, %m2 : i64
    %y4 = arith.shrui %x4, %c31 : i64
    %x5 = arith.xori %x4, %y4 : i64
    %top = arith.shrui %x5, %c40 : i64
    %u24 = arith.uitofp %top : i64 to f32
    %scale = arith.constant 5.9604644775390625E-8 : f32
    %u = arith.mulf %u24, %scale : f32
    %w = arith.subf %hi, %lo : f32
    %uw = arith.mulf %u, %w : f32
    %v = arith.addf %lo, %uw : f32
    linalg.yield %v : f32
  } -> tensor<?xf32>
  return %r : tensor<?xf32>
}
"""


def parse_signature(text):
    """(function name, [(type, dims, onnx name)], [result types]) of the
    first function of an imported module."""
    m = re.search(r"func\.func @([\w.$-]+)\((.*?)\)\s*->\s*(\(.*?\)|[^{]+?)\s*"
                  r"(?:attributes\s*\{.*?\})?\s*\{\s*$", text, re.M)
    if not m:
        raise ValueError("no function with results in the module")
    name, params, results = m.groups()
    args = []
    for a in re.finditer(r"%[\w]+:\s*(tensor<([^>]*)>)(\s*\{[^}]*\})?", params):
        ty, body, attrs = a.groups()
        parts = body.split("x")
        if parts[-1] != "f32" or any(not p.isdigit() for p in parts[:-1]):
            raise ValueError("argument type %s: only static f32 tensors" % ty)
        onnx_name = None
        if attrs:
            n = re.search(r'zigzag\.onnx_name = "([^"]*)"', attrs)
            onnx_name = n.group(1) if n else None
        args.append((ty, [int(p) for p in parts[:-1]], onnx_name))
    results = [r.group(0) for r in re.finditer(r"tensor<[^>]*>", results)]
    if not results:
        raise ValueError("function @%s returns no tensor" % name)
    return name, args, results


def onnx_roles(onnx_path):
    """ONNX name -> (operator type, input position, node attributes) of the
    first node that reads it; graph inputs -> ('input', 0, {})."""
    try:
        import onnx
        from onnx import helper
    except ImportError:
        sys.exit("exec_compare: the ONNX Python package is missing "
                 "(Debian: python3-onnx)")
    graph = onnx.load(onnx_path).graph
    roles = {i.name: ("input", 0, {}) for i in graph.input}
    for node in graph.node:
        attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
        for pos, name in enumerate(node.input):
            if name not in roles:
                roles[name] = (node.op_type, pos, attrs)
    return roles


def value_range(dims, role):
    """[lo, hi) of one argument's values (see the module docstring)."""
    op, pos, attrs = role
    if op == "input":
        return -1.0, 1.0
    if op in ("Conv", "Gemm", "MatMul") and pos == 1:
        if op == "Conv":
            fan_in = math.prod(dims[1:])
        elif op == "Gemm":
            fan_in = dims[1] if attrs.get("transB", 0) else dims[0]
        else:
            fan_in = dims[-2]
        # Uniform in [-a, a] has variance a^2 / 3.
        a = math.sqrt(3.0 / fan_in)
        return -a, a
    if op == "BatchNormalization" and pos in (1, 4):
        return 0.5, 1.5
    if op == "Mul":
        return 0.5, 1.5
    return -0.1, 0.1


def guess_role(dims, onnx_name):
    """Without the ONNX graph: the role from the name and the rank."""
    name = onnx_name or ""
    if name == "input" or not name:
        return ("input", 0, {})
    if name.endswith("running_var"):
        return ("BatchNormalization", 4, {})
    if len(dims) == 4:
        return ("Conv", 1, {})
    if len(dims) == 2 and name.endswith("weight"):
        return ("MatMul", 1, {})
    return ("Add", 1, {})


def harness(text, roles=None):
    """`main` (and its helpers) for the imported module `text`."""
    name, args, results = parse_signature(text)
    lines = [_HASH, "func.func @main() {"]
    operands = []
    for k, (ty, dims, onnx_name) in enumerate(args):
        role = (roles or {}).get(onnx_name) or guess_role(dims, onnx_name)
        lo, hi = value_range(dims, role)
        size = math.prod(dims)
        lines += [
            "  %%e%d = tensor.empty() : tensor<%dxf32>" % (k, size),
            "  %%d%d = tensor.cast %%e%d : tensor<%dxf32> to tensor<?xf32>" %
            (k, k, size),
            "  %%seed%d = arith.constant %d : i64" % (k, k + 1),
            "  %%lo%d = arith.constant %s : f32" % (k, _f32(lo)),
            "  %%hi%d = arith.constant %s : f32" % (k, _f32(hi)),
            "  %%f%d = func.call @zz_fill(%%d%d, %%seed%d, %%lo%d, %%hi%d) : "
            "(tensor<?xf32>, i64, f32, f32) -> tensor<?xf32>" % (k, k, k, k, k),
            "  %%s%d = tensor.cast %%f%d : tensor<?xf32> to tensor<%dxf32>" %
            (k, k, size)]
        if len(dims) == 1:
            operands.append("%%s%d" % k)
            continue
        if not dims:
            reassoc = "[]"
        else:
            reassoc = "[[%s]]" % ", ".join(str(i) for i in range(len(dims)))
        lines.append(
            "  %%a%d = tensor.expand_shape %%s%d %s output_shape [%s] : "
            "tensor<%dxf32> into %s" % (k, k, reassoc,
                                        ", ".join(str(d) for d in dims),
                                        size, ty) if dims else
            "  %%a%d = tensor.collapse_shape %%s%d [] : tensor<1xf32> into %s"
            % (k, k, ty))
        operands.append("%%a%d" % k)
    lines.append("  %s = func.call @%s(%s) : (%s) -> (%s)" % (
        ", ".join("%%r%d" % i for i in range(len(results))), name,
        ", ".join(operands), ", ".join(a[0] for a in args),
        ", ".join(results)))
    for i, ty in enumerate(results):
        lines += ["  %%u%d = tensor.cast %%r%d : %s to tensor<*xf32>" %
                  (i, i, ty),
                  "  func.call @printMemrefF32(%%u%d) : (tensor<*xf32>) -> ()"
                  % i]
    lines += ["  return", "}"]
    return "\n".join(lines) + "\n"


def _f32(x):
    return "%.9e" % x


def with_harness(module_text, harness_text):
    """The module with the harness inserted before its closing brace."""
    end = module_text.rstrip().rfind("}")
    if end < 0:
        raise ValueError("not a module")
    return module_text[:end] + harness_text + "}\n"


_PRINTED = re.compile(r"Unranked Memref base@ = \S+ rank = \d+ offset = \d+ "
                      r"sizes = \[([\d, ]*)\] strides = \[[\d, ]*\] data =")
_NUMBER = re.compile(r"[-+]?(?:nan|inf|\d+\.?\d*(?:e[-+]?\d+)?)", re.I)


def parse_outputs(stdout):
    """Every printed memref: (sizes, flat list of floats)."""
    outputs = []
    headers = list(_PRINTED.finditer(stdout))
    for i, h in enumerate(headers):
        end = headers[i + 1].start() if i + 1 < len(headers) else len(stdout)
        values = [float(v) for v in _NUMBER.findall(stdout[h.end():end])]
        sizes = [int(s) for s in h.group(1).replace(" ", "").split(",") if s]
        if len(values) != math.prod(sizes):
            raise ValueError("printed %d values for sizes %s" %
                             (len(values), sizes))
        outputs.append((sizes, values))
    return outputs


def run_program(args, module_text, harness_text, tag):
    """Lowers and runs the module with the harness; returns (outputs,
    seconds) or raises RuntimeError with the failing step's message."""
    prog = os.path.join(args.workdir, tag + ".prog.mlir")
    with open(prog, "w") as f:
        f.write(with_harness(module_text, harness_text))
    llvm = os.path.join(args.workdir, tag + ".llvm.mlir")
    start = time.time()
    lower = subprocess.run(
        [args.opt, prog, "--zigzag-strip-memory-spaces=attributes=true"] +
        BUFFERIZE + LOWER_TO_LLVM + ["-o", llvm],
        capture_output=True, text=True)
    if lower.returncode != 0:
        raise RuntimeError("lowering %s failed: %s" % (
            prog, _first_error(lower.stderr)))
    libs = ",".join(os.path.join(args.runner_libs, lib) for lib in
                    ("libmlir_runner_utils.so", "libmlir_c_runner_utils.so"))
    run = subprocess.run([args.runner, llvm, "-e", "main",
                          "-entry-point-result=void", "-O0",
                          "-shared-libs=" + libs],
                         capture_output=True, text=True)
    seconds = time.time() - start
    if run.returncode != 0:
        raise RuntimeError("mlir-runner on %s: exit %d: %s" % (
            llvm, run.returncode, _first_error(run.stderr)))
    os.remove(llvm)
    return parse_outputs(run.stdout), seconds


def _first_error(stderr):
    errors = [l for l in stderr.splitlines() if "error" in l]
    return (errors or stderr.strip().splitlines() or ["(no message)"])[0]


def check_reference(outputs, count):
    """Raises ValueError unless the untransformed program printed `count`
    finite, non-constant results."""
    if len(outputs) != count:
        raise ValueError("the program printed %d results, the function has %d"
                         % (len(outputs), count))
    for i, (_, values) in enumerate(outputs):
        if not all(math.isfinite(v) for v in values):
            raise ValueError("result %d of the untransformed program is not "
                             "finite" % i)
        if len(values) > 1 and max(values) == min(values):
            raise ValueError("result %d of the untransformed program is "
                             "constant (%g): nothing to compare" %
                             (i, values[0]))


def compare(reference, outputs, rtol):
    """(problems, max abs error, max relative error). An element passes when
    |got - ref| <= rtol * max(|ref|, max |ref| of its result / 10): sums
    reassociate, so errors scale with the result's magnitude."""
    problems = []
    max_abs = max_rel = 0.0
    if len(outputs) != len(reference):
        return ["%d results, expected %d" % (len(outputs), len(reference))], \
            math.inf, math.inf
    for i, ((rs, rv), (gs, gv)) in enumerate(zip(reference, outputs)):
        if rs != gs:
            problems.append("result %d: sizes %s, expected %s" % (i, gs, rs))
            continue
        peak = max(abs(v) for v in rv)
        bad = 0
        for k, (r, g) in enumerate(zip(rv, gv)):
            err = abs(g - r)
            if not math.isfinite(g):
                err = math.inf
            rel = err / max(abs(r), peak / 10)
            max_abs = max(max_abs, err)
            max_rel = max(max_rel, rel)
            if rel > rtol:
                if bad < 3:
                    problems.append("result %d element %d: %.7g, expected "
                                    "%.7g" % (i, k, g, r))
                bad += 1
        if bad:
            problems.append("result %d: %d of %d elements differ" %
                            (i, bad, len(rv)))
    return problems, max_abs, max_rel


def rewrite(args, mlir, hardware, mapping, depth_first, tag):
    """The rewritten module (text) or raises RuntimeError."""
    cmd = [args.opt, mlir, "--zigzag-attach-hardware=file=%s" % hardware]
    if depth_first:
        cmd.append("--zigzag-depth-first=search=true flavor=zigzag "
                   "criterion=energy")
    elif mapping:
        cmd.append("--zigzag-search-mapping=mapping-file=%s" % mapping)
    else:
        cmd.append("--zigzag-search-mapping")
    out = os.path.join(args.workdir, tag + ".mlir")
    cmd += ["--zigzag-apply-mapping", "-o", out]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError("%s: exit %d: %s" % (
            " ".join(cmd[2:-2]), proc.returncode, _first_error(proc.stderr)))
    with open(out) as f:
        text = f.read()
    if "scf.for" not in text:
        raise RuntimeError("the rewrite emitted no loop nest")
    return text


class Model:
    """One imported model, its harness and its untransformed result (run
    once, on first use)."""

    def __init__(self, args, path, mlir=None):
        self.args = args
        self.path = path
        self.mlir = mlir or os.path.join(args.workdir, "model.mlir")
        if mlir is None:
            subprocess.run([args.translate, "--import-onnx", path,
                            "-o", self.mlir], check=True,
                           capture_output=True, text=True)
        with open(self.mlir) as f:
            self.text = f.read()
        roles = onnx_roles(path) if path.endswith(".onnx") else None
        self.harness = harness(self.text, roles)
        self.results = len(parse_signature(self.text)[2])
        self.reference = None
        self.reference_seconds = 0.0

    def untransformed(self):
        if self.reference is None:
            outputs, self.reference_seconds = run_program(
                self.args, self.text, self.harness, "untransformed")
            check_reference(outputs, self.results)
            self.reference = outputs
        return self.reference

    def check(self, hardware, mapping=None, depth_first=False, tag=None):
        """('ok' | 'FAIL', seconds, messages) of one rewritten variant: the
        rewrite, its run and the comparison with the untransformed run."""
        tag = tag or "%s.%s" % (os.path.basename(hardware)[:-5],
                                "df" if depth_first else
                                "map" if mapping else "none")
        start = time.time()
        try:
            text = rewrite(self.args, self.mlir, hardware, mapping,
                           depth_first, tag)
        except RuntimeError as e:
            return "FAIL", time.time() - start, [str(e)]
        status, _, messages = self.check_module(text, tag)
        return status, time.time() - start, messages

    def check_module(self, text, tag):
        """('ok' | 'FAIL', seconds, messages): the module `text` (the
        model's function, transformed) run against the untransformed one."""
        start = time.time()
        try:
            reference = self.untransformed()
            outputs, _ = run_program(self.args, text, self.harness, tag)
        except (RuntimeError, ValueError) as e:
            return "FAIL", time.time() - start, [str(e)]
        problems, max_abs, max_rel = compare(reference, outputs,
                                             self.args.rtol)
        summary = "max abs error %.3g, max rel error %.3g" % (max_abs,
                                                              max_rel)
        return ("FAIL" if problems else "ok"), time.time() - start, \
            [summary] + problems


def add_tool_arguments(parser):
    parser.add_argument("--runner", default="mlir-runner")
    parser.add_argument("--runner-libs", default=None,
                        help="directory of libmlir_runner_utils.so "
                             "(default: next to mlir-runner, ../lib)")
    parser.add_argument("--rtol", type=float, default=RTOL)


def resolve_runner(args):
    if args.runner_libs is None:
        runner = args.runner
        if os.sep not in runner:
            runner = next((os.path.join(d, runner) for d in
                           os.environ.get("PATH", "").split(os.pathsep)
                           if os.path.exists(os.path.join(d, runner))),
                          runner)
        args.runner_libs = os.path.join(
            os.path.dirname(os.path.realpath(runner)), "..", "lib")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--opt", required=True)
    parser.add_argument("--translate", required=True)
    parser.add_argument("--model", required=True,
                        help="an ONNX file, or a module it was imported to")
    parser.add_argument("--onnx", default=None,
                        help="the ONNX file of a --model given as MLIR")
    parser.add_argument("--workdir", required=True)
    parser.add_argument("--hardware", nargs="*", default=[],
                        metavar="H.yaml[:M.yaml]",
                        help="search (with the mapping file) and apply")
    parser.add_argument("--depth-first", nargs="*", default=[],
                        metavar="H.yaml",
                        help="search and apply a depth-first schedule")
    parser.add_argument("--compare", nargs="*", default=[], metavar="T.mlir",
                        help="run a module transformed elsewhere")
    add_tool_arguments(parser)
    args = parser.parse_args()
    resolve_runner(args)
    os.makedirs(args.workdir, exist_ok=True)
    if args.model.endswith(".onnx"):
        model = Model(args, args.model)
    else:
        model = Model(args, args.onnx or args.model, mlir=args.model)

    failed = 0
    try:
        model.untransformed()
    except (RuntimeError, ValueError) as e:
        print("FAIL untransformed: %s" % e)
        return 1
    peak = max(abs(v) for _, values in model.reference for v in values)
    print("untransformed: %d result(s), max |value| %.4g, %.1fs" % (
        len(model.reference), peak, model.reference_seconds))
    variants = [(h.split(":")[0], (h.split(":") + [None])[1], False)
                for h in args.hardware]
    variants += [(h, None, True) for h in args.depth_first]
    variants += [(m, None, "module") for m in args.compare]
    for i, (hardware, mapping, df) in enumerate(variants):
        if df == "module":
            with open(hardware) as f:
                status, seconds, messages = model.check_module(
                    f.read(), "compare%d" % i)
            label = os.path.basename(hardware)
        else:
            status, seconds, messages = model.check(hardware, mapping, df)
            label = os.path.basename(hardware) + (
                " depth-first" if df else " + " + os.path.basename(mapping)
                if mapping else "")
        print("%s %s: %s (%.1fs)" % (status, label, messages[0], seconds))
        for m in messages[1:]:
            print("  " + m)
        failed += status != "ok"
    print("exec: %d passed, %d failed" % (len(variants) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
