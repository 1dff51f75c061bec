#!/usr/bin/env python3
"""Runs real models on every accelerator end to end and checks the numbers.

For each workload x hardware file x {its matching ZigZag mapping file, none}:
  zigzag-opt --zigzag-attach-hardware --zigzag-search-mapping
             --zigzag-estimate-cost --zigzag-report --zigzag-apply-mapping
must succeed, and every layer of the report must be physically sane: no
negative energy or latency term, spatial utilization in (0, 1], energy at
least the layer's physical floor and latency at least its ideal cycles.
A hardware that truly cannot hold a layer may instead fail with a "no valid
mapping" diagnostic that names a memory (counted as "infeasible").

With --exec (ONNX workloads; use scaled-down ones, examples/models/generate.py
--image-size) a run also executes the program: the mapping searched without
a mapping file (and, with --depth-first, the depth-first schedule) is applied
and the rewritten program must print what the untransformed one prints,
within a relative tolerance (test/Utils/exec_compare.py).

Prints a grid (one row per workload, one column per hardware x mapping) with
the wall time of each run, then 'N passed, N failed'; exits 1 on a failure.
With --progress every run prints a line to stderr when it ends.
"""
import argparse
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import exec_compare  # noqa: E402

# Hardware file -> the ZigZag mapping file written for it.
MATCHING_MAPPING = {
    "ascend_like": "ascend_like",
    "edge_tpu_like": "edge_tpu_like",
    "gemm_l1": "gemm_l1",
    "gemm_l1_l3": "gemm_l1_l3",
    "meta_prototype": "meta_prototype_like",
    "tesla_npu_like": "tesla_npu_like",
    "tpu_like": "tpu_like",
}

RTOL = 1e-9


def import_workload(args, path, out):
    if path.endswith(".onnx"):
        cmd = [args.translate, "--import-onnx", path, "-o", out]
    elif path.endswith(".yaml"):
        cmd = [args.translate, "--import-zigzag-workload", path, "-o", out]
    else:
        return path
    subprocess.run(cmd, check=True, capture_output=True, text=True)
    return out


def layer_problems(layer):
    """What is physically wrong with one report layer (empty if sane)."""
    problems = []
    name = layer.get("name", "?")
    lat = layer.get("latency", {})
    for key in ("ideal", "ideal_temporal", "stall", "onload", "offload",
                "total0", "total1"):
        if key in lat and lat[key] < 0:
            problems.append("%s: latency.%s = %g < 0" % (name, key, lat[key]))
    for key in ("energy_pJ", "mac_energy_pJ", "mem_energy_pJ",
                "latency_cycles"):
        if layer.get(key, 0) < 0:
            problems.append("%s: %s = %g < 0" % (name, key, layer[key]))
    for mem, per_op in layer.get("energy_breakdown", {}).items():
        for op, e in per_op.items():
            if e < 0:
                problems.append("%s: energy of %s at %s = %g < 0" %
                                (name, op, mem, e))
    util = layer.get("spatial_utilization", 0)
    if not 0 < util <= 1 + RTOL:
        problems.append("%s: spatial utilization %g outside (0, 1]" %
                        (name, util))
    floor = layer.get("floor", {})
    energy = layer.get("energy_pJ", 0)
    if energy < floor.get("energy_pJ", 0) * (1 - RTOL):
        problems.append("%s: energy %.6g pJ below the floor %.6g pJ" %
                        (name, energy, floor["energy_pJ"]))
    latency = layer.get("latency_cycles", 0)
    ideal = max(lat.get("ideal", 0), floor.get("latency_cycles", 0))
    if latency < ideal * (1 - RTOL):
        problems.append("%s: latency %.6g cc below the ideal %.6g cc" %
                        (name, latency, ideal))
    return problems


def hardware_path(args, name):
    """ZigZag's hardware files by name, DeFiNES's as defines:<name>."""
    if name.startswith("defines:"):
        return os.path.join(args.reference, "defines-inputs", "hardware",
                            name[len("defines:"):] + ".yaml")
    return os.path.join(args.reference, "zigzag-inputs", "hardware",
                        name + ".yaml")


