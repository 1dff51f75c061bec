//===- WorkloadTest.cpp - Workload model unit tests -----------------------===//

#include "zigzag/Model/Workload.h"

#include <gtest/gtest.h>

#include <numeric>
#include <set>

using namespace zigzag;

namespace {

/// Distinct values of sum_t coefs[t] * x_t, by enumeration.
int64_t bruteForceUnique(const std::vector<int64_t> &coefs,
                         const std::vector<int64_t> &sizes) {
  std::set<int64_t> values = {0};
  for (size_t t = 0; t < coefs.size(); ++t) {
    std::set<int64_t> next;
    for (int64_t v : values)
      for (int64_t x = 0; x < sizes[t]; ++x)
        next.insert(v + coefs[t] * x);
    values.swap(next);
  }
  return static_cast<int64_t>(values.size());
}

TEST(WorkloadTest, UniqueExtentSpecExamples) {
  // cost-model.md 1.2/1.5: conv1 of resnet18.yaml, stride 2, dilation 1.
  EXPECT_EQ(uniqueExtent(2, 112, 1, 7), 229);
  // A 3x3 stride-1 conv on a 56x56 output reads 58 rows.
  EXPECT_EQ(uniqueExtent(1, 56, 1, 3), 58);
  // B < stride: (A-1)*s + B does not hold, the taps never overlap: A*B.
  EXPECT_EQ(uniqueExtent(2, 28, 1, 1), 28);
  EXPECT_EQ(uniqueExtent(3, 4, 1, 2), 8);
  // Dilation 2, stride 1: (A-1)*1 + (B-1)*2 + 1.
  EXPECT_EQ(uniqueExtent(1, 56, 2, 3), 60);
  // Stride 2 and dilation 2 share a factor: only even indices.
  EXPECT_EQ(uniqueExtent(2, 10, 2, 3), 12);
  // The OX loop's tile of size 1 reads the whole filter window.
  EXPECT_EQ(uniqueExtent(2, 1, 1, 7), 7);
}

TEST(WorkloadTest, UniqueExtentMatchesEnumerationWhereZigZagIsExact) {
  for (int64_t sa = 1; sa <= 4; ++sa)
    for (int64_t sb = 1; sb <= 4; ++sb)
      for (int64_t A = 1; A <= 9; ++A)
        for (int64_t B = 1; B <= 9; ++B) {
          int64_t expected = bruteForceUnique({sa, sb}, {A, B});
          EXPECT_EQ(uniqueExtentExact(sa, A, sb, B), expected)
              << sa << " " << A << " " << sb << " " << B;
          int64_t g = std::gcd(sa, sb);
          if (A >= sb / g) {
            EXPECT_EQ(uniqueExtent(sa, A, sb, B), expected)
                << sa << " " << A << " " << sb << " " << B;
          }
        }
}

TEST(WorkloadTest, UniqueExtentReproducesZigZagQuirkForNarrowTiles) {
  // One output column, dilation 2, 3 taps: 3 distinct inputs, but ZigZag's
  // formula does not clamp A - sb/g and counts 5.
  EXPECT_EQ(bruteForceUnique({1, 2}, {1, 3}), 3);
  EXPECT_EQ(uniqueExtentExact(1, 1, 2, 3), 3);
  EXPECT_EQ(uniqueExtent(1, 1, 2, 3), 5);
}

TEST(WorkloadTest, UniqueExtentOfAnyNumberOfTerms) {
  int64_t coefs1[] = {2};
  int64_t sizes1[] = {5};
  EXPECT_EQ(uniqueExtent(coefs1, sizes1, 1), 5);
  int64_t zero[] = {0};
  EXPECT_EQ(uniqueExtent(zero, sizes1, 1), 1);
  EXPECT_EQ(uniqueExtent(coefs1, sizes1, 0), 1);
  // Two terms keep ZigZag's formula and use |coef|.
  int64_t coefs2[] = {-2, 1};
  int64_t sizes2[] = {112, 7};
  EXPECT_EQ(uniqueExtent(coefs2, sizes2, 2), 229);
  // Three terms: exact for small spans.
  for (int64_t a = 1; a <= 4; ++a)
    for (int64_t b = 1; b <= 5; ++b) {
      int64_t coefs[] = {3, 2, 5};
      int64_t sizes[] = {a, b, 3};
      EXPECT_EQ(uniqueExtent(coefs, sizes, 3),
                bruteForceUnique({3, 2, 5}, {a, b, 3}));
    }
  // Spans beyond the exact range: bounded by min(span, combinations).
  int64_t bigCoefs[] = {1000, 1, 1};
  int64_t bigSizes[] = {10, 2, 2};
  EXPECT_EQ(uniqueExtent(bigCoefs, bigSizes, 3), 40);
  int64_t denseCoefs[] = {1, 1, 1};
  int64_t denseSizes[] = {3000, 3000, 3};
  EXPECT_EQ(uniqueExtent(denseCoefs, denseSizes, 3), 6001);
}

/// conv1 of resnet18.yaml: O[b][k][oy][ox] += W[k][c][fy][fx] * I[b][c][iy][ix]
/// with iy = 2*oy + fy, ix = 2*ox + fx; `extent` clips IX and IY.
Workload makeConv1(int64_t extent) {
  Workload w;
  w.name = "conv1";
  w.loopNames = {"B", "K", "C", "OY", "OX", "FY", "FX"};
  w.loopSizes = {1, 64, 3, 112, 112, 7, 7};
  w.reduction = {false, false, true, false, false, true, true};
  using R = Relevance;
  WorkloadOperand &in = w.operand(MemOperand::I1);
  in.relevance = {R::Relevant, R::Irrelevant, R::Relevant, R::Partial,
                  R::Partial,  R::Partial,    R::Partial};
  in.prDims = {{"IY", {{3, 2}, {5, 1}}, extent},
               {"IX", {{4, 2}, {6, 1}}, extent}};
  WorkloadOperand &weight = w.operand(MemOperand::I2);
  weight.relevance = {R::Irrelevant, R::Relevant, R::Relevant, R::Irrelevant,
                      R::Irrelevant, R::Relevant, R::Relevant};
  WorkloadOperand &out = w.operand(MemOperand::O);
  out.relevance = {R::Relevant, R::Relevant,   R::Irrelevant, R::Relevant,
                   R::Relevant, R::Irrelevant, R::Irrelevant};
  out.precision = 16;
  w.operandOrder = {MemOperand::O, MemOperand::I2, MemOperand::I1};
  return w;
}

TEST(WorkloadTest, OperandSizesOfConv1) {
  Workload w = makeConv1(229);
  EXPECT_EQ(w.macs(), 118013952);
  EXPECT_EQ(w.operandElements(MemOperand::I1), 3 * 229 * 229);
  EXPECT_EQ(w.operandElements(MemOperand::I2), 64 * 3 * 7 * 7);
  EXPECT_EQ(w.operandElements(MemOperand::O), 64 * 112 * 112);
  EXPECT_EQ(w.findLoop("OX"), 4);
  EXPECT_EQ(w.findLoop("G"), -1);
}

TEST(WorkloadTest, TileElementsUseUniqueExtentsAndClip) {
  Workload w = makeConv1(229);
  // B K C OY OX FY FX: 8 output columns with the full 7-tap row filter.
  int64_t tile[] = {1, 1, 3, 1, 8, 1, 7};
  EXPECT_EQ(operandTileElements(w, MemOperand::I1, tile), 3 * 1 * 21);
  EXPECT_EQ(operandTileElements(w, MemOperand::I2, tile), 3 * 7);
  EXPECT_EQ(operandTileElements(w, MemOperand::O, tile), 8);
  // Padding 3 on each side (ONNX's conv1: 224 real columns): the full
  // layer's unique extent 229 is clipped to them.
  Workload padded = makeConv1(224);
  EXPECT_EQ(padded.operandElements(MemOperand::I1), 3 * 224 * 224);
  int64_t rows[] = {1, 1, 1, 2, 112, 1, 7}; // one channel, two rows
  EXPECT_EQ(operandTileElements(padded, MemOperand::I1, rows), 2 * 224);
  // An unset extent does not clip.
  Workload unclipped = makeConv1(0);
  EXPECT_EQ(unclipped.operandElements(MemOperand::I1), 3 * 229 * 229);
}

TEST(WorkloadTest, FractionalTileSizesTruncateForPrDims) {
  Workload w = makeConv1(229);
  double tile[] = {1, 1.5, 3, 1, 8.5, 1, 7};
  EXPECT_DOUBLE_EQ(operandTileElements(w, MemOperand::I1, tile), 3 * 21);
  EXPECT_DOUBLE_EQ(operandTileElements(w, MemOperand::O, tile), 1.5 * 8.5);
}

TEST(WorkloadTest, PrDimsWithOneOrThreeTerms) {
  Workload w;
  w.loopNames = {"d0", "d1", "d2"};
  w.loopSizes = {4, 5, 3};
  w.reduction = {false, false, false};
  WorkloadOperand &in = w.operand(MemOperand::I1);
  in.relevance = {Relevance::Partial, Relevance::Partial, Relevance::Partial};
  // dim0 = 3*d0 (one term: 4 distinct rows), dim1 = 3*d0 + 2*d1 + 5*d2.
  in.prDims = {{"dim0", {{0, 3}}, 10}, {"dim1", {{0, 3}, {1, 2}, {2, 5}}, 0}};
  EXPECT_EQ(w.operandElements(MemOperand::I1),
            4 * bruteForceUnique({3, 2, 5}, {4, 5, 3}));
  // The one-term dim is clipped like any other.
  in.prDims[0].extent = 2;
  int64_t tile[] = {4, 1, 1};
  EXPECT_EQ(operandTileElements(w, MemOperand::I1, tile), 2 * 4);
}

TEST(WorkloadTest, RelevanceNames) {
  EXPECT_STREQ(toString(Relevance::Relevant), "r");
  EXPECT_STREQ(toString(Relevance::Irrelevant), "ir");
  EXPECT_STREQ(toString(Relevance::Partial), "pr");
}

} // namespace
