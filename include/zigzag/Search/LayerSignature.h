//===- LayerSignature.h - When two layers have one search -------*- C++ -*-===//
//
// Networks repeat layers (ResNet-18 has 15 distinct shapes among its 31
// layers); a pass searches each distinct one once and reuses the result.
// Plain C++: no MLIR or LLVM.
//
//===----------------------------------------------------------------------===//

#ifndef ZIGZAG_SEARCH_LAYERSIGNATURE_H
#define ZIGZAG_SEARCH_LAYERSIGNATURE_H

#include "zigzag/Model/Workload.h"

#include <string>

namespace zigzag {

/// Everything of `w` a mapping search reads: loops (names, sizes, iterator
/// types), operands (names, presence, precisions, relevance, projections)
/// and the operand order; not the layer's name, id or op name, which only
/// label it. Two layers with equal signatures, searched on the same
/// accelerator with the same mapping entry and options, get the same
/// result from every search engine.
std::string layerSignature(const Workload &w);

} // namespace zigzag

#endif // ZIGZAG_SEARCH_LAYERSIGNATURE_H
