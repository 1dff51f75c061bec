//===- PassOptions.h - Closed-set zigzag pass options -----------*- C++ -*-===//
//
// The enums behind the pass options whose value is one of a fixed set, and
// the `llvm::cl::values` list of each, shared by Passes.td and the
// --zigzag-pipeline options so that every option of a kind accepts the same
// spellings and the option parser rejects anything else with one message.
// Where the plain C++ core already has the enum (criterion, temporal
// mapping type, overlap mode, MAESTRO objective, cost model flavor), the
// option uses it directly; the enums declared here exist only as options.
//
//===----------------------------------------------------------------------===//

#ifndef ZIGZAG_TRANSFORMS_PASSOPTIONS_H
#define ZIGZAG_TRANSFORMS_PASSOPTIONS_H

#include "zigzag/Model/CostModel.h"
#include "zigzag/Search/DepthFirst.h"
#include "zigzag/Search/MaestroSearch.h"
#include "zigzag/Search/MemoryAllocator.h"
#include "zigzag/Search/Search.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/ErrorHandling.h"

#include <optional>

namespace mlir {
namespace zigzag {

/// --zigzag-search-mapping="model=...": the cost model searched under.
enum class SearchModel { ZigZag, Maestro };

/// --zigzag-search-mapping="engine=...": the temporal search engine.
enum class SearchEngine { Loma, Exhaustive };

/// --zigzag-search-mapping="mapping-fallback=...": what to do with a mapping
/// entry whose spatial_mapping does not fit the layer.
enum class MappingFallback { Keep, Search };

/// spatial-missing-dims=...: array dims an entry's spatial_mapping leaves out.
/// Auto follows the single-layer model: unroll-1 under DeFiNES's flavor,
/// search under ZigZag's.
enum class SpatialMissingDims { Auto, Search, Unroll1 };

/// --zigzag-search-mapping="data-locality=...": ZigZag's inter-layer data
/// locality; auto is on for IMC arrays only, as in ZigZag's IMC flow.
enum class DataLocality { Auto, On, Off };

/// A MAESTRO objective option: `none` (the default) says the option was not
/// given, which a default value of the core's enum could not say when the
/// pass is built from its options struct (every field is then set).
enum class MaestroObjective { None, Runtime, Energy, EDP };

/// The core's objective, or nullopt for `none`.
inline std::optional<::zigzag::maestro::Objective>
toObjective(MaestroObjective objective) {
  switch (objective) {
  case MaestroObjective::None:
    return std::nullopt;
  case MaestroObjective::Runtime:
    return ::zigzag::maestro::Objective::Runtime;
  case MaestroObjective::Energy:
    return ::zigzag::maestro::Objective::Energy;
  case MaestroObjective::EDP:
    return ::zigzag::maestro::Objective::EDP;
  }
  llvm_unreachable("unknown objective");
}

/// A closed stack formation of --zigzag-depth-first (`stacks` also takes
/// the open form cut-after:L1,L2,..., so it stays a string).
enum class StackFormation { Auto, One, LayerByLayer };

/// The option spelling of each value, as written into result attributes.
inline llvm::StringRef toString(SearchEngine engine) {
  return engine == SearchEngine::Exhaustive ? "exhaustive" : "loma";
}
inline llvm::StringRef toString(StackFormation formation) {
  switch (formation) {
  case StackFormation::Auto:
    return "auto";
  case StackFormation::One:
    return "one";
  case StackFormation::LayerByLayer:
    return "layer-by-layer";
  }
  llvm_unreachable("unknown stack formation");
}

inline llvm::cl::ValuesClass searchModelValues() {
  return llvm::cl::values(
      clEnumValN(SearchModel::ZigZag, "zigzag",
                 "LRP mappings on zigzag.accelerator"),
      clEnumValN(SearchModel::Maestro, "maestro",
                 "Directive-form dataflows on MAESTRO hardware"));
}

inline llvm::cl::ValuesClass searchEngineValues() {
  return llvm::cl::values(
      clEnumValN(SearchEngine::Loma, "loma", "ZigZag's LOMA"),
      clEnumValN(SearchEngine::Exhaustive, "exhaustive",
                 "Branch-and-bound over the full temporal space"));
}

inline llvm::cl::ValuesClass criterionValues() {
  return llvm::cl::values(
      clEnumValN(::zigzag::SearchCriterion::Latency, "latency",
                 "Latency, ties broken by energy"),
      clEnumValN(::zigzag::SearchCriterion::Energy, "energy",
                 "Energy, ties broken by latency"),
      clEnumValN(::zigzag::SearchCriterion::EDP, "edp",
                 "Energy-delay product"));
}

inline llvm::cl::ValuesClass temporalValues() {
  return llvm::cl::values(
      clEnumValN(::zigzag::TemporalMappingType::Uneven, "uneven",
                 "Each operand cuts the loop order at its own points"),
      clEnumValN(::zigzag::TemporalMappingType::Even, "even",
                 "Operands sharing a memory cut at the same point"));
}

inline llvm::cl::ValuesClass dataLocalityValues() {
  return llvm::cl::values(
      clEnumValN(DataLocality::Auto, "auto", "On for IMC arrays only"),
      clEnumValN(DataLocality::On, "on",
                 "Keep layer outputs on chip where they fit"),
      clEnumValN(DataLocality::Off, "off", "Every layer uses every level"));
}

inline llvm::cl::ValuesClass mappingFallbackValues() {
  return llvm::cl::values(
      clEnumValN(MappingFallback::Keep, "keep", "Keep what fits and warn"),
      clEnumValN(MappingFallback::Search, "search",
                 "Search the layer's spatial mapping"));
}

inline llvm::cl::ValuesClass spatialMissingDimsValues() {
  return llvm::cl::values(
      clEnumValN(SpatialMissingDims::Auto, "auto",
                 "unroll-1 with DeFiNES's model, else search"),
      clEnumValN(SpatialMissingDims::Search, "search",
                 "Search an unrolling (ZigZag)"),
      clEnumValN(SpatialMissingDims::Unroll1, "unroll-1",
                 "Leave the dim unused (DeFiNES)"));
}

inline llvm::cl::ValuesClass maestroObjectiveValues() {
  return llvm::cl::values(
      clEnumValN(MaestroObjective::None, "none", "Not given"),
      clEnumValN(MaestroObjective::Runtime, "runtime", "Runtime in cycles"),
      clEnumValN(MaestroObjective::Energy, "energy", "Energy"),
      clEnumValN(MaestroObjective::EDP, "edp", "Energy-delay product"));
}

inline llvm::cl::ValuesClass flavorValues() {
  return llvm::cl::values(
      clEnumValN(::zigzag::CostModelFlavor::DeFiNES, "defines",
                 "DeFiNES's vendored ZigZag"),
      clEnumValN(::zigzag::CostModelFlavor::ZigZag, "zigzag", "ZigZag 3.8.5"));
}

/// One value of a closed-set option: its enumerator, spelling and help.
template <typename E> struct EnumOptionValue {
  E value;
  const char *name;
  const char *help;
};

/// The values of the enums that list options hold (see EnumTableParser).
inline llvm::ArrayRef<EnumOptionValue<::zigzag::OverlapMode>>
enumOptionValues(::zigzag::OverlapMode) {
  static const EnumOptionValue<::zigzag::OverlapMode> values[] = {
      {::zigzag::OverlapMode::FullyRecompute, "fully-recompute",
       "Recompute the overlap"},
      {::zigzag::OverlapMode::HCachedVRecompute, "h-cached-v-recompute",
       "Cache the overlap columns, recompute the rows"},
      {::zigzag::OverlapMode::FullyCached, "fully-cached",
       "Cache the overlap columns and rows"}};
  return values;
}

inline llvm::ArrayRef<EnumOptionValue<StackFormation>>
enumOptionValues(StackFormation) {
  static const EnumOptionValue<StackFormation> values[] = {
      {StackFormation::Auto, "auto", "DeFiNES's weight-capacity cut"},
      {StackFormation::One, "one", "As few stacks as fusion allows"},
      {StackFormation::LayerByLayer, "layer-by-layer", "One stack per layer"}};
  return values;
}

/// The parser of the enums that list options hold. A ListOption parses each
/// element with a parser of its own that `llvm::cl::values` never reaches,
/// so these enums carry their values in the parser instead: the table
/// `enumOptionValues(E())` above. Otherwise
/// the same as `llvm::cl::parser<E>`, the generic enum parser, down to its
/// message for an unknown value.
template <typename E>
class EnumTableParser : public llvm::cl::generic_parser_base {
protected:
  struct OptionInfo : public GenericOptionInfo {
    OptionInfo(llvm::StringRef name, E v, llvm::StringRef help)
        : GenericOptionInfo(name, help), V(v) {}
    // `V` and `Values` are the names of llvm::cl::parser<E>, which MLIR's
    // pass options read to print a value.
    // NOLINTNEXTLINE(readability-identifier-naming)
    llvm::cl::OptionValue<E> V;
  };
  // NOLINTNEXTLINE(readability-identifier-naming)
  llvm::SmallVector<OptionInfo, 4> Values;

public:
  using parser_data_type = E;

