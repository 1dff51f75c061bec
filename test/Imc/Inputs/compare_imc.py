"""Compares a --zigzag-report JSON of an IMC accelerator with ZigZag's IMC
reference (one JSON with totals and every layer; layers matched by name).

Prints one line per layer that differs by more than the tolerance (relative)
in energy, MAC energy, any macro energy term or latency, then a summary line:
  compared N layers: M mismatches; total energy E pJ, latency L cycles,
  tclk T ns, area A mm2
and whether the totals are within the tolerance of the reference's.
Usage: compare_imc.py REPORT REFERENCE [--tolerance 1e-3]
"""
import argparse
import json
import sys

TERMS = ["local_bl_precharging", "dacs", "adcs", "mults", "analog_bl_addition",
         "adders_regular", "adders_pv", "accumulators"]


def close(a, b, tol):
    return abs(a - b) <= tol * max(abs(a), abs(b)) + 1e-9


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("report")
    parser.add_argument("reference")
    parser.add_argument("--tolerance", type=float, default=1e-3)
    args = parser.parse_args()
    ours = json.load(open(args.report))
    ref = json.load(open(args.reference))
    by_name = {layer["name"]: layer for layer in ours["layers"]}
    mismatches = 0
    for r in ref["layers"]:
        o = by_name.get(r["name"])
        if o is None:
            print(f"{r['name']}: missing from the report")
            mismatches += 1
            continue
        pairs = [("energy_pJ", o["energy_pJ"], r["energy_pJ"]),
                 ("mac_energy_pJ", o["mac_energy_pJ"], r["mac_energy_pJ"]),
                 ("latency_cycles", o["latency_cycles"], r["latency_total2"])]
        for term in TERMS:
            pairs.append((term, o["imc"]["mac_energy_breakdown_pJ"][term],
                          r["mac_energy_breakdown_pJ"][term]))
        bad = [f"{k} {a:.6f} vs {b:.6f}" for k, a, b in pairs
               if not close(a, b, args.tolerance)]
        if bad:
            mismatches += 1
            print(f"{r['name']}: " + "; ".join(bad))
    extra = len(ours["layers"]) - len(ref["layers"])
    if extra:
        print(f"{extra} layers in the report are not in the reference")
        mismatches += 1
    t = ours["total"]
    print(f"compared {len(ref['layers'])} layers: {mismatches} mismatches; "
          f"total energy {t['energy_pJ']:.2f} pJ, latency "
          f"{t['latency_cycles']:.1f} cycles, tclk {t['tclk_ns']:.5f} ns, "
          f"area {t['area_mm2']:.7f} mm2")
    rt = ref["api_return_equivalent"]
    within = all(close(a, b, args.tolerance) for a, b in [
        (t["energy_pJ"], rt["energy_pJ"]),
        (t["latency_cycles"], rt["latency_cycles"]),
        (t["tclk_ns"], rt["tclk_ns"]), (t["area_mm2"], rt["area_mm2"])])
    print(f"totals within {args.tolerance:g} of the reference: "
          f"{'yes' if within else 'no'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
