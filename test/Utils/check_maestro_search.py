#!/usr/bin/env python3
"""Checks a searched --zigzag-maestro-analysis report against templates.

SEARCH is the report of a run with search=OBJECTIVE; each TEMPLATE is the
report of the plain analysis of one template file of the same network. For
every layer (matched by name and rank among equal names) the searched objective must not exceed the
best template's (runtime, energy or edp). Prints a per-layer line with
--verbose, then a summary; exits 1 when a layer is worse.
"""
import argparse
import json
import math
import sys


def value(stats, objective):
    if objective == "runtime":
        return stats["runtime_cycles"]
    if objective == "energy":
        return stats["energy_xmac"]
    return stats["runtime_cycles"] * stats["energy_xmac"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("search")
    parser.add_argument("templates", nargs="+")
    parser.add_argument("--objective", default="runtime",
                        choices=("runtime", "energy", "edp"))
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    with open(args.search) as f:
        searched = json.load(f)["layers"]
    def keyed(layers):
        """(name, rank among the layers of that name), layer."""
        seen = {}
        for layer in layers:
            rank = seen.get(layer["name"], 0)
            seen[layer["name"]] = rank + 1
            yield (layer["name"], rank), layer

    best = {}
    for path in args.templates:
        with open(path) as f:
            for key, layer in keyed(json.load(f)["layers"]):
                v = value(layer["maestro"], args.objective)
                if key not in best or v < best[key]:
                    best[key] = v
    worse = better = 0
    logs = []
    for key, layer in keyed(searched):
        name = layer["name"]
        mine = value(layer["maestro"], args.objective)
        ref = best[key]
        if mine > ref * (1 + 1e-12):
            worse += 1
            print(f"{name}: {args.objective} {mine} worse than the best "
                  f"template's {ref}")
        elif mine < ref:
            better += 1
        logs.append(math.log(ref / mine))
        if args.verbose:
            print(f"{name}: {mine} vs best template {ref} "
                  f"({ref / mine:.2f}x)")
    gain = math.exp(sum(logs) / len(logs))
    print(f"{len(searched)} layers, {len(args.templates)} templates: "
          f"{worse} worse, {better} better, "
          f"{len(searched) - worse - better} equal; geometric-mean gain "
          f"{gain:.2f}x")
    return 1 if worse else 0


if __name__ == "__main__":
    sys.exit(main())
