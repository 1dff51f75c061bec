#!/usr/bin/env python3
"""Checks zigzag-explore's output (test/Explore).

  passes DIR WORKLOAD ZIGZAG_OPT  every Pareto design's hardware YAML through
                                  attach-hardware, search-mapping and report
                                  (defaults) gives exactly the point's energy,
                                  latency and area
  pareto DIR                      pareto marks exactly the non-dominated
                                  feasible points; their YAML exists
  same DIR_A DIR_B                identical points.json, pareto.json,
                                  points.csv and Pareto hardware files
"""
import json
import os
import subprocess
import sys
import tempfile


def points(d):
    with open(os.path.join(d, "points.json")) as f:
        return json.load(f)["points"]


def dominates(a, b):
    ka = (a["energy_pJ"], a["latency_cycles"], a["area_mm2"])
    kb = (b["energy_pJ"], b["latency_cycles"], b["area_mm2"])
    return all(x <= y for x, y in zip(ka, kb)) and ka != kb


def check_passes(d, workload, opt):
    front = [p for p in points(d) if p["pareto"]]
    assert front, "no Pareto point"
    for p in front:
        hw = os.path.join(d, p["hardware"])
        with tempfile.TemporaryDirectory() as tmp:
            report = os.path.join(tmp, "report.json")
            subprocess.run([opt, workload,
                            "--zigzag-attach-hardware=file=" + hw,
                            "--zigzag-search-mapping",
                            "--zigzag-report=file=%s table=false" % report,
                            "-o", os.devnull], check=True)
            with open(report) as f:
                total = json.load(f)["total"]
        got = (total["energy_pJ"], total["latency_cycles"], total["area_mm2"])
        want = (p["energy_pJ"], p["latency_cycles"], p["area_mm2"])
        if got != want:
            sys.exit("design %d: passes give %r, explorer %r" %
                     (p["id"], got, want))
    print("passes: %d Pareto designs match exactly" % len(front))


def check_pareto(d):
    pts = points(d)
    feasible = [p for p in pts if p["feasible"]]
    for p in pts:
        dominated = any(dominates(q, p) for q in feasible)
        expected = p["feasible"] and not dominated
        if p["pareto"] != expected:
            sys.exit("point %d: pareto=%s, expected %s" %
                     (p["id"], p["pareto"], expected))
        if p["pareto"]:
            assert os.path.isfile(os.path.join(d, p["hardware"])), p
        else:
            assert p["hardware"] is None, p
    with open(os.path.join(d, "pareto.json")) as f:
        front = json.load(f)["points"]
    assert front == [p for p in pts if p["pareto"]]
    print("pareto: %d points, %d feasible, %d on the front" %
          (len(pts), len(feasible), len(front)))


def check_same(a, b):
    for name in ("points.json", "pareto.json", "points.csv"):
        with open(os.path.join(a, name)) as fa, open(os.path.join(b, name)) as fb:
            if fa.read() != fb.read():
                sys.exit("%s differs" % name)
    for p in points(a):
        if p["pareto"]:
            with open(os.path.join(a, p["hardware"])) as fa, \
                    open(os.path.join(b, p["hardware"])) as fb:
                if fa.read() != fb.read():
                    sys.exit("%s differs" % p["hardware"])
    print("same: %d points" % len(points(a)))


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "passes":
        check_passes(*sys.argv[2:5])
    elif cmd == "pareto":
        check_pareto(sys.argv[2])
    elif cmd == "same":
        check_same(sys.argv[2], sys.argv[3])
    else:
        sys.exit("unknown command " + cmd)
