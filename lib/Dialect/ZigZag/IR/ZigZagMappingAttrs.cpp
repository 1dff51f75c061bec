//===- ZigZagMappingAttrs.cpp - #zigzag.mapping syntax and verifier -------===//

#include "zigzag/Dialect/ZigZag/IR/ZigZagAttrs.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"

using namespace mlir;
using namespace mlir::zigzag;

static constexpr llvm::StringLiteral kMemOperandNames[] = {"I1", "I2", "O"};

/// Bare identifiers print unquoted, anything else as a string literal.
static void printName(AsmPrinter &printer, StringAttr name) {
  StringRef text = name.getValue();
  bool bare = !text.empty() && (llvm::isAlpha(text[0]) || text[0] == '_') &&
              llvm::all_of(text, [](char c) {
                return llvm::isAlnum(c) || c == '_' || c == '$' || c == '.';
              });
  if (bare)
    printer << text;
  else
    printer.printString(text);
}

static ParseResult parseName(AsmParser &parser, StringAttr &name) {
  std::string quoted;
  StringRef bare;
  if (succeeded(parser.parseOptionalString(&quoted))) {
    name = StringAttr::get(parser.getContext(), quoted);
    return success();
  }
  if (parser.parseKeyword(&bare))
    return failure();
  name = StringAttr::get(parser.getContext(), bare);
  return success();
}

/// `name integer`
static ParseResult parseNamedCount(AsmParser &parser, StringAttr &name,
                                   int64_t &count) {
  if (parseName(parser, name) || parser.parseInteger(count))
    return failure();
  return success();
}

Attribute MappingAttr::parse(AsmParser &parser, Type) {
  SMLoc loc = parser.getCurrentLocation();
  SmallVector<SpatialUnrolling> spatial;
  SmallVector<TemporalLoop> temporal;
  SmallVector<LevelCut> levels;
  if (parser.parseLess() || parser.parseKeyword("spatial") ||
      parser.parseEqual())
    return {};
  auto parseSpatialDim = [&]() -> ParseResult {
    StringAttr dim;
    if (parseName(parser, dim) || parser.parseEqual())
      return failure();
    return parser.parseCommaSeparatedList(
        AsmParser::Delimiter::Square, [&]() -> ParseResult {
          SpatialUnrolling u{dim, {}, 0};
          if (parseNamedCount(parser, u.loop, u.factor))
            return failure();
          spatial.push_back(u);
          return success();
        });
  };
  if (parser.parseCommaSeparatedList(AsmParser::Delimiter::Braces,
                                     parseSpatialDim) ||
      parser.parseComma() || parser.parseKeyword("temporal") ||
      parser.parseEqual() ||
      parser.parseCommaSeparatedList(AsmParser::Delimiter::Square,
                                     [&]() -> ParseResult {
                                       TemporalLoop l{{}, 0};
                                       if (parseNamedCount(parser, l.loop,
                                                           l.size))
                                         return failure();
                                       temporal.push_back(l);
                                       return success();
                                     }) ||
      parser.parseComma() || parser.parseKeyword("levels") ||
      parser.parseEqual())
    return {};
  auto parseOperandLevels = [&]() -> ParseResult {
    StringAttr operand;
    if (parseName(parser, operand) || parser.parseEqual())
      return failure();
    return parser.parseCommaSeparatedList(
        AsmParser::Delimiter::Square, [&]() -> ParseResult {
          LevelCut c{operand, {}, 0};
          if (parseNamedCount(parser, c.memory, c.end))
            return failure();
          levels.push_back(c);
          return success();
        });
  };
  if (parser.parseCommaSeparatedList(AsmParser::Delimiter::Braces,
                                     parseOperandLevels) ||
      parser.parseGreater())
    return {};
  return MappingAttr::getChecked([&] { return parser.emitError(loc); },
                                 parser.getContext(), ArrayRef(spatial),
                                 ArrayRef(temporal), ArrayRef(levels));
}