  EnumTableParser(llvm::cl::Option &owner) : generic_parser_base(owner) {}

  void initialize() {
    for (const EnumOptionValue<E> &v : enumOptionValues(E()))
      Values.emplace_back(v.name, v.value, v.help);
  }

  unsigned getNumOptions() const override { return Values.size(); }
  llvm::StringRef getOption(unsigned n) const override {
    return Values[n].Name;
  }
  llvm::StringRef getDescription(unsigned n) const override {
    return Values[n].HelpStr;
  }
  const llvm::cl::GenericOptionValue &
  getOptionValue(unsigned n) const override {
    return Values[n].V;
  }

  bool parse(llvm::cl::Option &o, llvm::StringRef, llvm::StringRef arg,
             E &value) {
    for (const OptionInfo &info : Values)
      if (info.Name == arg) {
        value = info.V.getValue();
        return false;
      }
    return o.error("Cannot find option named '" + arg + "'!");
  }
};

} // namespace zigzag
} // namespace mlir

namespace llvm {
namespace cl {
template <>
class parser<::zigzag::OverlapMode>
    : public ::mlir::zigzag::EnumTableParser<::zigzag::OverlapMode> {
public:
  using EnumTableParser::EnumTableParser;
};
template <>
class parser<::mlir::zigzag::StackFormation>
    : public ::mlir::zigzag::EnumTableParser<::mlir::zigzag::StackFormation> {
public:
  using EnumTableParser::EnumTableParser;
};
} // namespace cl
} // namespace llvm

#endif // ZIGZAG_TRANSFORMS_PASSOPTIONS_H
