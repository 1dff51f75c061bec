//===- WorkloadYAML.h - Read ZigZag workload YAML files ---------*- C++ -*-===//
//
// Reads a ZigZag workload file (a list of layers with id, name,
// operator_type, equation, dimension_relations, loop_dims, loop_sizes,
// operand_precision, operand_source, pr_loop_dims, pr_loop_sizes, padding;
// cost-model.md 1.1) into validated layer specs. Every error is reported at
// the offending node (`file:line:col: error: ...`) through the SourceMgr,
// never by crashing. Keys starting with `defines_` (DeFiNES extensions) are
// accepted and ignored.
//
//===----------------------------------------------------------------------===//

#ifndef ZIGZAG_IMPORT_WORKLOADYAML_H
#define ZIGZAG_IMPORT_WORKLOADYAML_H

#include "llvm/Support/SMLoc.h"
#include "llvm/Support/SourceMgr.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace zigzag {

/// One operand of a layer equation, e.g. `I[b][c][iy][ix]`.
struct EquationOperandSpec {
  std::string name;              // "O", "W", "I", ...
  std::vector<std::string> dims; // upper-cased index names: B, C, IY, IX
  std::vector<llvm::SMLoc> dimLocs;
  llvm::SMLoc loc;
};

/// A dimension relation `ix = 2*ox + 1*fx`: IX = sum of coef * loop.
struct DimRelationSpec {
  std::string dim; // upper-cased
  std::vector<std::pair<std::string, int64_t>> terms;
  llvm::SMLoc loc;
};

/// An input operand's producer: a layer id, the layer's own id (a constant
/// operand such as weights) or -1 (DeFiNES's network input node).
struct OperandSourceSpec {
  std::string operand;
  int64_t layer = 0;
  llvm::SMLoc loc;
};

/// Padding of a partially relevant dim (`pr_loop_dims` / `padding`).
struct PrDimSpec {
  std::string dim;
  std::optional<int64_t> size; // pr_loop_sizes entry, if given
  int64_t padLow = 0, padHigh = 0;
  llvm::SMLoc loc, sizeLoc, paddingLoc; // its pr_loop_dims/sizes/padding entry
};

struct WorkloadLayerSpec {
  int64_t id = 0;
  std::string name; // ZigZag's default: Layer<id>
  std::string operatorType;
  llvm::SMLoc loc; // the layer's mapping
  llvm::SMLoc equationLoc;
  EquationOperandSpec output;
  /// The two inputs in textual order (ZigZag's layer-operand order after O).
  EquationOperandSpec inputs[2];
  bool accumulate = false; // `+=` (a reduction) rather than `=`
  char combine = '*';      // '*' or '+' between the inputs
  std::vector<DimRelationSpec> relations;
  std::vector<std::string> loopDims; // upper-cased
  std::vector<int64_t> loopSizes;
  llvm::SMLoc loopDimsLoc;
  /// Bits per operand name; "O" is the partial-sum precision.
  std::vector<std::pair<std::string, int64_t>> precisions;
  int64_t outputFinalPrecision = 0; // O_final (defaults to O)
  std::vector<OperandSourceSpec> sources;
  std::vector<PrDimSpec> prDims;

  int findLoop(const std::string &dim) const;
  const DimRelationSpec *findRelation(const std::string &dim) const;
  const PrDimSpec *findPrDim(const std::string &dim) const;
  std::optional<int64_t> precisionOf(const std::string &operand) const;
  const OperandSourceSpec *sourceOf(const std::string &operand) const;
};

/// Parses and validates the workload YAML held by buffer `bufferId`: each
/// layer on its own (known keys, equation and relation syntax, every index
/// defined, sizes and precisions) and the graph (unique ids, operand sources
/// that name a layer, the layer itself or -1). Errors go to the source
/// manager (its diagnostic handler, else stderr); std::nullopt after one.
std::optional<std::vector<WorkloadLayerSpec>>
parseWorkloadYAML(llvm::SourceMgr &sourceMgr, unsigned bufferId);

} // namespace zigzag

#endif // ZIGZAG_IMPORT_WORKLOADYAML_H