void MappingAttr::print(AsmPrinter &printer) const {
  printer << "<spatial = {";
  // Group consecutive unrollings of the same array dim.
  ArrayRef<SpatialUnrolling> spatial = getSpatial();
  for (size_t i = 0; i < spatial.size();) {
    if (i)
      printer << ", ";
    printName(printer, spatial[i].arrayDim);
    printer << " = [";
    size_t j = i;
    for (; j < spatial.size() && spatial[j].arrayDim == spatial[i].arrayDim;
         ++j) {
      if (j != i)
        printer << ", ";
      printName(printer, spatial[j].loop);
      printer << ' ' << spatial[j].factor;
    }
    printer << ']';
    i = j;
  }
  printer << "}, temporal = [";
  llvm::interleaveComma(getTemporal(), printer, [&](const TemporalLoop &l) {
    printName(printer, l.loop);
    printer << ' ' << l.size;
  });
  printer << "], levels = {";
  ArrayRef<LevelCut> levels = getLevels();
  for (size_t i = 0; i < levels.size();) {
    if (i)
      printer << ", ";
    printName(printer, levels[i].operand);
    printer << " = [";
    size_t j = i;
    for (; j < levels.size() && levels[j].operand == levels[i].operand; ++j) {
      if (j != i)
        printer << ", ";
      printName(printer, levels[j].memory);
      printer << ' ' << levels[j].end;
    }
    printer << ']';
    i = j;
  }
  printer << "}>";
}

SmallVector<LevelCut> MappingAttr::getLevelsOf(StringRef operand) const {
  SmallVector<LevelCut> result;
  for (const LevelCut &c : getLevels())
    if (c.operand.getValue() == operand)
      result.push_back(c);
  return result;
}

LogicalResult MappingAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                  ArrayRef<SpatialUnrolling> spatial,
                                  ArrayRef<TemporalLoop> temporal,
                                  ArrayRef<LevelCut> levels) {
  llvm::StringSet<> closedDims;
  StringAttr currentDim;
  for (const SpatialUnrolling &u : spatial) {
    if (u.factor <= 0)
      return emitError() << "spatial unrolling of loop '" << u.loop.getValue()
                         << "' over " << u.arrayDim.getValue()
                         << " must be positive, got " << u.factor;
    if (u.arrayDim != currentDim) {
      if (!closedDims.insert(u.arrayDim.getValue()).second)
        return emitError() << "array dim '" << u.arrayDim.getValue()
                           << "' is listed twice in the spatial mapping";
      currentDim = u.arrayDim;
    }
  }
  for (const TemporalLoop &l : temporal)
    if (l.size <= 0)
      return emitError() << "temporal loop '" << l.loop.getValue()
                         << "' must have a positive size, got " << l.size;

  const int64_t numTemporal = temporal.size();
  llvm::StringSet<> seenOperands;
  for (size_t i = 0; i < levels.size();) {
    StringRef operand = levels[i].operand.getValue();
    if (!llvm::is_contained(kMemOperandNames, operand))
      return emitError() << "unknown memory operand '" << operand
                         << "' in levels (expected I1, I2 or O)";
    if (!seenOperands.insert(operand).second)
      return emitError() << "memory operand '" << operand
                         << "' is listed twice in levels";
    if (levels[i].end < 0)
      return emitError() << "cut point of " << operand << " at '"
                         << levels[i].memory.getValue()
                         << "' must not be negative";
    size_t j = i + 1;
    for (; j < levels.size() && levels[j].operand == levels[i].operand; ++j)
      if (levels[j].end < levels[j - 1].end)
        return emitError() << "cut points of " << operand
                           << " must not decrease: '"
                           << levels[j].memory.getValue() << "' ends at "
                           << levels[j].end << " below '"
                           << levels[j - 1].memory.getValue() << "' at "
                           << levels[j - 1].end;
    if (levels[j - 1].end != numTemporal)
      return emitError() << "the top memory level of " << operand << " ('"
                         << levels[j - 1].memory.getValue()
                         << "') must end at the number of temporal loops ("
                         << numTemporal << "), got " << levels[j - 1].end;
    i = j;
  }
  return success();
}

//===----------------------------------------------------------------------===//
// ArrayDimAttr
//===----------------------------------------------------------------------===//

