#!/usr/bin/env python3
"""Compares a zigzag-mlir JSON report with a ZigZag reference result.

Every layer of the reference must be in the report (matched by name) with the
same energy and latency (relative tolerance --rtol) and the same spatial
mapping; the network totals must match too. Prints one line per mismatch and
a summary; exits 1 on any mismatch.

With --not-worse=CRITERION (latency, energy or edp) every layer must instead
be at least as good as the reference for that criterion (latency then energy,
energy then latency, or energy x latency, within --rtol); it prints the
layers that are better, the layers whose search proved optimality, and the
network gain.
"""
import argparse
import json
import sys


def close(a, b, rtol):
    return abs(a - b) <= rtol * max(abs(a), abs(b), 1e-300)


def spatial(mapping):
    return {dim: sorted((str(l), int(f)) for l, f in loops)
            for dim, loops in mapping.items() if loops}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("report")
    parser.add_argument("reference")
    parser.add_argument("--rtol", type=float, default=1e-6)
    parser.add_argument("--totals-rtol", type=float, default=None,
                        help="tolerance of the network totals (default rtol)")
    parser.add_argument("--not-worse", choices=("latency", "energy", "edp"),
                        help="check that no layer is worse for this criterion")
    args = parser.parse_args()
    with open(args.report) as f:
        ours = json.load(f)
    with open(args.reference) as f:
        ref = json.load(f)
    if args.not_worse:
        return not_worse(ours, ref, args.not_worse, args.rtol)
    by_name = {layer["name"]: layer for layer in ours["layers"]}
    mismatches = 0
    for r in ref["layers"]:
        o = by_name.get(r["name"])
        if o is None:
            print(f"missing layer {r['name']}")
            mismatches += 1
            continue
        for key in ("energy_pJ", "latency_cycles"):
            if not close(o[key], r[key], args.rtol):
                print(f"{r['name']}: {key} {o[key]!r} != reference {r[key]!r}")
                mismatches += 1
        if spatial(o["mapping"]["spatial"]) != spatial(r["spatial_mapping"]):
            print(f"{r['name']}: spatial mapping {o['mapping']['spatial']} != "
                  f"reference {r['spatial_mapping']}")
            mismatches += 1
    totals_rtol = args.totals_rtol if args.totals_rtol is not None else args.rtol
    for key in ("energy_pJ", "latency_cycles"):
        if not close(ours["total"][key], ref["total"][key], totals_rtol):
            print(f"total: {key} {ours['total'][key]!r} != reference "
                  f"{ref['total'][key]!r}")
            mismatches += 1
    print(f"compared {len(ref['layers'])} layers: {mismatches} mismatches; "
          f"total energy {ours['total']['energy_pJ']:.2f} pJ, "
          f"latency {ours['total']['latency_cycles']:.1f} cycles")
    return 1 if mismatches else 0


def key(layer, criterion):
    """What the criterion minimises, as a tuple compared lexicographically."""
    energy, latency = layer["energy_pJ"], layer["latency_cycles"]
    if criterion == "latency":
        return (latency, energy)
    if criterion == "energy":
        return (energy, latency)
    return (energy * latency,)


def no_worse(a, b, rtol):
    """a <= b lexicographically, equal meaning within rtol."""
    for x, y in zip(a, b):
        if close(x, y, rtol):
            continue
        return x < y
    return True


def not_worse(ours, ref, criterion, rtol):
    by_name = {layer["name"]: layer for layer in ours["layers"]}
    worse, better, proven = [], [], []
    for r in ref["layers"]:
        o = by_name.get(r["name"])
        if o is None:
            print(f"missing layer {r['name']}")
            worse.append(r["name"])
            continue
        mine, theirs = key(o, criterion), key(r, criterion)
        if not no_worse(mine, theirs, rtol):
            print(f"{r['name']}: {criterion} {mine} worse than reference "
                  f"{theirs}")
            worse.append(r["name"])
        elif not no_worse(theirs, mine, rtol):
            better.append(r["name"])
        if o.get("search", {}).get("optimal"):
            proven.append(r["name"])
    print(f"compared {len(ref['layers'])} layers for {criterion}: "
          f"{len(worse)} worse, {len(better)} better")
    print(f"proven optimal: {len(proven)}: {' '.join(proven)}")
    total, rtotal = ours["total"], ref["total"]
    gains = []
    for name, k in (("energy", "energy_pJ"), ("latency", "latency_cycles")):
        gains.append(f"{name} {100 * (1 - total[k] / rtotal[k]):.2f}%")
    print(f"network gain vs reference: {', '.join(gains)}")
    return 1 if worse else 0


if __name__ == "__main__":
    sys.exit(main())
