//===- MappingConversion.cpp - #zigzag.mapping <-> zigzag::Mapping --------===//

#include "zigzag/Analysis/MappingConversion.h"

#include "zigzag/Model/MappingValidity.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"

using namespace mlir;
using namespace mlir::zigzag;
using ::zigzag::Hardware;
using ::zigzag::LoopFactor;
using ::zigzag::MemOperand;
using ::zigzag::Workload;

static std::string listLoops(const Workload &w) {
  std::string s;
  for (const std::string &name : w.loopNames)
    s += (s.empty() ? "" : ", ") + name;
  return s;
}

FailureOr<::zigzag::Mapping>
mlir::zigzag::convertMapping(MappingAttr attr, const Workload &w,
                             const Hardware &hw,
                             function_ref<InFlightDiagnostic()> emitError) {
  ::zigzag::Mapping m;
  m.spatial.resize(hw.array.sizes.size());
  auto findLoop = [&](StringAttr name) -> FailureOr<unsigned> {
    int loop = w.findLoop(name.str());
    if (loop < 0)
      return emitError() << "mapping names loop '" << name.getValue()
                         << "', which layer '" << w.name
                         << "' does not have (its loops: " << listLoops(w)
                         << ")";
    return static_cast<unsigned>(loop);
  };

  SmallVector<int64_t> spatialProduct(w.numLoops(), 1);
  for (const SpatialUnrolling &u : attr.getSpatial()) {
    std::optional<unsigned> dim = hw.array.findDim(u.arrayDim.getValue());
    if (!dim)
      return emitError() << "mapping unrolls over array dim '"
                         << u.arrayDim.getValue() << "', which accelerator '"
                         << hw.name << "' does not have";
    FailureOr<unsigned> loop = findLoop(u.loop);
    if (failed(loop))
      return failure();
    m.spatial[*dim].push_back({*loop, u.factor});
    spatialProduct[*loop] *= u.factor;
  }
  for (unsigned d = 0; d < m.spatial.size(); ++d) {
    int64_t product = 1;
    for (const LoopFactor &f : m.spatial[d])
      product *= f.factor;
    if (product > hw.array.sizes[d])
      return emitError() << "spatial unrolling over " << hw.array.dimNames[d]
                         << " is " << product << ", more than its size "
                         << hw.array.sizes[d];
  }

  SmallVector<int64_t> temporalProduct(w.numLoops(), 1),
      outermost(w.numLoops(), 0);
  for (const TemporalLoop &l : attr.getTemporal()) {
    FailureOr<unsigned> loop = findLoop(l.loop);
    if (failed(loop))
      return failure();
    m.temporal.push_back({*loop, l.size});
    temporalProduct[*loop] *= l.size;
    outermost[*loop] = l.size;
  }
  for (unsigned l = 0; l < w.numLoops(); ++l)
    if (std::string problem = ::zigzag::checkLoopCoverage(
            w, l, spatialProduct[l], temporalProduct[l], outermost[l]);
        !problem.empty())
      return emitError() << problem;

  for (MemOperand op : ::zigzag::kAllMemOperands) {
    StringRef opName = ::zigzag::toString(op);
    SmallVector<LevelCut> cuts = attr.getLevelsOf(opName);
    if (!w.operand(op).present) {
      if (!cuts.empty())
        return emitError() << "mapping gives levels for " << opName
                           << ", which layer '" << w.name << "' does not use";
      continue;
    }
    std::vector<unsigned> hierarchy = hw.hierarchy(op);
    auto expectedNames = [&] {
      std::string s;
      for (unsigned mem : hierarchy)
        s += (s.empty() ? "" : ", ") + hw.memories[mem].name;
      return s;
    };
    if (cuts.size() != hierarchy.size() ||
        !llvm::all_of(llvm::zip(cuts, hierarchy), [&](auto pair) {
          return std::get<0>(pair).memory.getValue() ==
                 hw.memories[std::get<1>(pair)].name;
        }))
      return emitError() << "the levels of " << opName
                         << " must name its memories innermost first: "
                         << expectedNames();
    for (const LevelCut &c : cuts)
      m.levelEnds[static_cast<unsigned>(op)].push_back(c.end);
  }
  return m;
}

MappingAttr mlir::zigzag::convertMapping(MLIRContext *context,
                                         const ::zigzag::Mapping &m,
                                         const Workload &w,
                                         const Hardware &hw) {
  auto str = [&](const std::string &s) { return StringAttr::get(context, s); };
  SmallVector<SpatialUnrolling> spatial;
  for (unsigned d = 0; d < m.spatial.size(); ++d)
    for (const LoopFactor &f : m.spatial[d])
      spatial.push_back(
          {str(hw.array.dimNames[d]), str(w.loopNames[f.loop]), f.factor});
  SmallVector<TemporalLoop> temporal;
  for (const LoopFactor &f : m.temporal)
    temporal.push_back({str(w.loopNames[f.loop]), f.factor});
  SmallVector<LevelCut> levels;
  for (MemOperand op : ::zigzag::kAllMemOperands) {
    const std::vector<unsigned> &ends = m.levelEnds[static_cast<unsigned>(op)];
    std::vector<unsigned> hierarchy = hw.hierarchy(op);
    for (unsigned i = 0; i < ends.size() && i < hierarchy.size(); ++i)
      levels.push_back({str(::zigzag::toString(op)),
                        str(hw.memories[hierarchy[i]].name),
                        static_cast<int64_t>(ends[i])});
  }
  return MappingAttr::get(context, spatial, temporal, levels);
}
