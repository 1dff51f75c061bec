#!/usr/bin/env python3
"""Randomized check of --zigzag-apply-mapping: random (op, valid mapping)
pairs are rewritten, lowered to LLVM and executed with mlir-runner next to
the untransformed ops; the printed results must be identical.

Ops: matmul (f32 and i32), conv_2d_nchw_fchw (strides, dilations),
depthwise_conv_2d_nhwc_hwc, pooling_nchw_max and two linalg.generic ops (one
reading linalg.index), in tensor and memref form. Mappings: random spatial
unrolling (possibly non-divisible, mixed on one array dim, or one loop over
two array dims), temporal factors of ceil(size / spatial) in random order,
random memory-level cuts per operand (uneven), staging on or off. With
--imperfect P, each loop of at least 3 temporal iterations gets, with
probability P, an imperfect factorization: random inner factors whose product
p is below its T = ceil(size / spatial) iterations and an outermost factor
ceil(T / p) (7 as 3 x 3: tiles 3, 3, 1).

Inputs hold small integers, so every summation order gives the same floats.
Cases are batched into modules (one compile per batch). Python 3 stdlib only.

  random_apply_mapping.py --opt zigzag-opt --runner mlir-runner \\
      --libs /usr/lib/llvm-22/lib --count 60 --seed 1
Prints one line per mismatch and a summary line
"apply-mapping random: N cases, M mismatches"; exits 1 on a mismatch.
"""

import argparse
import os
import random
import subprocess
import sys
import tempfile

MEMORIES = ["rf", "lb", "sram", "dram"]


def factorize(n):
    factors, p = [], 2
    while n > 1:
        while n % p == 0:
            factors.append(p)
            n //= p
        p += 1
    return factors