/// ZigZag names array dims D1, D2, ...: the id is the zero-based number, so
/// D1 -> 0; other names map to 0.
int64_t ArrayDimAttr::getMappingId() const {
  StringRef dim = getDim();
  unsigned number = 0;
  if (dim.consume_front("D") && !dim.getAsInteger(10, number) && number > 0)
    return number - 1;
  return 0;
}

bool ArrayDimAttr::isLinearMapping() const { return false; }

int64_t ArrayDimAttr::getRelativeIndex() const { return getMappingId(); }

//===----------------------------------------------------------------------===//
// ConstraintsAttr
//===----------------------------------------------------------------------===//

/// `value` is a string or a list of strings (`listOnly`: a list).
static LogicalResult verifyNames(function_ref<InFlightDiagnostic()> emitError,
                                 Attribute value, StringRef what,
                                 bool listOnly) {
  if (!listOnly && isa<StringAttr>(value))
    return success();
  auto list = dyn_cast<ArrayAttr>(value);
  if (!list ||
      !llvm::all_of(list, [](Attribute a) { return isa<StringAttr>(a); }))
    return emitError() << what << " must be "
                       << (listOnly ? "a list of names"
                                    : "a name or a list "
                                      "of names")
                       << ", got " << value;
  return success();
}

/// `dict` maps names to dictionaries of positive integers.
static LogicalResult verifyFactors(function_ref<InFlightDiagnostic()> emitError,
                                   DictionaryAttr dict, StringRef key,
                                   StringRef what) {
  for (NamedAttribute outer : dict) {
    auto inner = dyn_cast<DictionaryAttr>(outer.getValue());
    if (!inner)
      return emitError() << "'" << key << "' maps " << outer.getName() << " to "
                         << outer.getValue() << ", expected {loop = " << what
                         << "}";
    for (NamedAttribute entry : inner) {
      auto value = dyn_cast<IntegerAttr>(entry.getValue());
      if (!value || value.getValue().getSExtValue() < 1)
        return emitError() << "'" << key << "': " << what << " of "
                           << entry.getName() << " at " << outer.getName()
                           << " must be a positive integer, got "
                           << entry.getValue();
    }
  }
  return success();
}

LogicalResult ConstraintsAttr::verify(
    function_ref<InFlightDiagnostic()> emitError, DictionaryAttr spatial,
    DictionaryAttr forbidSpatial, DictionaryAttr loopLevels,
    ArrayAttr outermost, ArrayAttr innermost, DictionaryAttr tiles,
    DictionaryAttr pin, DictionaryAttr keepOut, FloatAttr minUtilization) {
  if (spatial &&
      failed(verifyFactors(emitError, spatial, "spatial", "the unrolling")))
    return failure();
  if (tiles && failed(verifyFactors(emitError, tiles, "tiles", "the tile")))
    return failure();
  if (forbidSpatial)
    for (NamedAttribute dim : forbidSpatial)
      if (failed(verifyNames(emitError, dim.getValue(),
                             "'forbid_spatial' of " + dim.getName().str(),
                             /*listOnly=*/false)))
        return failure();
  if (loopLevels)
    for (NamedAttribute loop : loopLevels)
      if (!isa<StringAttr>(loop.getValue()))
        return emitError() << "'loop_levels' maps loop " << loop.getName()
                           << " to " << loop.getValue()
                           << ", expected a memory name";
  for (auto [list, key] :
       {std::pair{outermost, "outermost"}, std::pair{innermost, "innermost"}})
    if (list &&
        failed(verifyNames(emitError, list, "'" + std::string(key) + "'",
                           /*listOnly=*/true)))
      return failure();
  for (auto [dict, key] :
       {std::pair{pin, "pin"}, std::pair{keepOut, "keep_out"}})
    if (dict)
      for (NamedAttribute operand : dict)
        if (failed(verifyNames(emitError, operand.getValue(),
                               "'" + std::string(key) + "' of " +
                                   operand.getName().str(),
                               /*listOnly=*/false)))
          return failure();
  if (minUtilization) {
    double value = minUtilization.getValueAsDouble();
    if (!(value >= 0 && value <= 1))
      return emitError() << "'min_utilization' must be in [0, 1], got "
                         << value;
  }
  return success();
}
