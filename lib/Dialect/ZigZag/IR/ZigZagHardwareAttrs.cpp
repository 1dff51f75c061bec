//===- ZigZagHardwareAttrs.cpp - accelerator description attributes -------===//
//
// Custom directives of the hardware attributes' syntax, their verifiers and
// the attribute-parameters -> zigzag::Hardware conversion. The verifiers
// convert their parameters to the plain model and run the model's checks
// (zigzag::verifyHardware and its parts), so each check is written once.
//
//===----------------------------------------------------------------------===//

#include "zigzag/Dialect/ZigZag/IR/ZigZagAttrs.h"

#include "llvm/ADT/STLExtras.h"

#include <charconv>
#include <cmath>

using namespace mlir;
using namespace mlir::zigzag;

//===----------------------------------------------------------------------===//
// Custom directives
//===----------------------------------------------------------------------===//

static ParseResult parseDimName(AsmParser &parser, StringAttr &name) {
  std::string text;
  if (parser.parseKeywordOrString(&text))
    return failure();
  name = StringAttr::get(parser.getContext(), text);
  return success();
}

ParseResult mlir::zigzag::parseArrayDims(AsmParser &parser,
                                         SmallVectorImpl<StringAttr> &names,
                                         SmallVectorImpl<int64_t> &sizes) {
  return parser.parseCommaSeparatedList(
      AsmParser::Delimiter::Square, [&]() -> ParseResult {
        StringAttr name;
        int64_t size;
        if (parseDimName(parser, name) || parser.parseEqual() ||
            parser.parseInteger(size))
          return failure();
        names.push_back(name);
        sizes.push_back(size);
        return success();
      });
}

void mlir::zigzag::printArrayDims(AsmPrinter &printer,
                                  ArrayRef<StringAttr> names,
                                  ArrayRef<int64_t> sizes) {
  printer << '[';
  llvm::interleaveComma(llvm::zip_equal(names, sizes), printer, [&](auto dim) {
    printer.printKeywordOrString(std::get<0>(dim).getValue());
    printer << " = " << std::get<1>(dim);
  });
  printer << ']';
}

ParseResult mlir::zigzag::parseDimNames(AsmParser &parser,
                                        SmallVectorImpl<StringAttr> &names) {
  return parser.parseCommaSeparatedList(
      AsmParser::Delimiter::Square, [&]() -> ParseResult {
        return parseDimName(parser, names.emplace_back());
      });
}

void mlir::zigzag::printDimNames(AsmPrinter &printer,
                                 ArrayRef<StringAttr> names) {
  printer << '[';
  llvm::interleaveComma(names, printer, [&](StringAttr name) {
    printer.printKeywordOrString(name.getValue());
  });
  printer << ']';
}

ParseResult mlir::zigzag::parsePortAllocations(
    AsmParser &parser, SmallVectorImpl<::zigzag::PortAllocation> &allocs) {
  return parser.parseCommaSeparatedList(
      AsmParser::Delimiter::Square, [&]() -> ParseResult {
        FailureOr<::zigzag::MemOperand> operand =
            FieldParser<::zigzag::MemOperand>::parse(parser);
        if (failed(operand))
          return failure();
        FailureOr<::zigzag::Direction> direction =
            FieldParser<::zigzag::Direction>::parse(parser);
        if (failed(direction))
          return failure();
        allocs.push_back({*operand, *direction});
        return success();
      });
}

void mlir::zigzag::printPortAllocations(
    AsmPrinter &printer, ArrayRef<::zigzag::PortAllocation> allocs) {
  printer << '[';
  llvm::interleaveComma(allocs, printer, [&](::zigzag::PortAllocation alloc) {
    printer << alloc.operand << ' ' << alloc.direction;
  });
  printer << ']';
}

void mlir::zigzag::printShortestFloat(AsmPrinter &printer,
                                      const APFloat &value) {
  double number = value.convertToDouble();
  char buffer[64];
  std::to_chars_result result =
      std::isfinite(number)
          ? std::to_chars(buffer, buffer + sizeof(buffer), number)
          : std::to_chars_result{buffer, std::errc::value_too_large};
  if (result.ec != std::errc()) {
    printer.printFloat(value);
    return;
  }
  StringRef text(buffer, result.ptr - buffer);
  // MLIR float literals need a dot before any exponent: 700 -> 700.0,
  // 1e-05 -> 1.0e-05.
  size_t exponent = text.find('e');
  if (text.contains('.'))
    printer << text;
  else if (exponent == StringRef::npos)
    printer << text << ".0";
  else
    printer << text.take_front(exponent) << ".0" << text.drop_front(exponent);
}

