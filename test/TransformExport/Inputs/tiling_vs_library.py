#!/usr/bin/env python3
"""Compares each op's `zigzag.tiling` with the tile ops the exported
transform library applies to it.

usage: tiling_vs_library.py TAGGED.mlir LIBRARY.mlir

TAGGED.mlir is the IR printed by --zigzag-emit-transform (after
--zigzag-search-mapping): every mapped op carries `zigzag_op_id` and the
search's `zigzag.tiling`, both in its attribute dictionary on the op's first
line. LIBRARY.mlir is the library written by the same run. For each op id:
  * the library's tile ops on that op, in order, must have the tile sizes
    of the levels of `zigzag.tiling`, one op per level;
  * a level listed in `spatial` is a `tile_using_forall`, unless the
    library marks it NOT EXPRESSED (spatially unrolled reduction loops,
    which it runs sequentially); every other level is a `tile_using_for`.
Prints one line per op and exits 1 on the first difference or on an op
that has one but not the other.
"""

import re
import sys

OP_ID = re.compile(r'zigzag_op_id = "([^"]+)"')
TILING = re.compile(r"zigzag\.tiling = #zigzag\.tiling<levels = \[(.*?)\]\]"
                    r"(?:, spatial = \[([^\]]*)\])?>")
EMPTY_TILING = re.compile(r"zigzag\.tiling = #zigzag\.tiling<levels = \[\]")
MATCH = re.compile(
    r'transform\.structured\.match attributes \{zigzag_op_id = "([^"]+)"\}')
TILE = re.compile(
    r"transform\.structured\.(tile_using_for|tile_using_forall) \S+ "
    r"tile_sizes \[([^\]]*)\]")


def ints(text):
    return [int(x) for x in text.split(",") if x.strip()]


def read_tilings(path):
    tilings = {}
    for line in open(path):
        ids = OP_ID.findall(line)
        if not ids:
            continue
        if len(ids) != 1:
            sys.exit("several zigzag_op_id on one line: " + line.strip())
        m = TILING.search(line)
        if m:
            levels = [ints(level.strip("[] ")) for level in
                      m.group(1).split("], [")]
            spatial = ints(m.group(2) or "")
        elif EMPTY_TILING.search(line):
            levels, spatial = [], []
        else:
            levels, spatial = None, None
        # The tiled ops of an applied library keep the id: the first is
        # the op itself.
        tilings.setdefault(ids[0], (levels, spatial))
    return tilings


def read_library(path):
    ops, current, expressed = {}, None, True
    for line in open(path):
        m = MATCH.search(line)
        if m:
            current = m.group(1)
            ops[current] = []
            continue
        if "NOT EXPRESSED" in line:
            expressed = False
        m = TILE.search(line)
        if m and current is not None:
            ops[current].append((m.group(1), ints(m.group(2)), expressed))
            expressed = True
    return ops


def main():
    tilings = read_tilings(sys.argv[1])
    library = read_library(sys.argv[2])
    if not tilings:
        sys.exit("no op carries zigzag_op_id in " + sys.argv[1])
    for op_id, (levels, spatial) in tilings.items():
        if levels is None:
            sys.exit(op_id + ": no zigzag.tiling")
        if op_id not in library:
            sys.exit(op_id + ": not in the library")
        tiles = library[op_id]
        sizes = [t[1] for t in tiles]
        if sizes != levels:
            sys.exit("%s: zigzag.tiling levels %s, library tile sizes %s" %
                     (op_id, levels, sizes))
        for index, (kind, _, expressed) in enumerate(tiles):
            # Spatial: distributed, or serialised with a NOT EXPRESSED note.
            library_spatial = kind == "tile_using_forall" or not expressed
            if (index in spatial) != library_spatial:
                sys.exit("%s: level %d is a %s%s, zigzag.tiling spatial %s" %
                         (op_id, index, kind,
                          "" if expressed else " (NOT EXPRESSED)", spatial))
        print("%s: %d levels, spatial %s: equal" % (op_id, len(levels),
                                                     spatial))


if __name__ == "__main__":
    main()
