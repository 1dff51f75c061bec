//===- WorkloadAttrs.cpp - zigzag workload attributes on ops --------------===//

#include "zigzag/Dialect/ZigZag/IR/WorkloadAttrs.h"
#include "zigzag/Dialect/ZigZag/IR/ZigZagAttrs.h"

#include "mlir/Dialect/Linalg/IR/LinalgInterfaces.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace mlir::zigzag;
using ::zigzag::MemOperand;

/// Parses a role string of `zigzag.operands` / `zigzag.operand_order`.
static std::optional<MemOperand> parseRole(Attribute attr) {
  auto str = dyn_cast<StringAttr>(attr);
  if (!str)
    return std::nullopt;
  return ::zigzag::parseMemOperand(str.getValue().str());
}

/// Roles from an explicit `zigzag.operands` array; `whyNot` explains a
/// malformed or inconsistent one.
static FailureOr<OperandRoles>
parseOperandRoles(DestinationStyleOpInterface dps, Attribute attr,
                  std::string &whyNot) {
  llvm::raw_string_ostream os(whyNot);
  auto array = dyn_cast<ArrayAttr>(attr);
  if (!array) {
    os << "'zigzag.operands' must be an array of strings";
    return failure();
  }
  unsigned numInputs = dps.getNumDpsInputs();
  unsigned numOperands = numInputs + dps.getNumDpsInits();
  if (array.size() != numOperands) {
    os << "'zigzag.operands' has " << array.size() << " entries but the op has "
       << numOperands << " DPS operands (inputs, then inits)";
    return failure();
  }
  OperandRoles roles;
  std::array<int, ::zigzag::kNumMemOperands> seenAt = {-1, -1, -1};
  for (auto [index, entry] : llvm::enumerate(array.getValue())) {
    auto str = dyn_cast<StringAttr>(entry);
    if (str && str.getValue() == kIgnoredOperandRole) {
      roles.push_back(std::nullopt);
      continue;
    }
    std::optional<MemOperand> role = parseRole(entry);
    if (!role) {
      os << "'zigzag.operands' entry #" << index << " must be one of \"I1\", "
         << "\"I2\", \"O\" or \"-\", got " << entry;
      return failure();
    }
    int &seen = seenAt[static_cast<unsigned>(*role)];
    if (seen >= 0) {
      os << "'zigzag.operands' gives role " << ::zigzag::toString(*role)
         << " to DPS operands #" << seen << " and #" << index;
      return failure();
    }
    seen = index;
    bool isInit = index >= numInputs;
    if (*role == MemOperand::O && !isInit) {
      os << "'zigzag.operands' gives role O to DPS operand #" << index
         << ", which is an input (O must be an init)";
      return failure();
    }
    if (*role != MemOperand::O && isInit) {
      os << "'zigzag.operands' gives role " << ::zigzag::toString(*role)
         << " to DPS operand #" << index
         << ", which is an init (I1 and I2 must be inputs)";
      return failure();
    }
    roles.push_back(role);
  }
  if (seenAt[static_cast<unsigned>(MemOperand::O)] < 0) {
    os << "'zigzag.operands' must give role O to one init";
    return failure();
  }
  return roles;
}

static bool isScalarLike(Type type) {
  auto shaped = dyn_cast<ShapedType>(type);
  return !shaped || (shaped.hasRank() && shaped.getRank() == 0);
}

FailureOr<OperandRoles> mlir::zigzag::getOperandRoles(Operation *op,
                                                      std::string &whyNot) {
  auto dps = dyn_cast<DestinationStyleOpInterface>(op);
  if (!dps) {
    whyNot = "op is not destination-style: its operands have no roles";
    return failure();
  }
  if (Attribute attr = op->getAttr(ZigZagDialect::kOperandsAttrName))
    return parseOperandRoles(dps, attr, whyNot);

  llvm::raw_string_ostream os(whyNot);
  unsigned numInputs = dps.getNumDpsInputs();
  if (dps.getNumDpsInits() != 1) {
    os << "op has " << dps.getNumDpsInits()
       << " inits; set 'zigzag.operands' to say which one is O";
    return failure();
  }
  OperandRoles roles;
  for (unsigned i = 0; i < numInputs; ++i) {
    if (i < 2) {
      roles.push_back(i == 0 ? MemOperand::I1 : MemOperand::I2);
      continue;
    }
    // Scalars such as the zero points of quantized convs are not modelled.
    if (!isScalarLike(dps.getDpsInputOperand(i)->get().getType())) {
      os << "op has more than two non-scalar inputs; set 'zigzag.operands' "
            "to say which ones are I1 and I2";
      return failure();
    }
    roles.push_back(std::nullopt);
  }
  roles.push_back(MemOperand::O);
  return roles;
}

