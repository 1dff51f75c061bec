#!/usr/bin/env python3
"""Checks the depth-first totals of a zigzag-mlir JSON report.

  check_depth_first.py REPORT --energy-mJ E --latency-Mcc L [--rtol R]
      [--latency-rtol R] [--copy-rtol R] [--mac-energy-mJ E] [--copy-energy-mJ E]
      [--copy-latency-Mcc L] [--counts 1,14,1,...] [--tile-types N]
      [--stacks N] [--not-worse-than OTHER_REPORT]

Compares total.energy_pJ with E mJ and total.latency_defines_cycles (DeFiNES's
metric) with L Mcc within the relative tolerance R (default 0.01;
--latency-rtol, default R, for the latency), the MAC energy likewise, the
data-copy energy and latency (DeFiNES's "DC E", "DC L") within --copy-rtol
(default R),
the tile-type counts of the first stack with --counts (their number alone
with --tile-types), the number of stacks with --stacks, and that the total
energy is at most OTHER_REPORT's with --not-worse-than. Prints one line
per value ("ok" or "MISMATCH") and exits 1 on any mismatch.
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
    parser.add_argument("--latency-rtol", type=float)
    parser.add_argument("--copy-rtol", type=float)
    parser.add_argument("--mac-energy-mJ", type=float)
    parser.add_argument("--copy-energy-mJ", type=float)
    parser.add_argument("--copy-latency-Mcc", type=float)
    parser.add_argument("--counts")
    parser.add_argument("--tile-types", type=int)
    parser.add_argument("--stacks", type=int)
    parser.add_argument("--not-worse-than")
    args = parser.parse_args()
    with open(args.report) as f:
        report = json.load(f)
    total = report["total"]
    depth_first = report["depth_first"]
    latency_rtol = args.rtol if args.latency_rtol is None else args.latency_rtol
    copy_rtol = args.rtol if args.copy_rtol is None else args.copy_rtol
    failed = False

    def check(what, got, want, rtol=args.rtol):
        nonlocal failed
        ok = abs(got - want) <= rtol * abs(want)
        failed |= not ok
        print("%s %s: %.4f (DeFiNES %.4f, %+.2f%%)" %
              ("ok" if ok else "MISMATCH", what, got, want,
               100 * (got - want) / want))

    if args.energy_mJ is not None:
        check("energy mJ", total["energy_pJ"] / 1e9, args.energy_mJ)
    if args.latency_Mcc is not None:
        check("latency Mcc", total["latency_defines_cycles"] / 1e6,
              args.latency_Mcc, latency_rtol)
    if args.mac_energy_mJ is not None:
        check("MAC energy mJ", depth_first["mac_energy_pJ"] / 1e9,
              args.mac_energy_mJ)
    if args.copy_energy_mJ is not None:
        check("copy energy mJ", depth_first["copy_energy_pJ"] / 1e9,
              args.copy_energy_mJ, copy_rtol)
    if args.copy_latency_Mcc is not None:
        check("copy latency Mcc", depth_first["copy_latency_cycles"] / 1e6,
              args.copy_latency_Mcc, copy_rtol)
    if args.not_worse_than:
        with open(args.not_worse_than) as f:
            other = json.load(f)["total"]["energy_pJ"] / 1e9
        got = total["energy_pJ"] / 1e9
        ok = got <= other
        failed |= not ok
        print("%s energy mJ not above %s: %.6f vs %.6f" %
              ("ok" if ok else "MISMATCH", args.not_worse_than, got, other))
    if args.stacks is not None:
        got = len(depth_first["stacks"])
        ok = got == args.stacks
        failed |= not ok
        print("%s stacks: %d" % ("ok" if ok else "MISMATCH", got))
    if args.tile_types is not None:
        got = len(depth_first["stacks"][0]["tile_types"])
        ok = got == args.tile_types
        failed |= not ok
        print("%s number of tile types: %d" % ("ok" if ok else "MISMATCH",
                                               got))
    if args.counts:
        want = [int(c) for c in args.counts.split(",")]
        got = [t["count"] for t in depth_first["stacks"][0]["tile_types"]]
        ok = got == want
        failed |= not ok
        print("%s tile types: %s" % ("ok" if ok else "MISMATCH",
                                     ",".join(str(c) for c in got)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
