//===- Pipeline.cpp - --zigzag-pipeline -----------------------------------===//
//
// attach-hardware, search-mapping, estimate-cost, report and apply-mapping in
// one pass pipeline with the options users set most.
//
//===----------------------------------------------------------------------===//

#include "zigzag/Transforms/Passes.h"

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"

using namespace mlir;
using namespace mlir::zigzag;

namespace {
struct PipelineOptions : public PassPipelineOptions<PipelineOptions> {
  Option<std::string> hardware{
      *this, "hardware",
      llvm::cl::desc("ZigZag hardware YAML, or .mlir holding an accelerator")};
  Option<std::string> mappingFile{
      *this, "mapping-file", llvm::cl::desc("ZigZag mapping YAML (optional)")};
  Option<::zigzag::SearchCriterion> criterion{
      *this, "criterion", llvm::cl::desc("latency, energy or edp"),
      llvm::cl::init(::zigzag::SearchCriterion::Latency), criterionValues()};
  Option<unsigned> lpfLimit{*this, "lpf-limit",
                            llvm::cl::desc("LOMA's loop prime factor limit"),
                            llvm::cl::init(6)};
  Option<::zigzag::TemporalMappingType> temporal{
      *this, "temporal", llvm::cl::desc("uneven or even"),
      llvm::cl::init(::zigzag::TemporalMappingType::Uneven), temporalValues()};
  Option<unsigned> spatialCandidates{
      *this, "spatial-candidates",
      llvm::cl::desc("Spatial mappings kept after ranking"), llvm::cl::init(3)};
  Option<unsigned> threads{*this, "threads",
                           llvm::cl::desc("Search threads (0 = all cores)"),
                           llvm::cl::init(0)};
  Option<bool> zigzagCompat{
      *this, "zigzag-compat",
      llvm::cl::desc("Reproduce ZigZag 3.8.5 including its quirks (default: "
                     "the corrected model)"),
      llvm::cl::init(false)};
  Option<MappingFallback> mappingFallback{
      *this, "mapping-fallback",
      llvm::cl::desc("Mapping entries whose spatial_mapping does not fit a "
                     "layer: keep (warn) or search"),
      llvm::cl::init(MappingFallback::Keep), mappingFallbackValues()};
  Option<std::string> report{
      *this, "report",
      llvm::cl::desc("Where to write the JSON report ('-' = stdout; empty = "
                     "only the table on stderr)"),
      llvm::cl::init("")};
  Option<bool> apply{*this, "apply",
                     llvm::cl::desc("Rewrite the mapped ops into loop nests"),
                     llvm::cl::init(true)};
  Option<bool> stageBuffers{
      *this, "stage-buffers",
      llvm::cl::desc("Stage operand tiles into per-memory buffers"),
      llvm::cl::init(true)};
};
} // namespace

static void buildPipeline(OpPassManager &pm, const PipelineOptions &o) {
  pm.addPass(createAttachHardware(AttachHardwareOptions{o.hardware}));
  SearchMappingOptions search;
  search.mappingFile = o.mappingFile;
  search.criterion = o.criterion;
  search.lpfLimit = o.lpfLimit;
  search.temporal = o.temporal;
  search.spatialCandidates = o.spatialCandidates;
  search.threads = o.threads;
  search.zigzagCompat = o.zigzagCompat;
  search.mappingFallback = o.mappingFallback;
  pm.addPass(createSearchMapping(search));
  pm.addPass(createEstimateCost(EstimateCostOptions{o.zigzagCompat}));
  ReportOptions report;
  report.file = o.report;
  report.zigzagCompat = o.zigzagCompat;
  pm.addPass(createReport(report));
  if (o.apply)
    pm.addPass(createApplyMapping(ApplyMappingOptions{o.stageBuffers}));
}

void mlir::zigzag::registerZigZagPipeline() {
  PassPipelineRegistration<PipelineOptions>(
      "zigzag-pipeline",
      "Attach the hardware, search every op's mapping, estimate its cost, "
      "report, and rewrite the ops into their loop nests",
      buildPipeline);
}
