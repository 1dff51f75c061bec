//===- MaestroDFSL.cpp - MAESTRO's .m network and hardware files ----------===//
//
// A recursive-descent reader over MAESTRO's token stream. It accepts what
// MAESTRO's state machine accepts for the supported layer types and is
// stricter elsewhere: an unknown keyword, dimension or constant is an error
// at its token instead of being skipped.
//
//===----------------------------------------------------------------------===//

#include "zigzag/Import/MaestroDFSL.h"

#include <charconv>
#include <map>

using namespace zigzag;
using namespace zigzag::maestro;

namespace {
struct Token {
  std::string_view text;
  unsigned line = 0, column = 0;
};
} // namespace

/// MAESTRO's tokeniser: separators " ,->():\t;" (and line ends) are
/// dropped; a token starting with "//" ends its line.
static std::vector<Token> tokenize(std::string_view text) {
  static constexpr std::string_view kSeparators = " ,->():\t;\r";
  std::vector<Token> tokens;
  unsigned line = 1;
  size_t lineStart = 0;
  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (c == '\n') {
      ++line;
      lineStart = ++i;
      continue;
    }
    if (kSeparators.find(c) != std::string_view::npos) {
      ++i;
      continue;
    }
    size_t start = i;
    while (i < text.size() && text[i] != '\n' &&
           kSeparators.find(text[i]) == std::string_view::npos)
      ++i;
    std::string_view tok = text.substr(start, i - start);
    if (tok.size() >= 2 && tok.substr(0, 2) == "//") {
      while (i < text.size() && text[i] != '\n')
        ++i;
      continue;
    }
    tokens.push_back({tok, line, static_cast<unsigned>(start - lineStart + 1)});
  }
  return tokens;
}

static std::optional<int64_t> parseInt(std::string_view s) {
  int64_t v = 0;
  if (s.empty())
    return std::nullopt;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size())
    return std::nullopt;
  return v;
}

namespace {
class Parser {
public:
  Parser(std::string_view text, SourceError &error)
      : tokens(tokenize(text)), error(error) {
    endLine = 1;
    for (char c : text)
      endLine += c == '\n';
  }

  std::optional<Network> parseNetworkFile();
  std::optional<Hardware> parseHardwareFile();

private:
  std::vector<Token> tokens;
  size_t pos = 0;
  unsigned endLine;
  SourceError &error;
  std::map<std::string, int64_t, std::less<>> constants;

  bool atEnd() const { return pos >= tokens.size(); }
  const Token &peek() const { return tokens[pos]; }

  bool fail(const Token *tok, const std::string &msg) {
    if (error.message.empty()) {
      error.line = tok ? tok->line : endLine;
      error.column = tok ? tok->column : 1;
      error.message = msg;
    }
    return false;
  }
  bool failHere(const std::string &msg) {
    return fail(atEnd() ? nullptr : &peek(), msg);
  }
  /// Consumes the next token, or reports `what` expected at the end.
  const Token *next(const std::string &what) {
    if (atEnd()) {
      failHere("unexpected end of file, expected " + what);
      return nullptr;
    }
    return &tokens[pos++];
  }
  bool expect(std::string_view text) {
    const Token *t = next("'" + std::string(text) + "'");
    if (!t)
      return false;
    if (t->text != text)
      return fail(t, "expected '" + std::string(text) + "', found '" +
                         std::string(t->text) + "'");
    return true;
  }

  bool parseConstant();
  bool parseLayer(Network &net);
  std::optional<int64_t> parseValue(const Layer &layer, bool allowSz);
  std::optional<Dim> parseLayerDim(const Token &tok, LayerType type);
};
} // namespace

std::optional<int64_t> Parser::parseValue(const Layer &layer, bool allowSz) {
  const Token *t = next("a size");
  if (!t)
    return std::nullopt;
  if (t->text == "Sz" && allowSz) {
    const Token *d = next("a dimension after Sz");
    if (!d)
      return std::nullopt;
    std::optional<Dim> dim = parseDim(d->text);
    std::optional<int> size = dim ? layer.size(*dim) : std::nullopt;
    if (!size) {
      fail(d, "Sz(" + std::string(d->text) +
                  "): the layer has no such dimension (Dataflow must follow "
                  "Dimensions)");
      return std::nullopt;
    }
    return *size;
  }
  std::optional<int64_t> v = parseInt(t->text);
  if (!v) {
    auto it = constants.find(t->text);
    if (it == constants.end()) {
      fail(t, "unknown constant '" + std::string(t->text) + "'");
      return std::nullopt;
    }
    v = it->second;
  }
  if (*v <= 0 || *v > INT32_MAX) {
    fail(t, "size must be a positive integer, found " + std::to_string(*v));
    return std::nullopt;
  }
  return v;
}

