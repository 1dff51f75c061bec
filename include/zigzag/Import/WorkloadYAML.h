//===- WorkloadYAML.h - Read ZigZag workload YAML files ---------*- C++ -*-===//
//
// Reads a ZigZag workload file (a list of layers with id, name,
// operator_type, equation, dimension_relations, loop_dims, loop_sizes,
// operand_precision, operand_source, pr_loop_dims, pr_loop_sizes, padding;
// docs/Workloads.md section 5.1) into validated layer specs. Every error is
// reported at the offending node (`file:line:col: error: ...`) through the
// SourceMgr, never by crashing. The DeFiNES extensions (`defines_input_node`,
// `defines_operand_source_dimension_mapping`, `defines_backpropagated_OX_OY`,
// `defines_operand_names`, `defines_core_allocation`; docs/Workloads.md
// "DeFiNES inputs") are read and checked; other `defines_*` keys are ignored.
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

/// DeFiNES's network input node (`defines_input_node`): layer -1, the
/// feature map that operands with operand_source -1 read. Its output is
/// O[loopDims...] (B, K, OY, OX in the DeFiNES files).
struct InputNodeSpec {
  int64_t id = -1;
  std::vector<std::string> loopDims; // upper-cased
  std::vector<int64_t> loopSizes;    // as declared
  int64_t precision = 8;
  std::optional<int64_t> coreAllocation;
  /// memory_operand_links: (layer operand, memory operand) as written.
  std::vector<std::pair<std::string, std::string>> memoryOperandLinks;
  /// `backpropagated_OX_OY: [OX, OY]`, the sizes DeFiNES uses instead.
  std::optional<std::pair<int64_t, int64_t>> backpropagatedOXOY;
  llvm::SMLoc loc, loopDimsLoc, backpropagatedLoc;

  int findLoop(const std::string &dim) const;
  /// loopSizes with OX and OY replaced by backpropagatedOXOY when given.
  std::vector<int64_t> effectiveLoopSizes() const;
};

/// One input operand's `defines_operand_source_dimension_mapping` entry:
/// which dim of the producer's output each dim of this operand is.
struct SourceDimMappingSpec {
  std::string operand;
  /// (consumer dim, producer dim), upper-cased, in file order. A producer
  /// dim the producer's output lacks is resolved to its output dim of the
  /// same naming class (DeFiNES writes G: K after a pooling layer, whose
  /// output is O[b][g][oy][ox]).
  std::vector<std::pair<std::string, std::string>> dims;
  std::vector<llvm::SMLoc> dimLocs; // of each consumer dim key
  llvm::SMLoc loc;

  /// The producer dim of `consumerDim`, or nullptr if it is not mapped.
  const std::string *producerDimOf(const std::string &consumerDim) const;
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

  // DeFiNES extensions.
  std::optional<InputNodeSpec> inputNode; // defines_input_node
  std::vector<SourceDimMappingSpec> sourceDimMappings;
  /// defines_backpropagated_OX_OY: [OX, OY] DeFiNES uses for this layer
  /// (back-propagated from the network's last layer) instead of loop_sizes.
  std::optional<std::pair<int64_t, int64_t>> backpropagatedOXOY;
  llvm::SMLoc backpropagatedLoc;
  /// defines_operand_names: (ZigZag operand name, DeFiNES name), e.g. W -> X.
  std::vector<std::pair<std::string, std::string>> definesOperandNames;
  std::optional<int64_t> coreAllocation; // defines_core_allocation

  int findLoop(const std::string &dim) const;
  const DimRelationSpec *findRelation(const std::string &dim) const;
  const PrDimSpec *findPrDim(const std::string &dim) const;
  std::optional<int64_t> precisionOf(const std::string &operand) const;
  const OperandSourceSpec *sourceOf(const std::string &operand) const;
  const SourceDimMappingSpec *
  sourceDimMappingOf(const std::string &operand) const;
  /// loopSizes with OX and OY replaced by backpropagatedOXOY when given: the
  /// sizes DeFiNES computes with (and the importer builds).
  std::vector<int64_t> effectiveLoopSizes() const;
};

/// ZigZag's naming class of a data dim, the same on both sides of a layer
/// boundary: "channel" for C, K and G; "X" for IX and OX (likewise for other
/// I<s>/O<s> pairs); the name itself otherwise.
llvm::StringRef dimNamingClass(llvm::StringRef dim);

/// Parses and validates the workload YAML held by buffer `bufferId`: each
/// layer on its own (known keys, equation and relation syntax, every index
/// defined, sizes and precisions, the DeFiNES keys) and the graph (unique
/// ids, operand sources that name a layer, the layer itself or -1, one input
/// node, dimension mappings naming the producer's output dims). Errors go to
/// the source manager (its diagnostic handler, else stderr); std::nullopt
/// after one.
std::optional<std::vector<WorkloadLayerSpec>>
parseWorkloadYAML(llvm::SourceMgr &sourceMgr, unsigned bufferId);

} // namespace zigzag

#endif // ZIGZAG_IMPORT_WORKLOADYAML_H
