//===- SearchReuse.cpp - One layer's search work shared by accelerators ---===//

#include "zigzag/Search/SearchReuse.h"

#include "zigzag/Search/Loma.h"

namespace zigzag {

/// At most this many loop factors (16 bytes each) per stored ordering list.
constexpr uint64_t kMaxStoredLoopFactors = uint64_t(1) << 20;

/// Everything of `hw` and `options` that SpatialMappingGenerator reads
/// (without a mapping entry) for `workload`: the array, and each memory
/// that is the innermost of one of its operands (its place, operands,
/// capacity, served dims and ports; the generator limits unrollings by the
/// capacity and bandwidth of these, limitToCapacity and generate). Which
/// memories are innermost follows from the places and operand lists kept. Not
/// the accelerator's name: a generation whose error names it is not stored.
static std::string spatialKey(const Workload &workload, const Hardware &hw,
                              const SpatialGeneratorOptions &options) {
  // Built with appends: an ostringstream costs as much as the rest.
  std::string key;
  auto num = [&](int64_t x) {
    key += std::to_string(x);
    key += ',';
  };
  num(options.maxCandidates);
  num(options.mixedUnrolling);
  num(options.zigzagCompat);
  num(options.missingDimsUnrolled);
  num(options.imperfect);
  for (unsigned d = 0; d < hw.array.sizes.size(); ++d) {
    key += hw.array.dimNames[d];
    key += '=';
    num(hw.array.sizes[d]);
  }
  std::array<bool, kNumMemOperands> seen = {};
  for (unsigned m = 0; m < hw.memories.size(); ++m) {
    const Memory &mem = hw.memories[m];
    bool innermost = false;
    for (MemOperand op : mem.operands) {
      innermost |= !seen[static_cast<unsigned>(op)];
      seen[static_cast<unsigned>(op)] = true;
    }
    if (!innermost)
      continue;
    key += '|';
    num(m);
    for (MemOperand op : mem.operands)
      num(static_cast<int64_t>(op));
    // The capacity limits the product of the unrollings over the served
    // dims; over none that product is 1, so all the capacity decides is
    // whether one word of each operand fits.
    if (mem.servedDims.empty()) {
      for (MemOperand op : mem.operands) {
        int64_t precision = workload.operand(op).precision;
        key += precision > 0 && mem.sizeBits < precision ? "<1" : ">=1";
      }
    } else {
      num(mem.sizeBits);
    }
    key += "d";
    for (unsigned d : mem.servedDims)
      num(d);
    for (const Port &port : mem.ports) {
      key += 'p';
      num(static_cast<int64_t>(port.type));
      num(port.bandwidthMin);
      num(port.bandwidthMax);
      for (const PortAllocation &a : port.allocations) {
        num(static_cast<int64_t>(a.operand));
        num(static_cast<int64_t>(a.direction));
      }
    }
  }
  return key;
}

std::shared_ptr<const SearchReuse::SpatialCandidates>
SearchReuse::spatialCandidates(const Hardware &hw,
                               const SpatialGeneratorOptions &options) const {
  std::string key = spatialKey(*workload, hw, options);
  {
    std::lock_guard<std::mutex> lock(mutex);
    auto it = spatial.find(key);
    if (it != spatial.end()) {
      ++spatialHits;
      return it->second;
    }
  }
  ++spatialMisses;
  auto candidates = std::make_shared<SpatialCandidates>();
  SpatialMappingGenerator generator(*workload, hw, nullptr, options);
  candidates->error = generator.generate(candidates->mappings);
  candidates->notes = generator.notes();
  if (candidates->error.empty()) {
    // Two threads may both compute a missing entry: equal values, the
    // first one stays.
    std::lock_guard<std::mutex> lock(mutex);
    return spatial.emplace(std::move(key), candidates).first->second;
  }
  return candidates;
}

std::shared_ptr<const SearchReuse::Orderings>
SearchReuse::orderings(const std::vector<int64_t> &temporalSizes,
                       unsigned lpfLimit) const {
  auto key = std::make_pair(temporalSizes, lpfLimit);
  {
    std::lock_guard<std::mutex> lock(mutex);
    auto it = loma.find(key);
    if (it != loma.end()) {
      ++orderingHits;
      return it->second;
    }
  }
  ++orderingMisses;
  auto orderings = std::make_shared<Orderings>();
  Loma lomaOrderings;
  orderings->error = lomaOrderings.init(*workload, temporalSizes, lpfLimit, {});
  if (orderings->error.empty()) {
    orderings->n = lomaOrderings.factors().size();
    uint64_t permutations = lomaOrderings.numPermutations();
    // A raised LPF limit can give millions of orderings: those are
    // enumerated by each search instead of held in memory.
    if (permutations > kMaxStoredLoopFactors / orderings->n)
      return nullptr;
    orderings->loops.reserve(permutations * orderings->n);
    lomaOrderings.forEachOrdering([&](const LoopFactor *ordering, unsigned n) {
      orderings->loops.insert(orderings->loops.end(), ordering, ordering + n);
      return true;
    });
  }
  std::lock_guard<std::mutex> lock(mutex);
  return loma.emplace(std::move(key), orderings).first->second;
}

SearchReuse::Stats SearchReuse::stats() const {
  Stats s;
  s.spatialHits = spatialHits;
  s.spatialMisses = spatialMisses;
  s.orderingHits = orderingHits;
  s.orderingMisses = orderingMisses;
  return s;
}

} // namespace zigzag