std::optional<Dim> Parser::parseLayerDim(const Token &tok, LayerType type) {
  std::optional<Dim> d = parseDim(tok.text);
  bool ok = d.has_value();
  if (ok && type == LayerType::GEMM)
    ok = *d == Dim::M || *d == Dim::N || *d == Dim::K;
  else if (ok)
    ok = *d != Dim::M && *d != Dim::G;
  if (!ok) {
    fail(&tok, "unknown dimension '" + std::string(tok.text) + "' for a " +
                   (type == LayerType::GEMM ? "GEMM (M, N, K)"
                                            : "convolution (N, K, C, R, S, "
                                              "Y, X, Y', X')") +
                   " layer");
    return std::nullopt;
  }
  return d;
}

bool Parser::parseConstant() {
  const Token *name = next("a constant name");
  if (!name)
    return false;
  const Token *value = next("a constant value");
  if (!value)
    return false;
  std::optional<int64_t> v = parseInt(value->text);
  if (!v)
    return fail(value, "constant value must be an integer, found '" +
                           std::string(value->text) + "'");
  constants[std::string(name->text)] = *v;
  return true;
}

bool Parser::parseLayer(Network &net) {
  ParsedLayer pl;
  const Token *first = next("a layer name or '{'");
  if (!first)
    return false;
  pl.line = first->line;
  pl.column = first->column;
  if (first->text != "{") {
    pl.layer.name = std::string(first->text);
    if (!expect("{"))
      return false;
  } else {
    pl.layer.name = "Layer";
  }
  bool hasType = false, hasDims = false, hasDataflow = false;
  std::map<Dim, int> strides;
  Layer &layer = pl.layer;
  while (true) {
    const Token *t = next("'}' closing the layer");
    if (!t)
      return false;
    if (t->text == "}")
      break;
    if (t->text == "Type") {
      const Token *ty = next("a layer type");
      if (!ty)
        return false;
      if (ty->text == "CONV")
        layer.type = LayerType::Conv;
      else if (ty->text == "DSCONV")
        layer.type = LayerType::DSConv;
      else if (ty->text == "GEMM")
        layer.type = LayerType::GEMM;
      else if (ty->text == "TRCONV" || ty->text == "NGCONV" ||
               ty->text == "FC" || ty->text == "POOL" || ty->text == "LSTM" ||
               ty->text == "RESIDUAL_IDENTITY")
        return fail(ty, "unsupported layer type '" + std::string(ty->text) +
                            "' (supported: CONV, DSCONV, GEMM)");
      else
        return fail(ty, "unknown layer type '" + std::string(ty->text) + "'");
      hasType = true;
      continue;
    }
    if (t->text == "Stride") {
      if (hasDims)
        return fail(t, "Stride must come before Dimensions");
      if (!expect("{"))
        return false;
      while (true) {
        const Token *d = next("'}' closing Stride");
        if (!d)
          return false;
        if (d->text == "}")
          break;
        std::optional<Dim> dim = parseDim(d->text);
        if (!dim || (*dim != Dim::X && *dim != Dim::Y))
          return fail(d, "a stride applies to X or Y, found '" +
                             std::string(d->text) + "'");
        std::optional<int64_t> v = parseValue(layer, false);
        if (!v)
          return false;
        strides[*dim] = static_cast<int>(*v);
      }
      continue;
    }
    if (t->text == "Dimensions") {
      if (!hasType)
        return fail(t, "Type must come before Dimensions");
      if (!expect("{"))
        return false;
      while (true) {
        const Token *d = next("'}' closing Dimensions");
        if (!d)
          return false;
        if (d->text == "}")
          break;
        std::optional<Dim> dim = parseLayerDim(*d, layer.type);
        if (!dim)
          return false;
        if (layer.size(*dim))
          return fail(d, "dimension '" + std::string(d->text) +
                             "' is given twice");
        std::optional<int64_t> v = parseValue(layer, false);
        if (!v)
          return false;
        int stride = 1;
        if (*dim == Dim::Y || *dim == Dim::OY)
          stride = strides.count(Dim::Y) ? strides[Dim::Y] : 1;
        if (*dim == Dim::X || *dim == Dim::OX)
          stride = strides.count(Dim::X) ? strides[Dim::X] : 1;
        layer.dims.push_back({*dim, static_cast<int>(*v), stride});
      }
      hasDims = true;
      continue;
    }
    if (t->text == "Dataflow") {
      if (!hasDims)
        return fail(t, "Dimensions must come before Dataflow");
      if (!expect("{"))
        return false;
      while (true) {
        const Token *d = next("'}' closing Dataflow");
        if (!d)
          return false;
        if (d->text == "}")
          break;
        Directive dir;
        if (d->text == "TemporalMap" || d->text == "SpatialMap") {
          dir.kind = d->text == "TemporalMap" ? DirectiveKind::TemporalMap
                                              : DirectiveKind::SpatialMap;
          std::optional<int64_t> size = parseValue(layer, true);
          if (!size)
            return false;
          std::optional<int64_t> ofs = parseValue(layer, true);
          if (!ofs)
            return false;
          const Token *v = next("a dimension");
          if (!v)
            return false;
          std::optional<Dim> dim = parseLayerDim(*v, layer.type);
          if (!dim)
            return false;
          dir.size = static_cast<int>(*size);
          dir.offset = static_cast<int>(*ofs);
          dir.dim = *dim;
          if (dir.kind == DirectiveKind::TemporalMap &&
              (*dim == Dim::R || *dim == Dim::S) &&
              layer.type != LayerType::GEMM) {
            std::optional<int> full = layer.size(*dim);
            if (dir.size != dir.offset || (full && *full != dir.size))
              return fail(d, "a TemporalMap on " + std::string(v->text) +
                                 " must cover the whole filter: "
                                 "TemporalMap(Sz(" +
                                 std::string(v->text) + "),Sz(" +
                                 std::string(v->text) + "))");
          }
        } else if (d->text == "Cluster") {
          dir.kind = DirectiveKind::Cluster;
          std::optional<int64_t> size = parseValue(layer, true);
          if (!size)
            return false;
          dir.size = static_cast<int>(*size);
          dir.offset = 0;
          if (!atEnd() && (peek().text == "P" || peek().text == "L"))
            dir.logical = tokens[pos++].text == "L";
        } else {
          return fail(d, "unknown directive '" + std::string(d->text) +
                             "' (TemporalMap, SpatialMap or Cluster)");
        }
        layer.dataflow.push_back(dir);
      }
      hasDataflow = true;
      continue;
    }
    return fail(t, "unknown layer item '" + std::string(t->text) +
                       "' (Type, Stride, Dimensions or Dataflow)");
  }
  if (!hasType) {
    fail(nullptr, "layer '" + layer.name + "' has no Type");
    error.line = pl.line;
    error.column = pl.column;
    return false;
  }
  if (!hasDims) {
    fail(nullptr, "layer '" + layer.name + "' has no Dimensions");
    error.line = pl.line;
    error.column = pl.column;
    return false;
  }
  if (!hasDataflow) {
    if (net.layers.empty()) {
      fail(nullptr, "layer '" + layer.name +
                        "' has no Dataflow and no previous layer to take "
                        "it from");
      error.line = pl.line;
      error.column = pl.column;
      return false;
    }
    layer.dataflow = net.layers.back().layer.dataflow;
    pl.ownDataflow = false;
  }
  net.layers.push_back(std::move(pl));
  return true;
}

