#!/usr/bin/env python3
"""Compares the loop nests of --zigzag-apply-mapping (stage-buffers=false)
with those of the exported transform library, op by op.

usage: trip_counts.py APPLIED.mlir TILED.mlir

Both files are canonicalized IR of the same tagged module (every mapped op
carries zigzag_op_id, which the clones in both nests keep). For each op id,
the loops around its first point op are read with their trip counts at the
first iteration of every enclosing loop (lower bounds 0; affine.min bounds
evaluated there: the full tiles the mapping's factors count):
  * the rewrite's scf.for loops (0 to factor step 1) are the temporal loops;
    its scf.forall holds all spatial lanes;
  * the library's first scf.for loops must have the same trip counts, in
    order; its remaining loops (sequential reduction lanes, the forall of
    the parallel lanes) must have as many iterations in total as the
    rewrite's forall.
Prints one line per op and exits 1 on the first difference.
"""

import math
import re
import sys

CONST = re.compile(r"^\s*(%[\w.]+) = arith\.constant (-?\d+) : index")
MAP = re.compile(r"^(#[\w.]+) = affine_map<\(([^)]*)\)(?:\[([^\]]*)\])? -> \((.*)\)>$")
AFFINE = re.compile(
    r"^\s*(%[\w.]+) = affine\.(min|max|apply) (#[\w.]+)\(([^)]*)\)(?:\[([^\]]*)\])?")
FOR = re.compile(r"scf\.for (%[\w.]+) = (%[\w.]+) to (%[\w.]+) step (%[\w.]+)")
FORALL = re.compile(r"scf\.forall \(([^)]*)\) in \(([^)]*)\)")
OP_ID = re.compile(r'zigzag_op_id = "([^"]+)"')


def split_top(text):
    """Splits at commas outside parentheses."""
    parts, depth, cur = [], 0, ""
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    if cur.strip():
        parts.append(cur)
    return [p.strip() for p in parts]


def evaluate(expr, names, values):
    expr = expr.replace("ceildiv", "@C@").replace("floordiv", "//")
    expr = expr.replace("mod", "%")
    for name in sorted(names, key=len, reverse=True):
        expr = re.sub(r"\b%s\b" % re.escape(name), "(%d)" % values[name], expr)
    if "@C@" in expr:
        raise ValueError("ceildiv in " + expr)
    return eval(expr, {"__builtins__": {}})


def nests(path):
    """op id -> list of ('for' | 'forall', trip counts) around its first point op."""
    maps, env, result = {}, {}, {}
    stack = []  # one entry per open region: a loop tuple or None

    def value(name):
        name = name.strip()
        if re.fullmatch(r"-?\d+", name):
            return int(name)
        return env[name]

    for line in open(path):
        line = line.rstrip("\n")
        m = MAP.match(line)
        if m:
            dims = [d.strip() for d in m.group(2).split(",") if d.strip()]
            syms = [s.strip() for s in (m.group(3) or "").split(",") if s.strip()]
            maps[m.group(1)] = (dims, syms, split_top(m.group(4)))
            continue
        stripped = line.strip()
        if stripped.startswith("}"):
            if stack:
                stack.pop()
        m = CONST.match(line)
        if m:
            env[m.group(1)] = int(m.group(2))
        m = AFFINE.match(line)
        if m:
            dims, syms, results = maps[m.group(3)]
            args = [a for a in m.group(4).split(",") if a.strip()]
            sargs = [a for a in (m.group(5) or "").split(",") if a.strip()]
            values = {d: value(a) for d, a in zip(dims, args)}
            values.update({s: value(a) for s, a in zip(syms, sargs)})
            evaluated = [evaluate(r, dims + syms, values) for r in results]
            kind = m.group(2)
            env[m.group(1)] = (min(evaluated) if kind == "min" else
                               max(evaluated) if kind == "max" else evaluated[0])
        loop = None
        m = FOR.search(line)
        if m:
            iv, lb, ub, step = m.groups()
            trips = math.ceil((value(ub) - value(lb)) / value(step))
            env[iv] = value(lb)  # first iteration
            loop = ("for", trips)
        m = FORALL.search(line)
        if m:
            for iv in m.group(1).split(","):
                env[iv.strip()] = 0
            loop = ("forall", math.prod(value(b) for b in m.group(2).split(",")))
        m = OP_ID.search(line)
        if m and stack and m.group(1) not in result and not loop:
            result[m.group(1)] = [l for l in stack if l]
        if stripped.endswith("{"):
            stack.append(loop)
    return result


def main():
    applied, tiled = nests(sys.argv[1]), nests(sys.argv[2])
    if not applied:
        sys.exit("no tagged op inside loops in " + sys.argv[1])
    for op_id, loops in applied.items():
        temporal = [t for k, t in loops if k == "for"]
        lanes = math.prod(t for k, t in loops if k == "forall")
        other = tiled.get(op_id)
        if other is None:
            print("%s: not tiled by the library" % op_id)
            sys.exit(1)
        head = [t for _, t in other[:len(temporal)]]
        rest = math.prod(t for _, t in other[len(temporal):])
        ok = (head == temporal and
              all(k == "for" for k, _ in other[:len(temporal)]) and
              rest == lanes)
        print("%s: temporal %s lanes %d | library %s then %d%s" % (
            op_id, temporal, lanes, head, rest, "" if ok else "  MISMATCH"))
        if not ok:
            sys.exit(1)


if __name__ == "__main__":
    main()
