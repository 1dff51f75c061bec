#!/usr/bin/env python3
"""Checks a --zigzag-maestro-analysis JSON report against a MAESTRO run.

The expected run is either a case of MAESTRO's reference-cases.json
(--reference-cases FILE --case ID) or a run of our own record of MAESTRO
runs (--runs FILE --case ID, test/Maestro/Inputs/maestro-runs.json). MACs,
the 12 tensor counts and the size requirements must be equal; runtime, total
energy, NoC peak/average bandwidth and utilised PEs within --rtol (0.1 %).
Prints one line per mismatch; exits 1 on any.
"""
import argparse
import json
import sys


def close(a, b, rtol):
    return abs(a - b) <= rtol * max(abs(a), abs(b), 1.0)


def from_reference_case(case):
    out = case["output"]
    tensors = {}
    for name, t in out["tensors"].items():
        tensors[name] = {"l1_read": t["L1_read"], "l1_write": t["L1_write"],
                         "l2_read": t["L2_read"], "l2_write": t["L2_write"],
                         "l2_size_req": t["L2_size_req_elems"],
                         "l1_size_req": t["L1_size_req_elems"]}
    return {"macs": out["num_macs"], "runtime_cycles": out["runtime_cycles"],
            "energy_xmac": out["energy_xMAC"]["total"],
            "noc_bw_peak": out["noc_bw_req_peak_elems_per_cycle"],
            "noc_bw_avg": out["noc_bw_req_avg_elems_per_cycle"],
            "utilized_pes": out["avg_utilized_pes"], "tensors": tensors}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("report")
    parser.add_argument("--reference-cases")
    parser.add_argument("--runs")
    parser.add_argument("--case", required=True)
    parser.add_argument("--layer", type=int, default=0)
    parser.add_argument("--rtol", type=float, default=1e-3)
    args = parser.parse_args()
    with open(args.report) as f:
        ours = json.load(f)["layers"][args.layer]["maestro"]
    if args.reference_cases:
        with open(args.reference_cases) as f:
            cases = {c["id"]: c for c in json.load(f)["cases"]}
        expected = from_reference_case(cases[args.case])
    else:
        with open(args.runs) as f:
            runs = {r["id"]: r for r in json.load(f)["runs"]}
        expected = runs[args.case]
    bad = 0
    if ours["macs"] != expected["macs"]:
        print(f"macs {ours['macs']} != {expected['macs']}")
        bad += 1
    for name, counts in expected["tensors"].items():
        for key, value in counts.items():
            if ours["tensors"][name][key] != value:
                print(f"{name} {key} {ours['tensors'][name][key]} != {value}")
                bad += 1
    for key in ("runtime_cycles", "energy_xmac", "noc_bw_peak", "noc_bw_avg",
                "utilized_pes"):
        if not close(ours[key], expected[key], args.rtol):
            print(f"{key} {ours[key]} != {expected[key]}")
            bad += 1
    print(f"{args.case}: {bad} mismatches (macs {ours['macs']}, runtime "
          f"{ours['runtime_cycles']})")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
