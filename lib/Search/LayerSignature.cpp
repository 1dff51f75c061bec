//===- LayerSignature.cpp - When two layers have one search ---------------===//

#include "zigzag/Search/LayerSignature.h"

namespace zigzag {

/// Appends `value` and a separator, so that concatenations of different
/// field sequences never coincide.
static void put(std::string &out, int64_t value) {
  out += std::to_string(value);
  out += ',';
}

static void put(std::string &out, const std::string &text) {
  put(out, static_cast<int64_t>(text.size()));
  out += text;
}

std::string layerSignature(const Workload &w) {
  std::string s;
  put(s, w.opName);
  put(s, w.operatorType);
  put(s, static_cast<int64_t>(w.numLoops()));
  for (unsigned l = 0; l < w.numLoops(); ++l) {
    put(s, w.loopNames[l]);
    put(s, w.loopSizes[l]);
    put(s, l < w.reduction.size() && w.reduction[l]);
  }
  for (MemOperand op : w.operandOrder)
    put(s, static_cast<int64_t>(op));
  for (const WorkloadOperand &operand : w.operands) {
    put(s, operand.name);
    put(s, operand.present);
    put(s, operand.constant);
    put(s, operand.precision);
    put(s, operand.finalPrecision);
    put(s, static_cast<int64_t>(operand.relevance.size()));
    for (Relevance r : operand.relevance)
      put(s, static_cast<int64_t>(r));
    put(s, static_cast<int64_t>(operand.prDims.size()));
    for (const PrDim &dim : operand.prDims) {
      put(s, dim.name);
      put(s, dim.extent);
      put(s, static_cast<int64_t>(dim.terms.size()));
      for (const auto &[loop, coefficient] : dim.terms) {
        put(s, loop);
        put(s, coefficient);
      }
    }
    put(s, static_cast<int64_t>(operand.loopsWithDroppedUnitTerms.size()));
    for (unsigned loop : operand.loopsWithDroppedUnitTerms)
      put(s, loop);
  }
  return s;
}

} // namespace zigzag