std::optional<Network> Parser::parseNetworkFile() {
  Network net;
  bool sawNetwork = false;
  while (!atEnd()) {
    const Token &t = tokens[pos++];
    if (t.text == "Constant") {
      if (!parseConstant())
        return std::nullopt;
      continue;
    }
    if (t.text != "Network") {
      fail(&t, "expected 'Network' or 'Constant', found '" +
                   std::string(t.text) + "'");
      return std::nullopt;
    }
    if (sawNetwork) {
      fail(&t, "only one Network per file");
      return std::nullopt;
    }
    sawNetwork = true;
    const Token *n = next("a network name or '{'");
    if (!n)
      return std::nullopt;
    if (n->text != "{") {
      net.name = std::string(n->text);
      if (!expect("{"))
        return std::nullopt;
    }
    while (true) {
      const Token *l = next("'}' closing the network");
      if (!l)
        return std::nullopt;
      if (l->text == "}")
        break;
      if (l->text != "Layer") {
        fail(l, "expected 'Layer', found '" + std::string(l->text) + "'");
        return std::nullopt;
      }
      if (!parseLayer(net))
        return std::nullopt;
    }
  }
  if (!sawNetwork) {
    fail(nullptr, "no Network in the file");
    return std::nullopt;
  }
  return net;
}

