//===- PythonSetOrderTest.cpp - ZigZag's set iteration orders -------------===//

#include "zigzag/Search/PythonSetOrder.h"

#include <gtest/gtest.h>

using namespace zigzag;

namespace {

std::string hex(const std::array<uint8_t, 64> &digest) {
  static const char *digits = "0123456789abcdef";
  std::string out;
  for (uint8_t b : digest) {
    out += digits[b >> 4];
    out += digits[b & 15];
  }
  return out;
}

std::vector<std::string> ordered(const std::vector<std::string> &names,
                                 PythonSetKind kind = PythonSetKind::LayerDim) {
  std::vector<std::string> out;
  for (unsigned i : pythonSetOrder(names, kind))
    out.push_back(names[i]);
  return out;
}

using Names = std::vector<std::string>;

TEST(PythonSetOrderTest, Sha512KnownAnswers) {
  EXPECT_EQ(hex(sha512("abc")),
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
            "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
  EXPECT_EQ(hex(sha512("")),
            "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
            "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e");
  // Two blocks of padding (112 bytes of input).
  EXPECT_EQ(hex(sha512(std::string(112, 'a'))).substr(0, 16),
            "c01d080efd492776");
}

TEST(PythonSetOrderTest, HashOfLayerDimMatchesPython) {
  // Python: hash(LayerDim("K")) in ZigZag 3.8.5.
  EXPECT_EQ(zigzagPythonHash("K", PythonSetKind::LayerDim),
            808955158820251385ull);
}

// The orders measured on ZigZag 3.8.5 (cost-model.md §4.12).
TEST(PythonSetOrderTest, ReproducesMeasuredOrders) {
  EXPECT_EQ(ordered({"C", "FX", "FY"}), (Names{"FX", "C", "FY"}));
  EXPECT_EQ(ordered({"OX", "OY"}), (Names{"OY", "OX"}));
  EXPECT_EQ(ordered({"K", "OX"}), (Names{"K", "OX"}));
  EXPECT_EQ(ordered({"K", "C", "FX", "FY"}), (Names{"K", "FX", "C", "FY"}));
  EXPECT_EQ(ordered({"B", "K", "G", "OX", "OY", "C", "FX", "FY"}),
            (Names{"FY", "FX", "B", "G", "OX", "C", "K", "OY"}));
  EXPECT_EQ(ordered({"B", "K", "C", "OY", "OX", "FY", "FX"}),
            (Names{"FY", "FX", "B", "OX", "C", "K", "OY"}));
  EXPECT_EQ(ordered({"B", "G", "OY", "OX"}), (Names{"G", "OY", "B", "OX"}));
  EXPECT_EQ(ordered({"C", "D", "K"}), (Names{"K", "D", "C"}));
}

TEST(PythonSetOrderTest, CollisionsDependOnInsertionOrder) {
  // K and OY share a slot of the 32-entry table: linear probing keeps the
  // first inserted in front.
  EXPECT_EQ(ordered({"K", "C", "OX", "OY"}), (Names{"K", "OX", "OY", "C"}));
  EXPECT_EQ(ordered({"OY", "OX", "C", "K"}), (Names{"OY", "C", "K", "OX"}));
}

TEST(PythonSetOrderTest, NamesAreUpperCasedAndDeduplicated) {
  EXPECT_EQ(ordered({"d0", "d1", "d2"}), (Names{"d0", "d2", "d1"}));
  EXPECT_EQ(pythonSetOrder({"K", "K", "C"}, PythonSetKind::LayerDim),
            (std::vector<unsigned>{0, 2}));
}

TEST(PythonSetOrderTest, ArrayDims) {
  EXPECT_EQ(ordered({"D1", "D2", "D3", "D4"}, PythonSetKind::OADimension),
            (Names{"D1", "D2", "D4", "D3"}));
  EXPECT_EQ(ordered({"D1", "D2"}, PythonSetKind::OADimension),
            (Names{"D1", "D2"}));
}

} // namespace
