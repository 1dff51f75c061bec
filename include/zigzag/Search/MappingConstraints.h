//===- MappingConstraints.h - User constraints on a layer's mapping -*- C++
//-*-//
//
// Constraints a user puts on the mapping of a layer (a mapping file entry's
// `constraints` key, or the zigzag.constraints attribute on an op): fixed or
// forbidden spatial unrollings, loops pinned to a memory level or to the
// outermost/innermost temporal positions, fixed tile sizes of a loop at a
// memory, operands held whole in (or kept out of) a memory, and a minimum
// spatial utilisation. Names are kept as written; ConstraintChecker resolves
// them against one layer and one accelerator and tells whether a spatial or a
// complete mapping satisfies them. Every search engine asks the checker, so
// its result satisfies every constraint (docs/Search.md, "Constraints").
// Plain C++: no MLIR or LLVM.
//
//===----------------------------------------------------------------------===//

#ifndef ZIGZAG_SEARCH_MAPPINGCONSTRAINTS_H
#define ZIGZAG_SEARCH_MAPPINGCONSTRAINTS_H

#include "zigzag/Model/Hardware.h"
#include "zigzag/Model/Mapping.h"
#include "zigzag/Model/Workload.h"

#include <cstdint>
#include <string>
#include <vector>

namespace zigzag {

struct MappingConstraints {
  /// (a) `loop` unrolled `factor` times on `arrayDim` (fixed), or never
  /// unrolled on it (forbidden; factor unused).
  struct Spatial {
    std::string arrayDim, loop;
    int64_t factor = 1;
    bool forbidden = false;
    std::string where; // source position for messages ("" if none)
  };
  /// (b) Every temporal iteration of `loop` sits in the level of `memory`
  /// (for each operand the memory holds).
  struct LoopLevel {
    std::string loop, memory;
    std::string where;
  };
  /// (b) The outermost (or innermost) temporal loops are `loops`, in this
  /// order from the outside (inside) in; factors of one loop that follow
  /// each other count as one loop.
  struct Position {
    std::vector<std::string> loops;
    bool outermost = true;
    std::string where;
  };
  /// (c) Everything at or below `memory` covers `size` iterations of `loop`:
  /// its spatial unrolling times its temporal factors up to the memory's
  /// level (for each operand the memory holds).
  struct Tile {
    std::string loop, memory;
    int64_t size = 1;
    std::string where;
  };
  /// (d) `operand` (the layer's operand name or I1/I2/O) is held whole in
  /// `memory`: no loop relevant to it lies above the memory's level, so it is
  /// loaded there once. Kept out: the memory's level of the operand holds no
  /// temporal loop, so the memory keeps no tile of the operand of its own.
  struct OperandMemory {
    std::string operand, memory;
    bool keptOut = false;
    std::string where;
  };

  std::vector<Spatial> spatial;
  std::vector<LoopLevel> loopLevels;
  std::vector<Position> positions;
  std::vector<Tile> tiles;
  std::vector<OperandMemory> operandMemories;
  /// (e) Least spatial utilisation (used MAC units / all MAC units) in
  /// [0, 1]; 0 = none. A maximum utilisation loss of x is 1 - x.
  double minUtilization = 0;
  std::string minUtilizationWhere;

  bool empty() const {
    return spatial.empty() && loopLevels.empty() && positions.empty() &&
           tiles.empty() && operandMemories.empty() && minUtilization <= 0;
  }
  /// Adds `other`'s constraints to these (the larger minimum utilisation).
  void append(const MappingConstraints &other);
};

/// MappingConstraints resolved against one layer and one accelerator.
class ConstraintChecker {
public:
  /// `w` (operand roles after memory_operand_links) and `hw` must outlive
  /// the checker. error() says what does not resolve (an unknown loop, array
  /// dim, memory or operand, a memory that does not hold the operand).
  ConstraintChecker(const MappingConstraints &constraints, const Workload &w,
                    const Hardware &hw);

  const std::string &error() const { return setupError; }
  bool empty() const { return descriptions.empty(); }

  /// A conflict visible without searching, naming the constraint: an
  /// unrolling larger than its array dim or loop, a tile that does not
  /// divide its loop or overflows a memory, an operand larger than the
  /// memory it is pinned to, contradicting constraints. "" if none.
  std::string conflict() const;

  /// Drops the candidates violatedSpatial rejects; "" or, when none is
  /// left, why (naming the first candidate's broken constraint).
  std::string filterSpatial(
      std::vector<std::vector<std::vector<LoopFactor>>> &candidates) const;
  /// Index of the first constraint (description()) that `spatial` breaks
  /// (fixed/forbidden unrollings, minimum utilisation), -1 if none.
  int violatedSpatial(
      const std::vector<std::vector<LoopFactor>> &spatial) const;
  /// Index of the first constraint the complete mapping `m` breaks, -1 if
  /// none (spatial ones included).
  int violated(const Mapping &m) const;
  /// The same for a mapping whose temporal loops are `temporal[0..n)` and
  /// whose level ends are `levelEnds[op]` (nullptr for absent operands).
  int violated(const std::vector<std::vector<LoopFactor>> &spatial,
               const LoopFactor *temporal, unsigned n,
               const unsigned *const levelEnds[kNumMemOperands]) const;

  /// Moves the cut points `levelEnds[op]` (the largest that fit, as a
  /// greedy allocation gives them) down where that satisfies a constraint
  /// on cut points: a fixed tile, an operand kept out of a memory, a loop
  /// pinned to a memory. Lower cuts only shrink tiles, so what fit still
  /// fits. Constraints it cannot meet are left to violated().
  void lowerCuts(const std::vector<std::vector<LoopFactor>> &spatial,
                 const LoopFactor *temporal, unsigned n,
                 unsigned *const levelEnds[kNumMemOperands]) const;

  /// The constraint in words, e.g. "spatial unrolling K=16 on D1" (with
  /// its source position when known).
  std::string description(int index) const;
  /// Whether any constraint restricts the temporal mapping (beyond the
  /// spatial one).
  bool constrainsTemporal() const { return !temporalKinds.empty(); }

private:
  struct ResolvedSpatial {
    unsigned dim, loop;
    int64_t factor;
    bool forbidden;
  };
  /// Memory `mem` at level `level` of operand `op`.
  struct MemoryLevel {
    MemOperand op;
    unsigned level;
  };
  struct ResolvedLevel {
    unsigned loop;
    std::vector<MemoryLevel> levels;
  };
  struct ResolvedPosition {
    std::vector<unsigned> loops;
    bool outermost;
  };
  struct ResolvedTile {
    unsigned loop;
    int64_t size;
    unsigned memory;
    std::vector<MemoryLevel> levels;
  };
  struct ResolvedOperand {
    MemOperand op;
    unsigned memory, level;
    bool keptOut;
  };
  enum class Kind : uint8_t { Level, Position, Tile, Operand };

  std::vector<MemoryLevel> levelsOf(unsigned memory) const;

  const Workload &w;
  const Hardware &hw;
  std::string setupError;
  std::vector<std::string> descriptions;
  std::vector<ResolvedSpatial> spatial;
  double minUtilization = 0;
  int utilizationIndex = -1;
  /// The temporal constraints in description order: kind and index.
  std::vector<std::pair<Kind, unsigned>> temporalKinds;
  std::vector<ResolvedLevel> levels;
  std::vector<ResolvedPosition> positions;
  std::vector<ResolvedTile> tiles;
  std::vector<ResolvedOperand> operands;
};

} // namespace zigzag

#endif // ZIGZAG_SEARCH_MAPPINGCONSTRAINTS_H