ParseResult mlir::zigzag::parseMemoryOptions(AsmParser &parser,
                                             bool &forceDoubleBuffering,
                                             std::string &memType,
                                             bool &autoCostExtraction) {
  forceDoubleBuffering = false;
  memType = "sram";
  autoCostExtraction = false;
  while (succeeded(parser.parseOptionalComma())) {
    SMLoc loc = parser.getCurrentLocation();
    StringRef key;
    if (parser.parseKeyword(&key) || parser.parseEqual())
      return failure();
    if (key == "mem_type") {
      if (parser.parseString(&memType))
        return failure();
      continue;
    }
    bool *flag = key == "force_double_buffering" ? &forceDoubleBuffering
                 : key == "auto_cost_extraction" ? &autoCostExtraction
                                                 : nullptr;
    if (!flag)
      return parser.emitError(loc)
             << "unknown memory field '" << key
             << "'; expected force_double_buffering, mem_type or "
                "auto_cost_extraction";
    FailureOr<bool> value = parseBoolKeyword(parser);
    if (failed(value))
      return failure();
    *flag = *value;
  }
  return success();
}

void mlir::zigzag::printMemoryOptions(AsmPrinter &printer,
                                      bool forceDoubleBuffering,
                                      StringRef memType,
                                      bool autoCostExtraction) {
  if (forceDoubleBuffering)
    printer << ", force_double_buffering = true";
  if (memType != "sram") {
    printer << ", mem_type = ";
    printer.printString(memType);
  }
  if (autoCostExtraction)
    printer << ", auto_cost_extraction = true";
}

//===----------------------------------------------------------------------===//
// Parameters -> model
//===----------------------------------------------------------------------===//

static ::zigzag::ImcArraySpec buildImc(ImcArrayAttr imc) {
  ::zigzag::ImcArraySpec spec;
  // The attribute's verifier rejects other type names.
  spec.type = ::zigzag::parseImcType(imc.getImcType().str())
                  .value_or(::zigzag::ImcType::Analog);
  spec.activationPrecision = imc.getActivationPrecision();
  spec.weightPrecision = imc.getWeightPrecision();
  spec.bitSerialPrecision = imc.getBitSerialPrecision();
  spec.adcResolution = imc.getAdcResolution();
  return spec;
}

static ::zigzag::OperationalArray buildArray(ArrayRef<StringAttr> dimNames,
                                             ArrayRef<int64_t> dimSizes,
                                             const APFloat &unitEnergy,
                                             const APFloat &unitArea,
                                             ImcArrayAttr imc) {
  ::zigzag::OperationalArray array;
  for (StringAttr name : dimNames)
    array.dimNames.push_back(name.str());
  array.sizes.assign(dimSizes.begin(), dimSizes.end());
  array.unitEnergy = unitEnergy.convertToDouble();
  array.unitArea = unitArea.convertToDouble();
  if (imc)
    array.imc = buildImc(imc);
  return array;
}

static ::zigzag::Port buildPort(StringRef name, ::zigzag::PortType type,
                                int64_t bandwidthMin, int64_t bandwidthMax,
                                ArrayRef<::zigzag::PortAllocation> allocs) {
  ::zigzag::Port port;
  port.name = name.str();
  port.type = type;
  port.bandwidthMin = bandwidthMin;
  port.bandwidthMax = bandwidthMax;
  port.allocations.assign(allocs.begin(), allocs.end());
  return port;
}

/// Everything but the served dims, which need the array to resolve.
static ::zigzag::Memory
buildMemory(StringRef name, int64_t size, const APFloat &rCost,
            const APFloat &wCost, const APFloat &area, int64_t latency,
            ArrayRef<::zigzag::MemOperand> operands, ArrayRef<PortAttr> ports,
            bool forceDoubleBuffering, StringRef memType,
            bool autoCostExtraction) {
  ::zigzag::Memory memory;
  memory.name = name.str();
  memory.sizeBits = size;
  memory.readCost = rCost.convertToDouble();
  memory.writeCost = wCost.convertToDouble();
  memory.area = area.convertToDouble();
  memory.latency = latency;
  memory.operands.assign(operands.begin(), operands.end());
  for (PortAttr port : ports)
    memory.ports.push_back(
        buildPort(port.getName(), port.getPortType(), port.getBandwidthMin(),
                  port.getBandwidthMax(), port.getAllocations()));
  memory.forceDoubleBuffering = forceDoubleBuffering;
  memory.memType = memType.str();
  memory.autoCostExtraction = autoCostExtraction;
  return memory;
}

