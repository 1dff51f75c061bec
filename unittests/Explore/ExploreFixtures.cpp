//===- ExploreFixtures.cpp - Design spaces for the explore tests ----------===//

#include "ExploreFixtures.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

namespace zigzag {
namespace testing {

std::optional<explore::DesignSpace> parseSpaceText(const std::string &text,
                                                   std::string *errors) {
  llvm::SourceMgr sourceMgr;
  std::string diagnostics;
  llvm::raw_string_ostream os(diagnostics);
  sourceMgr.setDiagHandler(
      [](const llvm::SMDiagnostic &diag, void *context) {
        diag.print(nullptr, *static_cast<llvm::raw_string_ostream *>(context),
                   /*ShowColors=*/false);
      },
      &os);
  unsigned id = sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(text, "space.yaml"), llvm::SMLoc());
  std::optional<explore::DesignSpace> space =
      explore::parseDesignSpace(sourceMgr, id);
  if (errors)
    *errors = os.str();
  return space;
}

const char *const kCaseStudyShapedSpace = R"(
pe_arrays:
  - {dimensions: [D1, D2], sizes: [16, 16]}
mac: {energy: 0.2, area: 0.0004}
memory_pool:
  - {name: reg2B, size: 16, bandwidth: 16, r_cost: 0.13, w_cost: 0.13, area: 0.0001}
  - {name: reg32B, size: 256, bandwidth: 16, r_cost: 0.3, w_cost: 0.3, area: 0.0017}
  - {name: reg128B, size: 1024, bandwidth: 16, r_cost: 0.6, w_cost: 0.6, area: 0.0067}
  - {name: l1_8KB, size: 65536, bandwidth: 128, r_cost: 16.7, w_cost: 30, area: 0.14}
  - {name: l1_32KB, size: 262144, bandwidth: 128, r_cost: 43, w_cost: 59, area: 0.47}
  - {name: l2_512KB, size: 4194304, bandwidth: 256, r_cost: 361, w_cost: 347, area: 8.6}
  - {name: l2_2MB, size: 16777216, bandwidth: 256, r_cost: 831, w_cost: 805, area: 30.6}
  - {name: dram, size: 1e10, bandwidth: 64, r_cost: 700, w_cost: 750, area: 0, mem_type: dram}
levels:
  - {name: reg, memories: [reg2B, reg32B, reg128B], sharing: [separate]}
  - name: L1
    memories: [l1_8KB, l1_32KB]
    sharing: [separate, [[I1, I2], [O]], shared]
    bypass: true
    served_dimensions: [D1, D2]
  - name: L2
    memories: [l2_512KB, l2_2MB]
    bypass: true
    served_dimensions: [D1, D2]
  - {name: dram, memories: [dram], served_dimensions: [D1, D2]}
)";

} // namespace testing
} // namespace zigzag