std::optional<Hardware> Parser::parseHardwareFile() {
  Hardware hw;
  bool seen[5] = {};
  while (!atEnd()) {
    const Token &key = tokens[pos++];
    const Token *val = next("a value for '" + std::string(key.text) + "'");
    if (!val)
      return std::nullopt;
    std::optional<int64_t> v = parseInt(val->text);
    if (!v || *v <= 0 || *v > INT32_MAX) {
      fail(val, "'" + std::string(key.text) +
                    "' must be a positive integer, found '" +
                    std::string(val->text) + "'");
      return std::nullopt;
    }
    int iv = static_cast<int>(*v);
    if (key.text == "num_pes")
      hw.numPEs = iv, seen[0] = true;
    else if (key.text == "l1_size_cstr")
      hw.l1Size = iv, seen[1] = true;
    else if (key.text == "l2_size_cstr")
      hw.l2Size = iv, seen[2] = true;
    else if (key.text == "noc_bw_cstr")
      hw.nocBandwidth = iv, seen[3] = true;
    else if (key.text == "offchip_bw_cstr")
      hw.offchipBandwidth = iv, seen[4] = true;
    else if (key.text == "NoC_NumHops")
      hw.nocHops = iv;
    else if (key.text == "noc_hop_latency")
      hw.nocHopLatency = iv;
    else if (key.text == "num_simd_lanes")
      hw.simdLanes = iv;
    else {
      fail(&key, "unknown hardware parameter '" + std::string(key.text) +
                     "' (num_pes, l1_size_cstr, l2_size_cstr, noc_bw_cstr, "
                     "offchip_bw_cstr, NoC_NumHops, noc_hop_latency, "
                     "num_simd_lanes)");
      return std::nullopt;
    }
  }
  if (!seen[0]) {
    fail(nullptr, "the hardware file has no num_pes");
    return std::nullopt;
  }
  return hw;
}

std::optional<Network> maestro::parseNetwork(std::string_view text,
                                             SourceError &error) {
  return Parser(text, error).parseNetworkFile();
}

std::optional<Hardware> maestro::parseHardware(std::string_view text,
                                               SourceError &error) {
  return Parser(text, error).parseHardwareFile();
}

std::string maestro::printNetwork(const Network &network) {
  std::string out =
      "Network " +
      (network.name.empty() ? std::string("network") : network.name) + " {\n";
  for (const ParsedLayer &pl : network.layers) {
    const Layer &l = pl.layer;
    out += "Layer " + l.name + " {\n";
    out += std::string("Type: ") +
           (l.type == LayerType::Conv     ? "CONV"
            : l.type == LayerType::DSConv ? "DSCONV"
                                          : "GEMM") +
           "\n";
    std::string strides;
    for (const LayerDim &d : l.dims)
      if (d.stride != 1 && (d.dim == Dim::X || d.dim == Dim::Y))
        strides += (strides.empty() ? "" : ", ") + std::string(dimName(d.dim)) +
                   ": " + std::to_string(d.stride);
    if (!strides.empty())
      out += "Stride { " + strides + " }\n";
    out += "Dimensions { ";
    for (size_t i = 0; i < l.dims.size(); ++i)
      out += (i ? ", " : "") + std::string(dimName(l.dims[i].dim)) + ": " +
             std::to_string(l.dims[i].size);
    out += " }\nDataflow {\n";
    for (const Directive &d : l.dataflow)
      out += "  " + d.str() + ";\n";
    out += "}\n}\n";
  }
  out += "}\n";
  return out;
}
