#!/usr/bin/env python3
"""Compares a zigzag-mlir JSON report with a ZigZag reference result.

Every layer of the reference must be in the report (matched by name) with the
same energy and latency (relative tolerance --rtol) and the same spatial
mapping; the network totals must match too. Prints one line per mismatch and
a summary; exits 1 on any mismatch.
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
    args = parser.parse_args()
    with open(args.report) as f:
        ours = json.load(f)
    with open(args.reference) as f:
        ref = json.load(f)
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


if __name__ == "__main__":
    sys.exit(main())