FailureOr<std::array<MemOperand, ::zigzag::kNumMemOperands>>
mlir::zigzag::getOperandOrder(Operation *op, const OperandRoles &roles,
                              std::string &whyNot) {
  std::array<bool, ::zigzag::kNumMemOperands> present = {false, false, false};
  for (const std::optional<MemOperand> &role : roles)
    if (role)
      present[static_cast<unsigned>(*role)] = true;

  SmallVector<MemOperand, 3> order;
  if (Attribute attr = op->getAttr(ZigZagDialect::kOperandOrderAttrName)) {
    llvm::raw_string_ostream os(whyNot);
    auto array = dyn_cast<ArrayAttr>(attr);
    if (!array) {
      os << "'zigzag.operand_order' must be an array of strings";
      return failure();
    }
    std::array<bool, ::zigzag::kNumMemOperands> listed = {false, false, false};
    for (Attribute entry : array) {
      std::optional<MemOperand> role = parseRole(entry);
      if (!role) {
        os << "'zigzag.operand_order' entries must be \"I1\", \"I2\" or "
              "\"O\", got "
           << entry;
        return failure();
      }
      unsigned index = static_cast<unsigned>(*role);
      if (listed[index]) {
        os << "'zigzag.operand_order' lists " << ::zigzag::toString(*role)
           << " twice";
        return failure();
      }
      if (!present[index]) {
        os << "'zigzag.operand_order' lists " << ::zigzag::toString(*role)
           << ", which no operand of the op plays";
        return failure();
      }
      listed[index] = true;
      order.push_back(*role);
    }
    for (MemOperand role : ::zigzag::kAllMemOperands) {
      if (present[static_cast<unsigned>(role)] &&
          !listed[static_cast<unsigned>(role)]) {
        os << "'zigzag.operand_order' does not list "
           << ::zigzag::toString(role) << ", which an operand of the op plays";
        return failure();
      }
    }
  } else {
    for (MemOperand role : {MemOperand::O, MemOperand::I1, MemOperand::I2})
      if (present[static_cast<unsigned>(role)])
        order.push_back(role);
  }
  // Roles the op does not have complete the order, so it is a permutation.
  for (MemOperand role : {MemOperand::O, MemOperand::I1, MemOperand::I2})
    if (!present[static_cast<unsigned>(role)])
      order.push_back(role);
  return std::array<MemOperand, ::zigzag::kNumMemOperands>{order[0], order[1],
                                                           order[2]};
}

bool mlir::zigzag::isWorkloadAttributeName(StringRef name) {
  return llvm::is_contained(
      {ZigZagDialect::kLayerNameAttrName, ZigZagDialect::kLoopNamesAttrName,
       ZigZagDialect::kOperandsAttrName, ZigZagDialect::kOperandOrderAttrName,
       ZigZagDialect::kPrecisionAttrName, ZigZagDialect::kOperatorTypeAttrName,
       ZigZagDialect::kLayerIdAttrName, ZigZagDialect::kAdapterAttrName,
       ZigZagDialect::kNetworkInputAttrName,
       ZigZagDialect::kOperandSourcesAttrName,
       ZigZagDialect::kSourceDimsAttrName, ZigZagDialect::kUnitTermDimsAttrName,
       ZigZagDialect::kInputsShareI1AttrName,
       ZigZagDialect::kAssumedDimsAttrName},
      name);
}

