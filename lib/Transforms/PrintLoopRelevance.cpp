//===- PrintLoopRelevance.cpp - print ZigZag's view of linalg ops ---------===//
//
// Prints, per linalg op, the workload that WorkloadAnalysis derives (loops,
// r/ir/pr per operand, pr relations, sizes, MACs) to stdout, in the stable
// text format of docs/Workloads.md.
//
//===----------------------------------------------------------------------===//

#include "zigzag/Analysis/WorkloadAnalysis.h"
#include "zigzag/Transforms/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/raw_ostream.h"

namespace mlir {
namespace zigzag {
#define GEN_PASS_DEF_PRINTLOOPRELEVANCE
#include "zigzag/Transforms/Passes.h.inc"
} // namespace zigzag
} // namespace mlir

using namespace mlir;
using namespace mlir::zigzag;
using ::zigzag::MemOperand;
using ::zigzag::PrDim;
using ::zigzag::Relevance;
using ::zigzag::Workload;
using ::zigzag::WorkloadOperand;

/// "input 1" / "init 0" for a DPS operand.
static void printDpsPosition(raw_ostream &os, linalg::LinalgOp op,
                             OpOperand *opOperand) {
  if (op.isDpsInput(opOperand))
    os << "input " << opOperand->getOperandNumber();
  else
    os << "init " << opOperand->getOperandNumber() - op.getNumDpsInputs();
}

static void printLoopList(raw_ostream &os, StringRef label, const Workload &w,
                          const WorkloadOperand &operand, Relevance relevance) {
  os << "    " << label << ":";
  bool any = false;
  for (unsigned l = 0; l < w.numLoops(); ++l) {
    if (operand.relevance[l] != relevance)
      continue;
    os << " " << w.loopNames[l];
    any = true;
  }
  if (!any)
    os << " -";
  os << "\n";
}

static void printPrDim(raw_ostream &os, const Workload &w, const PrDim &dim) {
  os << "      " << dim.name << " =";
  for (auto [index, term] : llvm::enumerate(dim.terms)) {
    int64_t coef = term.second;
    if (index == 0)
      os << (coef < 0 ? " -" : " ");
    else
      os << (coef < 0 ? " - " : " + ");
    os << std::abs(coef) << "*" << w.loopNames[term.first];
  }
  os << " (extent " << dim.extent << ")\n";
}

static void printOperand(raw_ostream &os, const LinalgWorkload &lw,
                         linalg::LinalgOp op, MemOperand role) {
  const Workload &w = lw.workload;
  const WorkloadOperand &operand = w.operand(role);
  os << "  " << ::zigzag::toString(role);
  OpOperand *opOperand = lw.operand(role);
  if (!operand.present || !opOperand) {
    os << ": absent\n";
    return;
  }
  os << " = ";
  printDpsPosition(os, op, opOperand);
  os << ": " << opOperand->get().getType() << ", " << operand.precision << " b";
  if (role == MemOperand::O)
    os << ", final " << operand.finalPrecision << " b";
  if (operand.constant)
    os << ", constant";
  os << "\n";
  printLoopList(os, "r", w, operand, Relevance::Relevant);
  printLoopList(os, "ir", w, operand, Relevance::Irrelevant);
  printLoopList(os, "pr", w, operand, Relevance::Partial);
  for (const PrDim &dim : operand.prDims)
    printPrDim(os, w, dim);
  if (!operand.loopsWithDroppedUnitTerms.empty()) {
    os << "      size-1 terms left out (pr for DeFiNES):";
    for (unsigned l : operand.loopsWithDroppedUnitTerms)
      os << " " << w.loopNames[l];
    os << "\n";
  }
  int64_t elements = w.operandElements(role);
  os << "    size: " << elements << " elements, "
     << elements * operand.precision << " bits";
  if (role == MemOperand::O)
    os << ", final " << elements * operand.finalPrecision << " bits";
  os << "\n";
}

static void printLayer(raw_ostream &os, const LinalgWorkload &lw,
                       linalg::LinalgOp op) {
  const Workload &w = lw.workload;
  os << "layer \"" << w.name << "\" " << w.opName << "\n";
  os << "  loops:";
  for (unsigned l = 0; l < w.numLoops(); ++l)
    os << " " << w.loopNames[l] << "=" << w.loopSizes[l];
  os << "\n  reduction:";
  bool anyReduction = false;
  for (unsigned l = 0; l < w.numLoops(); ++l) {
    if (!w.reduction[l])
      continue;
    os << " " << w.loopNames[l];
    anyReduction = true;
  }
  if (!anyReduction)
    os << " -";
  os << "\n";
  for (MemOperand role : ::zigzag::kAllMemOperands)
    printOperand(os, lw, op, role);

  // DPS operands without a role (e.g. zero points of quantized ops).
  SmallVector<OpOperand *> ignored;
  for (OpOperand &opOperand : op->getOpOperands())
    if (!llvm::is_contained(lw.operands, &opOperand))
      ignored.push_back(&opOperand);
  if (!ignored.empty()) {
    os << "  ignored:";
    llvm::interleave(
        ignored, os,
        [&](OpOperand *opOperand) {
          os << " ";
          printDpsPosition(os, op, opOperand);
        },
        ",");
    os << "\n";
  }
  os << "  order:";
  for (MemOperand role : w.operandOrder)
    if (w.operand(role).present)
      os << " " << ::zigzag::toString(role);
  os << "\n  macs: " << w.macs() << "\n";
}

namespace {
struct PrintLoopRelevancePass
    : public mlir::zigzag::impl::PrintLoopRelevanceBase<
          PrintLoopRelevancePass> {
  using PrintLoopRelevanceBase::PrintLoopRelevanceBase;

  void runOnOperation() override {
    raw_ostream &os = llvm::outs();
    int64_t layers = 0, skipped = 0, totalMacs = 0;
    getOperation()->walk<WalkOrder::PreOrder>([&](linalg::LinalgOp op) {
      std::string whyNot;
      FailureOr<LinalgWorkload> lw = analyzeLinalgOp(op, whyNot);
      if (failed(lw)) {
        op->emitRemark() << "zigzag: op not modelled: " << whyNot;
        ++skipped;
        return;
      }
      printLayer(os, *lw, op);
      ++layers;
      totalMacs += lw->workload.macs();
    });
    os << "total: " << layers << " layers, " << totalMacs << " MACs";
    if (skipped)
      os << ", " << skipped << (skipped == 1 ? " op" : " ops")
         << " not modelled";
    os << "\n";
    os.flush();
    markAllAnalysesPreserved();
  }
};
} // namespace
