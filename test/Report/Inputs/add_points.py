#!/usr/bin/env python3
"""Adds an exploration's `points` to an HTML report's embedded JSON.

Usage: add_points.py IN.html OUT.html N

A synthetic exploration at scale (zigzag-explore --html writes real ones): N designs
on a grid of energy x latency (deterministic), area from both, the designs
no other beats in both energy and latency marked `pareto`, each with a
hardware file link.
"""
import json
import re
import sys

src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
page = open(src, encoding='utf-8').read()
m = re.search(r'(<script type="application/json" id="zz-data">)(.*?)(</script>)',
              page, re.S)
report = json.loads(m.group(2))
points = []
for i in range(n):
    # Latency falls and energy rises with the array size; a spread around it.
    size = 1 + i % 100
    spread = 1 + (i * 37 % 101) / 50.0
    points.append({'name': 'design-%d' % i,
                   'latency_cycles': 1e6 / size * spread,
                   'energy_pJ': 1e8 * (1 + size / 25.0) * (1 + (i * 53 % 89) / 60.0),
                   'area': float(size * size),
                   'hardware': 'designs/design-%d.yaml' % i})
best = float('inf')
for p in sorted(points, key=lambda p: (p['latency_cycles'], p['energy_pJ'])):
    p['pareto'] = p['energy_pJ'] < best
    best = min(best, p['energy_pJ'])
report['points'] = points
data = json.dumps(report).replace('<', '\\u003c')
page = page[:m.start(2)] + data + page[m.end(2):]
open(dst, 'w', encoding='utf-8').write(page)
print('pareto', sum(p['pareto'] for p in points))
