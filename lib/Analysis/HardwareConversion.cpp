//===- HardwareConversion.cpp - #zigzag.accelerator <-> Hardware ----------===//

#include "zigzag/Analysis/HardwareConversion.h"

#include "llvm/Support/ErrorHandling.h"

using namespace mlir;
using namespace mlir::zigzag;

::zigzag::Hardware mlir::zigzag::convertHardware(AcceleratorAttr attr) {
  // The conversion lives next to the verifier, which needs it; a verified
  // attribute always resolves its served dims, so this cannot fail.
  FailureOr<::zigzag::Hardware> hw = detail::buildHardware(
      [&] { return mlir::emitError(UnknownLoc::get(attr.getContext())); },
      attr.getName(), attr.getArray(), attr.getMemories());
  if (failed(hw))
    llvm::report_fatal_error("convertHardware: unverified accelerator "
                             "attribute with an unknown served dimension");
  return std::move(*hw);
}

FailureOr<AcceleratorAttr>
mlir::zigzag::convertHardware(MLIRContext *context,
                              const ::zigzag::Hardware &hw,
                              function_ref<InFlightDiagnostic()> emitError) {
  // Served dims become names, so an index outside the array cannot be
  // converted; verifyHardware words that error, report it as it says.
  for (const ::zigzag::Memory &memory : hw.memories)
    for (unsigned dim : memory.servedDims)
      if (dim >= hw.array.dimNames.size())
        return emitError() << "memory '" << memory.name
                           << "' serves dimension #" << dim
                           << ", but the operational array has "
                           << hw.array.dimNames.size() << " dimensions";

  SmallVector<StringAttr> dimNames;
  for (const std::string &name : hw.array.dimNames)
    dimNames.push_back(StringAttr::get(context, name));
  ImcArrayAttr imc;
  if (const std::optional<::zigzag::ImcArraySpec> &spec = hw.array.imc) {
    imc = ImcArrayAttr::getChecked(
        emitError, context, StringRef(::zigzag::toString(spec->type)),
        spec->activationPrecision, spec->weightPrecision,
        spec->bitSerialPrecision, spec->adcResolution);
    if (!imc)
      return failure();
  }
  auto array = OperationalArrayAttr::getChecked(
      emitError, context, ArrayRef<StringAttr>(dimNames),
      ArrayRef<int64_t>(hw.array.sizes), APFloat(hw.array.unitEnergy),
      APFloat(hw.array.unitArea), imc);
  if (!array)
    return failure();

  SmallVector<MemoryAttr> memories;
  for (const ::zigzag::Memory &memory : hw.memories) {
    SmallVector<PortAttr> ports;
    for (const ::zigzag::Port &port : memory.ports) {
      auto attr = PortAttr::getChecked(
          emitError, context, StringRef(port.name), port.type,
          port.bandwidthMin, port.bandwidthMax,
          ArrayRef<::zigzag::PortAllocation>(port.allocations));
      if (!attr)
        return failure();
      ports.push_back(attr);
    }
    SmallVector<StringAttr> servedDims;
    for (unsigned dim : memory.servedDims)
      servedDims.push_back(dimNames[dim]);
    auto attr = MemoryAttr::getChecked(
        emitError, context, StringRef(memory.name), memory.sizeBits,
        APFloat(memory.readCost), APFloat(memory.writeCost),
        APFloat(memory.area), memory.latency,
        ArrayRef<::zigzag::MemOperand>(memory.operands),
        ArrayRef<StringAttr>(servedDims), ArrayRef<PortAttr>(ports),
        memory.forceDoubleBuffering, StringRef(memory.memType),
        memory.autoCostExtraction);
    if (!attr)
      return failure();
    memories.push_back(attr);
  }
  auto accelerator =
      AcceleratorAttr::getChecked(emitError, context, StringRef(hw.name), array,
                                  ArrayRef<MemoryAttr>(memories));
  if (!accelerator)
    return failure();
  return accelerator;
}
