#!/usr/bin/env python3
"""Checks the depth-first totals of a zigzag-mlir JSON report.

  check_depth_first.py REPORT --energy-mJ E --latency-Mcc L [--rtol R]
      [--latency-rtol R] [--copy-rtol R] [--mac-energy-mJ E] [--copy-energy-mJ E]
      [--copy-latency-Mcc L] [--counts 1,14,1,...] [--tile-types N]
      [--stacks N] [--not-worse-than OTHER_REPORT]
      [--layer-by-layer-equals OTHER_REPORT] [--stacks-from F]

Compares total.energy_pJ with E mJ and total.latency_defines_cycles (DeFiNES's
metric) with L Mcc within the relative tolerance R (default 0.01;
--latency-rtol, default R, for the latency), the MAC energy likewise, the
data-copy energy and latency (DeFiNES's "DC E", "DC L") within --copy-rtol
(default R),
OTHER_REPORT is a JSON report, or an IR file whose zigzag.cost attributes
(written by --zigzag-search-mapping) add up to the single-layer total;
the tile-type counts of the first stack with --counts (their number alone
with --tile-types), the number of stacks with --stacks, that the total
energy is at most OTHER_REPORT's with --not-worse-than, that the
layer-by-layer reference (depth_first.layer_by_layer) has OTHER_REPORT's
total energy and latency (relative 1e-9: the same searches, summed in
another order) with --layer-by-layer-equals, and the formation chosen with
--stacks-from. Prints one line per value ("ok" or "MISMATCH") and exits 1
on any mismatch.
"""
import argparse
import json
import re
import struct
import sys


def load_total(path):
    """The total of a JSON report, or of the zigzag.cost attributes of an
    IR file (the single-layer flow's searches, without a report)."""
    if path.endswith(".json"):
        with open(path) as f:
            return json.load(f)["total"]
    def number(text):
        # MLIR prints a double as hex bits when decimal would not round-trip.
        if text.startswith("0x"):
            return struct.unpack(">d", bytes.fromhex(text[2:]))[0]
        return float(text)

    energy = latency = 0.0
    with open(path) as f:
        for cost in re.findall(r"#zigzag\.cost<([^>]*)>", f.read()):
            fields = dict(re.findall(r"(\w+) = (0x[0-9A-Fa-f]+|[-+0-9.e]+)",
                                     cost))
            energy += number(fields["energy"])
            latency += number(fields["latency"])
    return {"energy_pJ": energy, "latency_cycles": latency}


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
    parser.add_argument("--layer-by-layer-equals")
    parser.add_argument("--stacks-from")
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
        other = load_total(args.not_worse_than)["energy_pJ"] / 1e9
        got = total["energy_pJ"] / 1e9
        ok = got <= other
        failed |= not ok
        print("%s energy mJ not above %s: %.6f vs %.6f" %
              ("ok" if ok else "MISMATCH", args.not_worse_than, got, other))
    if args.layer_by_layer_equals:
        other = load_total(args.layer_by_layer_equals)
        lbl = depth_first["layer_by_layer"]
        for key in ("energy_pJ", "latency_cycles"):
            ok = abs(lbl[key] - other[key]) <= 1e-9 * abs(other[key])
            failed |= not ok
            print("%s layer-by-layer %s equals %s's: %.2f vs %.2f" %
                  ("ok" if ok else "MISMATCH", key,
                   args.layer_by_layer_equals, lbl[key], other[key]))
    if args.stacks_from is not None:
        got = depth_first["stacks_from"]
        ok = got == args.stacks_from
        failed |= not ok
        print("%s stacks from: %s" % ("ok" if ok else "MISMATCH", got))
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