LogicalResult mlir::zigzag::verifyWorkloadAttribute(Operation *op,
                                                    NamedAttribute attr) {
  StringRef name = attr.getName().getValue();
  Attribute value = attr.getValue();
  auto emitError = [&]() { return op->emitOpError() << "'" << name << "' "; };

  if (name == ZigZagDialect::kLayerNameAttrName ||
      name == ZigZagDialect::kOperatorTypeAttrName) {
    auto str = dyn_cast<StringAttr>(value);
    if (!str || str.getValue().empty())
      return emitError() << "must be a non-empty string";
    return success();
  }
  if (name == ZigZagDialect::kLayerIdAttrName) {
    if (!isa<IntegerAttr>(value))
      return emitError() << "must be an integer";
    return success();
  }
  if (name == ZigZagDialect::kAdapterAttrName) {
    if (!isa<UnitAttr>(value))
      return emitError() << "must be a unit attribute";
    return success();
  }
  if (name == ZigZagDialect::kNetworkInputAttrName)
    return emitError() << "is a function argument attribute, not an op "
                          "attribute";
  if (name == ZigZagDialect::kOperandSourcesAttrName ||
      name == ZigZagDialect::kSourceDimsAttrName) {
    auto array = dyn_cast<ArrayAttr>(value);
    bool sources = name == ZigZagDialect::kOperandSourcesAttrName;
    StringRef expected = sources ? "an array of integers (producer layer ids)"
                                 : "an array of dictionaries of strings";
    if (!array)
      return emitError() << "must be " << expected;
    for (Attribute entry : array) {
      if (sources ? isa<IntegerAttr>(entry)
                  : isa<DictionaryAttr>(entry) &&
                        llvm::all_of(cast<DictionaryAttr>(entry),
                                     [](NamedAttribute dim) {
                                       return isa<StringAttr>(dim.getValue());
                                     }))
        continue;
      return emitError() << "must be " << expected << ", got " << entry;
    }
    if (auto dps = dyn_cast<DestinationStyleOpInterface>(op))
      if (array.size() != static_cast<size_t>(dps.getNumDpsInputs()))
        return emitError() << "has " << array.size()
                           << " entries but the op has "
                           << dps.getNumDpsInputs() << " inputs";
    return success();
  }
  if (name == ZigZagDialect::kUnitTermDimsAttrName) {
    // One array of tensor-dim indices per DPS operand (inputs, then inits).
    auto array = dyn_cast<ArrayAttr>(value);
    StringRef expected = "an array of arrays of tensor-dim indices";
    if (!array)
      return emitError() << "must be " << expected;
    auto dps = dyn_cast<DestinationStyleOpInterface>(op);
    if (dps && array.size() != static_cast<size_t>(dps->getNumOperands()))
      return emitError() << "has " << array.size() << " entries but the op has "
                         << dps->getNumOperands() << " operands";
    for (auto [index, entry] : llvm::enumerate(array)) {
      auto dims = dyn_cast<ArrayAttr>(entry);
      if (!dims || !llvm::all_of(dims, llvm::IsaPred<IntegerAttr>))
        return emitError() << "must be " << expected << ", got " << entry;
      int64_t rank = -1;
      if (dps)
        if (auto shaped =
                dyn_cast<ShapedType>(dps->getOperand(index).getType()))
          rank = shaped.getRank();
      for (Attribute dim : dims) {
        int64_t d = cast<IntegerAttr>(dim).getInt();
        if (d < 0)
          return emitError() << "must hold non-negative dims, got " << d;
        if (rank >= 0 && d >= rank)
          return emitError() << "names dim " << d << " of operand #" << index
                             << ", which has rank " << rank;
      }
    }
    return success();
  }
  if (name == ZigZagDialect::kInputsShareI1AttrName) {
    if (!isa<UnitAttr>(value))
      return emitError() << "must be a unit attribute";
    return success();
  }
  if (name == ZigZagDialect::kAssumedDimsAttrName) {
    // Whether each name is a dynamic loop of the op is checked by the
    // workload analysis, which knows the loop names.
    auto dict = dyn_cast<DictionaryAttr>(value);
    if (!dict)
      return emitError() << "must be a dictionary of loop names to sizes";
    for (NamedAttribute entry : dict) {
      auto size = dyn_cast<IntegerAttr>(entry.getValue());
      if (!size || size.getValue().getSExtValue() <= 0)
        return emitError() << "must give loop '" << entry.getName().getValue()
                           << "' a positive integer size, got "
                           << entry.getValue();
    }
    return success();
  }
  if (name == ZigZagDialect::kPrecisionAttrName) {
    if (!isa<PrecisionAttr>(value))
      return emitError() << "must be a #zigzag.precision attribute";
    return success();
  }
  if (name == ZigZagDialect::kLoopNamesAttrName) {
    auto array = dyn_cast<ArrayAttr>(value);
    if (!array)
      return emitError() << "must be an array of strings";
    llvm::StringSet<> seen;
    for (Attribute entry : array) {
      auto str = dyn_cast<StringAttr>(entry);
      if (!str || str.getValue().empty())
        return emitError() << "must hold non-empty strings, got " << entry;
      if (!seen.insert(str.getValue()).second)
        return emitError() << "names loop \"" << str.getValue() << "\" twice";
    }
    if (auto linalgOp = dyn_cast<linalg::LinalgOp>(op))
      if (array.size() != linalgOp.getNumLoops())
        return emitError() << "has " << array.size() << " names but the op has "
                           << linalgOp.getNumLoops() << " loops";
    return success();
  }
  if (name == ZigZagDialect::kOperandsAttrName) {
    std::string whyNot;
    if (failed(getOperandRoles(op, whyNot)))
      return op->emitOpError() << whyNot;
    return success();
  }
  if (name == ZigZagDialect::kOperandOrderAttrName) {
    std::string whyNot;
    FailureOr<OperandRoles> roles = getOperandRoles(op, whyNot);
    if (failed(roles)) {
      // Bad `zigzag.operands` are reported on their own; roles that cannot
      // be defaulted are the analysis' business.
      if (isa<DestinationStyleOpInterface>(op))
        return success();
      return op->emitOpError() << whyNot;
    }
    if (failed(getOperandOrder(op, *roles, whyNot)))
      return op->emitOpError() << whyNot;
    return success();
  }
  return success();
}
