//===- hardware-yaml.cpp - libFuzzer target: hardware YAML reader ---------===//
//
// Feeds arbitrary bytes to the ZigZag hardware YAML reader. Bad input must
// give a diagnostic, never a crash; input the reader accepts must be
// hardware the model's own verifier accepts, and ZigZag's I1/I2 chain
// sharing must work on it.
//
//===----------------------------------------------------------------------===//

#include "zigzag/Import/HardwareYAML.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::StringRef text(reinterpret_cast<const char *>(data), size);
  llvm::Expected<zigzag::Hardware> hardware =
      zigzag::parseHardwareYAML(text, "fuzz.yaml");
  if (!hardware) {
    llvm::consumeError(hardware.takeError());
    return 0;
  }
  // The reader promises it rejects everything verifyHardware rejects.
  std::vector<zigzag::HardwareError> errors = zigzag::verifyHardware(*hardware);
  if (!errors.empty()) {
    std::fprintf(stderr, "accepted hardware fails verifyHardware: %s\n",
                 errors.front().message.c_str());
    std::abort();
  }
  (void)zigzag::shareI1ChainWithI2(*hardware);
  return 0;
}
