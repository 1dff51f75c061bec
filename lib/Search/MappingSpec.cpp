//===- MappingSpec.cpp - User mapping constraints (ZigZag format) ---------===//

#include "zigzag/Search/MappingSpec.h"

namespace zigzag {

std::optional<MemOperand>
MappingSpecEntry::linkFor(std::string_view layerOperand) const {
  for (const OperandLinkSpec &link : memoryOperandLinks)
    if (link.layerOperand == layerOperand)
      return link.memOperand;
  return std::nullopt;
}

const MappingSpecEntry *
MappingSpec::lookup(std::string_view layerName,
                    std::string_view operatorType) const {
  for (std::string_view key :
       {layerName, operatorType, std::string_view("default")}) {
    if (key.empty())
      continue;
    for (const MappingSpecEntry &entry : entries)
      if (entry.name == key)
        return &entry;
  }
  return nullptr;
}

} // namespace zigzag
