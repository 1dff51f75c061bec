#!/usr/bin/env python3
"""Checks the energy-latency trade-offs of a --zigzag-report JSON.

For every layer with a `pareto` front: the points are by strictly increasing
latency and strictly decreasing energy, so no point dominates another; with
`pareto_exact`, the layer's own mapping is not dominated by any point and
`least_energy_pJ` is the front's cheapest energy. With a latency budget
(`total.latency_budget`): each layer's mapping is its chosen point, the
chosen latencies sum within the budget and match the totals. Prints one
line per layer with --verbose and a summary; exits 1 on any violation.
"""
import argparse
import json
import math
import sys


def close(a, b):
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("report")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    with open(args.report) as f:
        report = json.load(f)
    problems = []
    fronts = points = 0
    budget = report["total"].get("latency_budget")
    energy_sum = latency_sum = 0.0
    for layer in report["layers"]:
        name = layer["name"]
        front = layer.get("pareto")
        tradeoffs = layer.get("tradeoffs", {})
        if not front:
            if budget:
                problems.append(f"{name}: no front under a latency budget")
            continue
        fronts += 1
        points += len(front)
        for a, b in zip(front, front[1:]):
            if not (a["latency_cycles"] < b["latency_cycles"] and
                    a["energy_pJ"] > b["energy_pJ"]):
                problems.append(f"{name}: point ({b['energy_pJ']}, "
                                f"{b['latency_cycles']}) and ({a['energy_pJ']}"
                                f", {a['latency_cycles']}) are not a front")
        energy, latency = layer["energy_pJ"], layer["latency_cycles"]
        if tradeoffs.get("pareto_exact"):
            for p in front:
                if (p["energy_pJ"] <= energy and
                        p["latency_cycles"] <= latency and
                        (p["energy_pJ"] < energy and
                         not close(p["energy_pJ"], energy) or
                         p["latency_cycles"] < latency and
                         not close(p["latency_cycles"], latency))):
                    problems.append(f"{name}: its mapping ({energy}, "
                                    f"{latency}) is dominated by "
                                    f"({p['energy_pJ']}, "
                                    f"{p['latency_cycles']})")
            if not close(tradeoffs["least_energy_pJ"], front[-1]["energy_pJ"]):
                problems.append(f"{name}: least_energy_pJ is not the front's "
                                "cheapest point")
        if budget:
            chosen = front[tradeoffs["pareto_choice"]]
            if not (close(chosen["energy_pJ"], energy) and
                    close(chosen["latency_cycles"], latency)):
                problems.append(f"{name}: the mapping is not the chosen "
                                "point")
            energy_sum += chosen["energy_pJ"]
            latency_sum += chosen["latency_cycles"]
        if args.verbose:
            print(f"{name}: {len(front)} points, latency "
                  f"{front[0]['latency_cycles']:g}..{front[-1]['latency_cycles']:g}"
                  f", energy {front[-1]['energy_pJ']:g}..{front[0]['energy_pJ']:g}")
    if budget:
        if latency_sum > budget["budget_cycles"]:
            problems.append(f"latency {latency_sum} over the budget "
                            f"{budget['budget_cycles']}")
        if not (close(energy_sum, budget["energy_pJ"]) and
                close(latency_sum, budget["latency_cycles"])):
            problems.append("latency_budget totals are not the chosen "
                            "points' sums")
    for p in problems:
        print("error:", p)
    print(f"checked {fronts} fronts, {points} points: "
          f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