def run_depth_first(args, workload_mlir, hardware, workdir):
    """--zigzag-depth-first search with automatic stacks: it must succeed and
    cost no more energy than running the layers one by one (a candidate),
    unless some layer cannot run alone on the hardware at all."""
    tag = "%s.df" % hardware.replace(":", "_")
    report = os.path.join(workdir, tag + ".json")
    cmd = [args.opt, workload_mlir,
           "--zigzag-attach-hardware=file=%s" % hardware_path(args, hardware),
           "--zigzag-depth-first=search=true flavor=zigzag criterion=energy",
           "--zigzag-report=file=%s table=false" % report, "-o", os.devnull]
    start = time.time()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.time() - start
    errors = [l for l in proc.stderr.splitlines() if "error:" in l]
    if proc.returncode != 0:
        first = errors[0] if errors else "(no error message)"
        if re.search(r"no valid mapping.*memory '[^']+'", first):
            return "infeasible", seconds, [first]
        return "FAIL", seconds, ["exit %d: %s" % (proc.returncode, first)]
    with open(report) as f:
        df = json.load(f).get("depth_first", {})
    problems = []
    energy = df.get("energy_pJ", -1)
    lbl = df.get("layer_by_layer", {})
    single = lbl.get("energy_pJ", -1)
    if energy <= 0:
        problems.append("no depth-first energy in the report")
    elif "infeasible" in lbl:
        pass  # tiles fit where whole layers do not: nothing to compare with
    elif single <= 0:
        problems.append("no layer-by-layer energy in the report")
    elif energy > single * (1 + RTOL):
        problems.append("depth-first %.6g pJ above layer by layer %.6g pJ" %
                        (energy, single))
    return ("FAIL" if problems else "ok"), seconds, problems


class Executed:
    """A workload's exec_compare.Model, made on first use: its untransformed
    run is shared by every hardware's exec column."""

    def __init__(self, args, path, mlir, workdir):
        self.lock = threading.Lock()
        self.args = argparse.Namespace(**vars(args))
        self.args.workdir = os.path.join(workdir, "exec")
        self.path, self.mlir, self.model = path, mlir, None

    def get(self):
        with self.lock:
            if self.model is None:
                os.makedirs(self.args.workdir, exist_ok=True)
                self.model = exec_compare.Model(self.args, self.path,
                                                mlir=self.mlir)
                try:
                    self.model.untransformed()
                except (RuntimeError, ValueError) as e:
                    self.model.error = str(e)
            return self.model


def run_exec(executed, hardware, depth_first):
    if not executed:
        return "FAIL", 0.0, ["--exec needs an ONNX workload"]
    start = time.time()
    model = executed.get()
    if getattr(model, "error", None):
        return "FAIL", time.time() - start, [
            "untransformed program: " + model.error]
    tag = "%s.%s" % (hardware.replace(":", "_"), "df" if depth_first else
                     "none")
    status, _, messages = model.check(
        hardware_path(executed.args, hardware), depth_first=depth_first,
        tag=tag)
    return status, time.time() - start, messages


def run_case(args, workload_mlir, hardware, mapping, workdir, executed=None):
    if mapping == "df":
        return run_depth_first(args, workload_mlir, hardware, workdir)
    if mapping in ("exec", "dfexec"):
        return run_exec(executed, hardware, mapping == "dfexec")
    tag = "%s.%s" % (hardware.replace(":", "_"), mapping or "none")
    report = os.path.join(workdir, tag + ".json")
    out = os.path.join(workdir, tag + ".mlir")
    search = "--zigzag-search-mapping"
    if mapping:
        search += "=mapping-file=%s" % os.path.join(
            args.reference, "zigzag-inputs", "mapping", mapping + ".yaml")
    cmd = [args.opt, workload_mlir,
           "--zigzag-attach-hardware=file=%s" % hardware_path(args, hardware),
           search, "--zigzag-estimate-cost",
           "--zigzag-report=file=%s table=false" % report,
           "--zigzag-apply-mapping", "-o", out]
    start = time.time()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.time() - start
    stderr = proc.stderr.strip()
    if proc.returncode != 0:
        errors = [l for l in stderr.splitlines() if "error:" in l]
        first = errors[0] if errors else "(no error message)"
        if re.search(r"no valid mapping.*memory '[^']+'", first) and \
                "Stack dump" not in stderr:
            return "infeasible", seconds, [first]
        return "FAIL", seconds, ["exit %d: %s" % (proc.returncode, first)]
    if "Stack dump" in stderr or "PLEASE submit" in stderr:
        return "FAIL", seconds, ["crash report on stderr"]
    with open(report) as f:
        data = json.load(f)
    problems = []
    if not data.get("layers"):
        problems.append("the report has no layers")
    for layer in data.get("layers", []):
        problems += layer_problems(layer)
    with open(out) as f:
        rewritten = f.read()
    if "scf.for" not in rewritten:
        problems.append("apply-mapping emitted no loop nest")
    os.remove(out)
    return ("FAIL" if problems else "ok"), seconds, problems


