#!/usr/bin/env python3
"""Checks the depth-first totals of a zigzag-mlir JSON report.

  check_depth_first.py REPORT --energy-mJ E --latency-Mcc L [--rtol R]
      [--counts 1,14,1,...]

Compares total.energy_pJ with E mJ and total.latency_defines_cycles (DeFiNES's
metric) with L Mcc within the relative tolerance R (default 0.01), and the
tile-type counts of the first stack with --counts. Prints one line per value
("ok" or "MISMATCH") and exits 1 on any mismatch.
"""
import argparse
import json
import sys


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("report")
    parser.add_argument("--energy-mJ", type=float)
    parser.add_argument("--latency-Mcc", type=float)
    parser.add_argument("--rtol", type=float, default=0.01)
    parser.add_argument("--counts")
    args = parser.parse_args()
    with open(args.report) as f:
        report = json.load(f)
    total = report["total"]
    failed = False

    def check(what, got, want):
        nonlocal failed
        ok = abs(got - want) <= args.rtol * abs(want)
        failed |= not ok
        print("%s %s: %.4f (DeFiNES %.4f, %+.2f%%)" %
              ("ok" if ok else "MISMATCH", what, got, want,
               100 * (got - want) / want))

    if args.energy_mJ is not None:
        check("energy mJ", total["energy_pJ"] / 1e9, args.energy_mJ)
    if args.latency_Mcc is not None:
        check("latency Mcc", total["latency_defines_cycles"] / 1e6,
              args.latency_Mcc)
    if args.counts:
        want = [int(c) for c in args.counts.split(",")]
        got = [t["count"]
               for t in report["depth_first"]["stacks"][0]["tile_types"]]
        ok = got == want
        failed |= not ok
        print("%s tile types: %s" % ("ok" if ok else "MISMATCH",
                                     ",".join(str(c) for c in got)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
