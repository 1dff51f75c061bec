//===- MaestroDFSL.h - MAESTRO's .m network and hardware files --*- C++ -*-===//
//
// Readers for MAESTRO's input language (its "DFSL"): the network file
// (`Constant`, `Network`, `Layer`, `Type`, `Stride`, `Dimensions`,
// `Dataflow`, `//` comments) and the hardware file (`num_pes: 256` ...).
// Tokens are split on " ,->():\t;" as MAESTRO does, so `Sz(R)` and
// `Sz R` read the same. Errors carry the line and column of the token.
// Plain C++ (no MLIR).
//
//===----------------------------------------------------------------------===//

#ifndef ZIGZAG_IMPORT_MAESTRODFSL_H
#define ZIGZAG_IMPORT_MAESTRODFSL_H

#include "zigzag/Model/Maestro.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zigzag::maestro {

/// A 1-based location and a message.
struct SourceError {
  unsigned line = 0;
  unsigned column = 0;
  std::string message;
};

struct ParsedLayer {
  Layer layer;
  unsigned line = 0, column = 0;
  /// False when the layer had no Dataflow block and took the previous one.
  bool ownDataflow = true;
};

struct Network {
  std::string name;
  std::vector<ParsedLayer> layers;
};

/// Parses a network file. Unsupported layer types (FC, POOL, LSTM, TRCONV,
/// NGCONV, ...) and unknown names are errors.
std::optional<Network> parseNetwork(std::string_view text, SourceError &error);

/// Parses a hardware file: `num_pes`, `l1_size_cstr`, `l2_size_cstr`,
/// `noc_bw_cstr`, `offchip_bw_cstr`, and optionally `NoC_NumHops`,
/// `noc_hop_latency` and `num_simd_lanes`.
std::optional<Hardware> parseHardware(std::string_view text,
                                      SourceError &error);

/// Writes a network file that parseNetwork (and MAESTRO) read back.
std::string printNetwork(const Network &network);

} // namespace zigzag::maestro

#endif // ZIGZAG_IMPORT_MAESTRODFSL_H