def describe(mapping):
    return {None: "no mapping file", "df": "depth-first",
            "exec": "executed", "dfexec": "depth-first executed"}.get(
                mapping, mapping)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--opt", required=True)
    parser.add_argument("--translate", required=True)
    parser.add_argument("--reference", required=True)
    parser.add_argument("--workloads", nargs="+", required=True,
                        help="names under zigzag-inputs/workload or paths")
    parser.add_argument("--hardware", nargs="+", default=None,
                        help="ZigZag hardware names (default: all of them)")
    parser.add_argument("--defines-hardware", action="store_true",
                        help="also every DeFiNES hardware file")
    parser.add_argument("--depth-first", action="store_true",
                        help="also the depth-first search per hardware")
    parser.add_argument("--only-depth-first", action="store_true",
                        help="the depth-first search per hardware only")
    parser.add_argument("--exec", action="store_true",
                        help="also execute the rewritten program against the "
                             "untransformed one (and the depth-first one "
                             "with --depth-first)")
    parser.add_argument("--only-exec", action="store_true",
                        help="the executed columns only")
    parser.add_argument("--progress", action="store_true",
                        help="a line on stderr as each run ends")
    exec_compare.add_tool_arguments(parser)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--workdir", default=None)
    args = parser.parse_args()

    hw_dir = os.path.join(args.reference, "zigzag-inputs", "hardware")
    hardware = args.hardware or sorted(
        f[:-5] for f in os.listdir(hw_dir) if f.endswith(".yaml"))
    if args.defines_hardware:
        defines_dir = os.path.join(args.reference, "defines-inputs", "hardware")
        hardware += sorted("defines:" + f[:-5] for f in os.listdir(defines_dir)
                           if f.endswith(".yaml"))
    exec_compare.resolve_runner(args)
    workdir = args.workdir or tempfile.mkdtemp(prefix="zigzag-matrix-")
    os.makedirs(workdir, exist_ok=True)

    workloads = []
    for w in args.workloads:
        path = w if os.path.exists(w) else os.path.join(
            args.reference, "zigzag-inputs", "workload", w)
        name = os.path.basename(path).replace(".", "_")
        if any(name == known for known, _, _, _ in workloads):
            # The zoo's resnet18.onnx next to ZigZag's: name it by folder.
            name = os.path.basename(os.path.dirname(os.path.abspath(
                path))) + "/" + name
        wdir = os.path.join(workdir, name.replace("/", "_"))
        os.makedirs(wdir, exist_ok=True)
        mlir = import_workload(args, path, os.path.join(wdir, "workload.mlir"))
        executed = None
        if (args.exec or args.only_exec) and path.endswith(".onnx"):
            executed = Executed(args, path, mlir, wdir)
        workloads.append((name, mlir, wdir, executed))

    columns = []
    only = args.only_depth_first or args.only_exec
    for hw in hardware:
        if not only:
            if hw in MATCHING_MAPPING:
                columns.append((hw, MATCHING_MAPPING[hw]))
            columns.append((hw, None))
        if args.depth_first or args.only_depth_first:
            if not args.only_exec:
                columns.append((hw, "df"))
        if args.exec or args.only_exec:
            columns.append((hw, "exec"))
            if args.depth_first:
                columns.append((hw, "dfexec"))

    def run_and_tell(name, *case):
        result = run_case(args, *case)
        if args.progress:
            print("%s %s %s %.1fs%s" % (result[0], name, case[1] + {
                None: "", "df": "+df"}.get(case[2], "+" + str(case[2])),
                result[1], ": " + result[2][0] if result[2] else ""),
                file=sys.stderr, flush=True)
        return result

    jobs = {}
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        for name, mlir, wdir, executed in workloads:
            for hw, mapping in columns:
                jobs[(name, hw, mapping)] = pool.submit(
                    run_and_tell, name, mlir, hw, mapping, wdir, executed)
    results = {key: job.result() for key, job in jobs.items()}

    passed = failed = 0
    header = ["workload"] + [
        hw + {None: "", "df": "+df", "exec": "+exec",
              "dfexec": "+dfexec"}.get(m, "+map") for hw, m in columns]
    print(" | ".join(header))
    for name, _, _, _ in workloads:
        row = [name]
        for hw, mapping in columns:
            status, seconds, _ = results[(name, hw, mapping)]
            row.append("%s %.1fs" % (status, seconds))
        print(" | ".join(row))
    for key in sorted(results, key=lambda k: (k[0], k[1], k[2] or "")):
        status, seconds, problems = results[key]
        if status == "FAIL":
            failed += 1
            print("FAIL %s on %s (%s):" % (key[0], key[1], describe(key[2])))
            for p in problems[:10]:
                print("  " + p)
            if len(problems) > 10:
                print("  ... %d more" % (len(problems) - 10))
        else:
            passed += 1
            if key[2] in ("exec", "dfexec"):
                print("executed %s on %s (%s): %s" % (
                    key[0], key[1], describe(key[2]), problems[0]))
            if status == "infeasible":
                print("infeasible %s on %s (%s): %s" % (
                    key[0], key[1], describe(key[2]), problems[0]))
    print("matrix: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