class Case:
    """One op with shapes, loop names and a mapping."""

    def __init__(self, rng, index, form, imperfect=0.0):
        self.imperfect = imperfect
        self.index = index
        self.form = form  # "tensor" or "memref"
        self.elem = "f32"
        kind = rng.choice(["matmul", "matmul_i32", "conv", "depthwise",
                           "pool", "generic_red", "generic_ew"])
        self.kind = kind
        r = lambda lo, hi: rng.randint(lo, hi)
        if kind in ("matmul", "matmul_i32"):
            M, N, K = r(1, 9), r(1, 9), r(1, 9)
            if kind == "matmul_i32":
                self.elem = "i32"
            self.loops = [("M", M), ("N", N), ("K", K)]
            self.reduction = [False, False, True]
            self.shapes = [[M, K], [K, N], [M, N]]
            self.op = "linalg.matmul"
            self.attrs = ""
        elif kind == "conv":
            B, K, OY, OX, C, FY, FX = (r(1, 2), r(1, 4), r(1, 5), r(1, 5),
                                       r(1, 3), r(1, 3), r(1, 3))
            s, d = rng.choice([(1, 1), (2, 1), (2, 2), (1, 2), (3, 1)])
            IY, IX = (OY - 1) * s + (FY - 1) * d + 1, (OX - 1) * s + (FX - 1) * d + 1
            self.loops = [("B", B), ("K", K), ("OY", OY), ("OX", OX), ("C", C),
                          ("FY", FY), ("FX", FX)]
            self.reduction = [False] * 4 + [True] * 3
            self.shapes = [[B, C, IY, IX], [K, C, FY, FX], [B, K, OY, OX]]
            self.op = "linalg.conv_2d_nchw_fchw"
            self.attrs = ("{dilations = dense<%d> : tensor<2xi64>, "
                          "strides = dense<%d> : tensor<2xi64>}" % (d, s))
        elif kind == "depthwise":
            B, OY, OX, G, FY, FX = (r(1, 2), r(1, 5), r(1, 5), r(1, 4),
                                    r(1, 3), r(1, 3))
            s = rng.choice([1, 2])
            IY, IX = (OY - 1) * s + FY, (OX - 1) * s + FX
            self.loops = [("B", B), ("OY", OY), ("OX", OX), ("G", G),
                          ("FY", FY), ("FX", FX)]
            self.reduction = [False] * 4 + [True] * 2
            self.shapes = [[B, IY, IX, G], [FY, FX, G], [B, OY, OX, G]]
            self.op = "linalg.depthwise_conv_2d_nhwc_hwc"
            self.attrs = ("{dilations = dense<1> : tensor<2xi64>, "
                          "strides = dense<%d> : tensor<2xi64>}" % s)
        elif kind == "pool":
            B, C, OY, OX, FY, FX = (r(1, 2), r(1, 4), r(1, 5), r(1, 5),
                                    r(1, 3), r(1, 3))
            s = rng.choice([1, 2])
            IY, IX = (OY - 1) * s + FY, (OX - 1) * s + FX
            self.loops = [("B", B), ("C", C), ("OY", OY), ("OX", OX),
                          ("FY", FY), ("FX", FX)]
            self.reduction = [False] * 4 + [True] * 2
            self.shapes = [[B, C, IY, IX], [FY, FX], [B, C, OY, OX]]
            self.op = "linalg.pooling_nchw_max"
            self.attrs = ("{dilations = dense<1> : tensor<2xi64>, "
                          "strides = dense<%d> : tensor<2xi64>}" % s)
        elif kind == "generic_red":
            # out[i, j] += a[i, k] * b[k, j] + i: a reduction reading linalg.index.
            I, J, K = r(1, 8), r(1, 8), r(1, 8)
            self.loops = [("I", I), ("J", J), ("K", K)]
            self.reduction = [False, False, True]
            self.shapes = [[I, K], [K, J], [I, J]]
            self.op = "generic_red"
        else:
            # out[i, j, k] = out + a[i, k] * b[j]: elementwise with broadcasts.
            I, J, K = r(1, 6), r(1, 6), r(1, 6)
            self.loops = [("I", I), ("J", J), ("K", K)]
            self.reduction = [False, False, False]
            self.shapes = [[I, K], [J], [I, J, K]]
            self.op = "generic_ew"
        # Named loops half of the time, else the default d0, d1, ...
        self.named = rng.random() < 0.5
        if not self.named:
            self.loops = [("d%d" % i, n) for i, (_, n) in enumerate(self.loops)]
        self.stage = rng.random() < 0.8
        self.mapping = self.random_mapping(rng)

    def random_mapping(self, rng):
        spatial = []  # (array dim, loop, factor)
        temporal = []
        padded = {}  # loop -> (inner factors, outermost factor)
        dims = ["D1", "D2", "D3"]
        for name, size in self.loops:
            s = 1 if rng.random() < 0.4 else rng.randint(1, min(size, 6))
            split = None
            if s > 1 and size % s == 0 and rng.random() < 0.25:
                fs = factorize(s)
                if len(fs) >= 2:
                    a = fs[0]
                    split = (a, s // a)
            if split:
                d1, d2 = rng.sample(dims, 2)
                spatial += [(d1, name, split[0]), (d2, name, split[1])]
            elif s > 1:
                spatial.append((rng.choice(dims), name, s))
            t = -(-size // s)
            if self.imperfect and t >= 3 and rng.random() < self.imperfect:
                inner = [rng.randint(2, t - 1)]
                if inner[0] * 2 < t and rng.random() < 0.5:
                    inner.append(rng.randint(2, (t - 1) // inner[0]))
                product = 1
                for f in inner:
                    product *= f
                outer = -(-t // product)
                if product * outer != t:
                    padded[name] = (inner, outer)
                    temporal += [(name, 0)] * (len(inner) + 1)
                    continue
            fs = factorize(t)
            rng.shuffle(fs)
            groups = rng.randint(1, max(1, min(3, len(fs))))
            loops = [1] * groups
            for i, f in enumerate(fs):
                loops[i % groups] *= f
            for f in loops:
                if f > 1 or rng.random() < 0.1:
                    temporal.append((name, f))
        rng.shuffle(temporal)
        self.padded = len(padded)
        # An imperfect loop's outermost occurrence takes ceil(T / inner).
        for name, (inner, outer) in padded.items():
            where = [i for i, l in enumerate(temporal) if l[0] == name]
            for i, f in zip(where, inner + [outer]):
                temporal[i] = (name, f)
        # The verifier wants each array dim's unrollings together.
        spatial.sort(key=lambda u: u[0])
        n = len(temporal)
        levels = []
        for role in ["I1", "I2", "O"]:
            count = rng.randint(1, 3)
            cuts = sorted(rng.randint(0, n) for _ in range(count - 1)) + [n]
            names = sorted(rng.sample(MEMORIES[:-1], count - 1),
                           key=MEMORIES.index) + ["dram"]
            levels.append("%s = [%s]" % (role, ", ".join(
                "%s %d" % (m, c) for m, c in zip(names, cuts))))
        by_dim = {}
        for d, name, f in spatial:
            by_dim.setdefault(d, []).append("%s %d" % (name, f))
        return ("#zigzag.mapping<spatial = {%s}, temporal = [%s], levels = {%s}>"
                % (", ".join("%s = [%s]" % (d, ", ".join(us))
                             for d, us in by_dim.items()),
                   ", ".join("%s %d" % l for l in temporal), ", ".join(levels)))

    def type(self, shape):
        dims = "x".join(str(s) for s in shape)
        return "%s<%sx%s>" % (self.form, dims, self.elem)

    def function(self, rewritten):
        """@case_<i>: the op on its arguments (the output is the last)."""
        types = [self.type(s) for s in self.shapes]
        args = ", ".join("%%a%d: %s" % (i, t) for i, t in enumerate(types))
        tensor = self.form == "tensor"
        ret = " -> %s" % types[2] if tensor else ""
        attrs = {"zigzag.mapping": self.mapping} if rewritten else {}
        if self.named:
            attrs["zigzag.loop_names"] = "[%s]" % ", ".join(
                '"%s"' % n for n, _ in self.loops)
        res = "%r = " if tensor else ""
        outs = "outs(%%a2 : %s)%s" % (types[2], ret)
        ins = "ins(%%a0, %%a1 : %s, %s)" % (types[0], types[1])
        lines = ["func.func @case_%d_%s(%s)%s {" % (
            self.index, "mapped" if rewritten else "plain", args, ret)]
        disc = ", ".join("%s = %s" % kv for kv in attrs.items())
        if self.op.startswith("linalg."):
            head = self.op
            if self.attrs:
                head += " " + self.attrs[:-1] + (", " + disc if disc else "") + "}"
            elif disc:
                head += " {%s}" % disc
            lines.append("  %s%s %s %s" % (res, head, ins, outs))
        else:
            add = "arith.addi" if self.elem == "i32" else "arith.addf"
            mul = "arith.muli" if self.elem == "i32" else "arith.mulf"
            if self.op == "generic_red":
                maps = ["(i, j, k) -> (i, k)", "(i, j, k) -> (k, j)",
                        "(i, j, k) -> (i, j)"]
                iters = '"parallel", "parallel", "reduction"'
            else:
                maps = ["(i, j, k) -> (i, k)", "(i, j, k) -> (j)",
                        "(i, j, k) -> (i, j, k)"]
                iters = '"parallel", "parallel", "parallel"'
            lines.append("  %slinalg.generic {indexing_maps = [%s], "
                         "iterator_types = [%s]%s} %s outs(%%a2 : %s) {" % (
                             res, ", ".join("affine_map<%s>" % m for m in maps),
                             iters, ", " + disc if disc else "", ins, types[2]))
            lines.append("  ^bb0(%%x: %s, %%y: %s, %%acc: %s):" % ((self.elem,) * 3))
            lines.append("    %%p = %s %%x, %%y : %s" % (mul, self.elem))
            if self.op == "generic_red":
                lines.append("    %i = linalg.index 0 : index")
                lines.append("    %ii = arith.index_cast %i : index to i32")
                lines.append("    %if = arith.sitofp %ii : i32 to f32")
                lines.append("    %q = arith.addf %p, %if : f32")
                lines.append("    %s = arith.addf %acc, %q : f32")
            else:
                lines.append("    %%s = %s %%acc, %%p : %s" % (add, self.elem))
            lines.append("    linalg.yield %%s : %s" % self.elem)
            lines.append("  }" + ret)
        lines.append("  return%s" % (" %%r : %s" % types[2] if tensor else ""))
        lines.append("}")
        return "\n".join(lines)


def fill(case, var, shape, seed):
    """Defines %var with small integers derived from the indices."""
    rank = len(shape)
    t = case.type(shape)
    dims = ", ".join("d%d" % i for i in range(rank))
    out = []
    if case.form == "tensor":
        out.append("  %%%s_e = tensor.empty() : %s" % (var, t))
        target, res = "%%%s_e" % var, "%%%s = " % var
        ret = " -> %s" % t
    else:
        out.append("  %%%s = memref.alloc() : %s" % (var, t))
        target, res, ret = "%%%s" % var, "", ""
    out.append("  %slinalg.generic {indexing_maps = [affine_map<(%s) -> (%s)>], "
               "iterator_types = [%s]} outs(%s : %s) {" % (
                   res, dims, dims, ", ".join(['"parallel"'] * rank), target, t))
    out.append("  ^bb0(%%o: %s):" % case.elem)
    primes = [3, 5, 7, 11]
    out.append("    %%v0 = arith.constant %d : index" % seed)
    for i in range(rank):
        out.append("    %%i%d = linalg.index %d : index" % (i, i))
        out.append("    %%p%d = arith.constant %d : index" % (i, primes[i]))
        out.append("    %%m%d = arith.muli %%i%d, %%p%d : index" % (i, i, i))
        out.append("    %%v%d = arith.addi %%v%d, %%m%d : index" % (i + 1, i, i))
    out.append("    %k7 = arith.constant 7 : index")
    out.append("    %%r = arith.remui %%v%d, %%k7 : index" % rank)
    out.append("    %ri = arith.index_cast %r : index to i32")
    out.append("    %k3 = arith.constant 3 : i32")
    out.append("    %rs = arith.subi %ri, %k3 : i32")
    if case.elem == "f32":
        out.append("    %rf = arith.sitofp %rs : i32 to f32")
        out.append("    linalg.yield %rf : f32")
    else:
        out.append("    linalg.yield %rs : i32")
    out.append("  }" + ret)
    return out


def module(cases, rewritten):
    lines = ["func.func private @printMemrefF32(%s<*xf32>)" % cases[0].form,
             "func.func private @printMemrefI32(%s<*xi32>)" % cases[0].form,
             "func.func private @printI64(i64)",
             "func.func private @printNewline()"]
    for case in cases:
        lines.append(case.function(rewritten))
    lines.append("func.func @main() {")
    for case in cases:
        names = ["c%d_x%d" % (case.index, i) for i in range(3)]
        for i, (name, shape) in enumerate(zip(names, case.shapes)):
            lines += fill(case, name, shape, case.index + i)
        types = [case.type(s) for s in case.shapes]
        fn = "@case_%d_%s" % (case.index, "mapped" if rewritten else "plain")
        call = "func.call %s(%s) : (%s)" % (
            fn, ", ".join("%" + n for n in names), ", ".join(types))
        idx = "%%c%d_idx" % case.index
        lines.append("  %s = arith.constant %d : i64" % (idx, case.index))
        lines.append("  func.call @printI64(%s) : (i64) -> ()" % idx)
        lines.append("  func.call @printNewline() : () -> ()")
        res = "%%c%d_res" % case.index
        if case.form == "tensor":
            lines.append("  %s = %s -> %s" % (res, call, types[2]))
            lines.append("  %%c%d_u = tensor.cast %s : %s to tensor<*x%s>" % (
                case.index, res, types[2], case.elem))
        else:
            lines.append("  %s -> ()" % call)
            lines.append("  %%c%d_u = memref.cast %%%s : %s to memref<*x%s>" % (
                case.index, names[2], types[2], case.elem))
        printer = "printMemrefF32" if case.elem == "f32" else "printMemrefI32"
        lines.append("  func.call @%s(%%c%d_u) : (%s<*x%s>) -> ()" % (
            printer, case.index, case.form, case.elem))
    lines.append("  return")
    lines.append("}")
    return "\n".join(lines) + "\n"


LOWERING = [
    "--one-shot-bufferize=bufferize-function-boundaries "
    "function-boundary-type-conversion=identity-layout-map",
    "--convert-linalg-to-loops", "--scf-forall-to-for", "--lower-affine",
    "--convert-scf-to-cf", "--expand-strided-metadata", "--lower-affine",
    "--finalize-memref-to-llvm", "--convert-math-to-llvm",
    "--convert-arith-to-llvm", "--convert-index-to-llvm",
    "--convert-cf-to-llvm", "--convert-func-to-llvm",
    "--reconcile-unrealized-casts"]


def run(args, text, rewrite_passes, workdir, tag):
    path = os.path.join(workdir, tag + ".mlir")
    with open(path, "w") as f:
        f.write(text)
    opt_args = [args.opt, path] + rewrite_passes + LOWERING
    lowered = subprocess.run(opt_args, capture_output=True, text=True)
    if lowered.returncode != 0:
        raise RuntimeError("%s failed on %s:\n%s" % (
            " ".join(opt_args), path, lowered.stderr[-4000:]))
    libs = ",".join(os.path.join(args.libs, l) for l in (
        "libmlir_runner_utils.so", "libmlir_c_runner_utils.so"))
    ran = subprocess.run([args.runner, "-e", "main",
                          "-entry-point-result=void", "-shared-libs=" + libs],
                         input=lowered.stdout, capture_output=True, text=True)
    if ran.returncode != 0:
        raise RuntimeError("mlir-runner failed on %s:\n%s" % (
            path, ran.stderr[-4000:]))
    # One block per case: "<index>" then the printed memref (minus its address).
    blocks, current = {}, None
    for line in ran.stdout.splitlines():
        if line.strip().isdigit():
            current = int(line)
            blocks[current] = []
        elif current is not None and not line.startswith("Unranked Memref"):
            blocks[current].append(line)
    return blocks


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--opt", required=True, help="zigzag-opt")
    parser.add_argument("--runner", required=True, help="mlir-runner")
    parser.add_argument("--libs", required=True,
                        help="directory of libmlir_(c_)runner_utils.so")
    parser.add_argument("--count", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--imperfect", type=float, default=0.0,
                        help="probability of an imperfect factorization "
                        "per loop")
    parser.add_argument("--batch", type=int, default=30,
                        help="cases per compiled module")
    parser.add_argument("--keep", help="keep the generated files here")
    args = parser.parse_args()

    rng = random.Random(args.seed)
    cases = [Case(rng, i, rng.choice(["tensor", "memref"]), args.imperfect)
             for i in range(args.count)]
    workdir = args.keep or tempfile.mkdtemp(prefix="zigzag-random-")
    os.makedirs(workdir, exist_ok=True)
    mismatches = 0
    for form in ("tensor", "memref"):
        group = [c for c in cases if c.form == form]
        for start in range(0, len(group), args.batch):
            batch = group[start:start + args.batch]
            tag = "%s_%d" % (form, start)
            staged = [c for c in batch if c.stage]
            unstaged = [c for c in batch if not c.stage]
            plain = run(args, module(batch, False), [], workdir, tag + "_plain")
            mapped = {}
            for subset, stage in ((staged, "true"), (unstaged, "false")):
                if not subset:
                    continue
                passes = ["--zigzag-apply-mapping=stage-buffers=" + stage,
                          "--zigzag-strip-memory-spaces"]
                mapped.update(run(args, module(subset, True), passes, workdir,
                                  "%s_mapped_%s" % (tag, stage)))
            for c in batch:
                if plain.get(c.index) is None or plain.get(c.index) != mapped.get(c.index):
                    mismatches += 1
                    print("MISMATCH case %d (%s, %s, staging %s): %s %s" % (
                        c.index, c.kind, c.form, "on" if c.stage else "off",
                        c.mapping, [n for n in c.loops]))
    if args.imperfect:
        print("imperfect: %d cases with an imperfect factorization" %
              sum(1 for c in cases if c.padded))
    print("apply-mapping random: %d cases, %d mismatches" % (len(cases),
                                                               mismatches))
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