FailureOr<::zigzag::Hardware> mlir::zigzag::detail::buildHardware(
    function_ref<InFlightDiagnostic()> emitError, StringRef name,
    OperationalArrayAttr array, ArrayRef<MemoryAttr> memories) {
  ::zigzag::Hardware hw;
  hw.name = name.str();
  hw.array =
      buildArray(array.getDimNames(), array.getDimSizes(),
                 array.getUnitEnergy(), array.getUnitArea(), array.getImc());
  for (MemoryAttr attr : memories) {
    ::zigzag::Memory memory = buildMemory(
        attr.getName(), attr.getSize(), attr.getRCost(), attr.getWCost(),
        attr.getArea(), attr.getLatency(), attr.getOperands(), attr.getPorts(),
        attr.getForceDoubleBuffering(), attr.getMemType(),
        attr.getAutoCostExtraction());
    for (StringAttr dimName : attr.getServedDims()) {
      std::optional<unsigned> dim = hw.array.findDim(dimName.getValue());
      if (!dim) {
        std::string known;
        for (const std::string &d : hw.array.dimNames)
          known += (known.empty() ? "" : ", ") + d;
        return emitError() << "memory '" << memory.name
                           << "' serves unknown dimension '"
                           << dimName.getValue()
                           << "'; the operational array has " << known;
      }
      memory.servedDims.push_back(*dim);
    }
    hw.memories.push_back(std::move(memory));
  }
  return hw;
}

//===----------------------------------------------------------------------===//
// Verifiers
//===----------------------------------------------------------------------===//

/// Emits every model error; fails if there is one.
static LogicalResult
emitModelErrors(function_ref<InFlightDiagnostic()> emitError,
                const std::vector<::zigzag::HardwareError> &errors) {
  for (const ::zigzag::HardwareError &error : errors)
    emitError() << error.message;
  return failure(!errors.empty());
}

LogicalResult ImcArrayAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                   StringRef imcType,
                                   int64_t activationPrecision,
                                   int64_t weightPrecision,
                                   int64_t bitSerialPrecision,
                                   int64_t adcResolution) {
  // The rules that need the array and memories run with the accelerator.
  if (!::zigzag::parseImcType(imcType.str()))
    return emitError() << "unknown in-memory-computing type '" << imcType
                       << "'; expected \"analog\" or \"digital\"";
  return success();
}

LogicalResult
OperationalArrayAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                             ArrayRef<StringAttr> dimNames,
                             ArrayRef<int64_t> dimSizes, APFloat unitEnergy,
                             APFloat unitArea, ImcArrayAttr imc) {
  return emitModelErrors(emitError,
                         ::zigzag::verifyOperationalArray(buildArray(
                             dimNames, dimSizes, unitEnergy, unitArea, imc)));
}

LogicalResult PortAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                               StringRef name, ::zigzag::PortType type,
                               int64_t bandwidthMin, int64_t bandwidthMax,
                               ArrayRef<::zigzag::PortAllocation> allocs) {
  return emitModelErrors(
      emitError, ::zigzag::verifyPort(buildPort(name, type, bandwidthMin,
                                                bandwidthMax, allocs)));
}

LogicalResult MemoryAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                 StringRef name, int64_t size, APFloat rCost,
                                 APFloat wCost, APFloat area, int64_t latency,
                                 ArrayRef<::zigzag::MemOperand> operands,
                                 ArrayRef<StringAttr> servedDims,
                                 ArrayRef<PortAttr> ports,
                                 bool forceDoubleBuffering, StringRef memType,
                                 bool autoCostExtraction) {
  return emitModelErrors(
      emitError, ::zigzag::verifyMemory(buildMemory(
                     name, size, rCost, wCost, area, latency, operands, ports,
                     forceDoubleBuffering, memType, autoCostExtraction)));
}

LogicalResult
AcceleratorAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                        StringRef name, OperationalArrayAttr array,
                        ArrayRef<MemoryAttr> memories) {
  FailureOr<::zigzag::Hardware> hw =
      detail::buildHardware(emitError, name, array, memories);
  if (failed(hw))
    return failure();
  return emitModelErrors(emitError, ::zigzag::verifyHardware(*hw));
}
