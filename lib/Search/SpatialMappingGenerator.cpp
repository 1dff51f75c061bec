//===- SpatialMappingGenerator.cpp - Spatial mapping candidates -----------===//

#include "zigzag/Search/SpatialMappingGenerator.h"

#include "zigzag/Model/MappingValidity.h"
#include "zigzag/Search/PythonSetOrder.h"

#include <algorithm>
#include <cctype>
#include <limits>

namespace zigzag {

static bool equalsIgnoreCase(const std::string &a, const std::string &b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::toupper(static_cast<unsigned char>(x)) ==
                  std::toupper(static_cast<unsigned char>(y));
         });
}

/// Divisors of n in descending order (none for n < 1).
static std::vector<int64_t> divisorsDescending(int64_t n) {
  std::vector<int64_t> low, high;
  for (int64_t d = 1; d * d <= n; ++d)
    if (n % d == 0) {
      low.push_back(d);
      if (d != n / d)
        high.push_back(n / d);
    }
  std::vector<int64_t> out(high.begin(), high.end());
  out.insert(out.end(), low.rbegin(), low.rend());
  return out;
}

static int64_t utilization(const std::vector<LoopFactor> &dim) {
  int64_t product = 1;
  for (const LoopFactor &unroll : dim)
    product *= unroll.factor;
  return product;
}

int findLoopIgnoreCase(const Workload &w, const std::string &name) {
  for (unsigned l = 0; l < w.numLoops(); ++l)
    if (equalsIgnoreCase(w.loopNames[l], name))
      return static_cast<int>(l);
  return -1;
}

SpatialMappingGenerator::SpatialMappingGenerator(
    const Workload &w, const Hardware &hw, const MappingSpecEntry *entry,
    SpatialGeneratorOptions options)
    : w(w), hw(hw), entry(entry), options(options) {
  // An IMC macro unrolls the reduction C·FX·FY together on its bit line:
  // ZigZag's IMC flow always generates mixed unrollings.
  if (hw.array.imc)
    this->options.mixedUnrolling = true;
}

bool SpatialMappingGenerator::isIrrelevant(MemOperand op, unsigned loop) const {
  // ZigZag's ir set excludes loops of size 1.
  return w.operand(op).relevance[loop] == Relevance::Irrelevant &&
         w.loopSizes[loop] != 1;
}

std::vector<std::pair<unsigned, MemOperand>>
SpatialMappingGenerator::innerMemoryOperands() const {
  std::vector<std::pair<unsigned, MemOperand>> out;
  auto isInnermostOf = [&](unsigned mem, MemOperand op) {
    for (unsigned m = 0; m < mem; ++m)
      if (hw.memories[m].serves(op))
        return false;
    return true;
  };
  for (unsigned m = 0; m < hw.memories.size(); ++m) {
    const Memory &mem = hw.memories[m];
    // ZigZag: in-degree 0 in its memory graph, i.e. innermost for every
    // operand it holds (a shared level above another memory is skipped).
    bool allInnermost =
        std::all_of(mem.operands.begin(), mem.operands.end(),
                    [&](MemOperand op) { return isInnermostOf(m, op); });
    for (MemOperand op : mem.operands) {
      if (!w.operand(op).present)
        continue;
      if (options.zigzagCompat ? allInnermost : isInnermostOf(m, op))
        out.push_back({m, op});
    }
  }
  return out;
}

std::string
SpatialMappingGenerator::buildTemplate(std::vector<int> &templateDims,
                                       std::vector<DimUnrolling> &templ) {
  if (!entry || !entry->hasSpatialMapping)
    return "";
  for (const ArrayDimUnrollSpec &spec : entry->spatialMapping) {
    std::optional<unsigned> dim = hw.array.findDim(spec.arrayDim);
    if (!dim) {
      std::string dims;
      for (const std::string &name : hw.array.dimNames)
        dims += (dims.empty() ? "" : ", ") + name;
      return "mapping entry '" + entry->name + "': spatial_mapping names " +
             "array dim '" + spec.arrayDim + "' but accelerator '" + hw.name +
             "' has " + dims;
    }
    DimUnrolling unrolling;
    for (const SpatialUnrollSpec &unroll : spec.unrollings) {
      int loop = findLoopIgnoreCase(w, unroll.loop);
      if (loop < 0) {
        warnings.push_back("dropped unrolling " + unroll.loop + " on " +
                           spec.arrayDim + ": not a loop of the layer");
        continue;
      }
      auto it = std::find_if(unrolling.begin(), unrolling.end(),
                             [&](const LoopFactor &lf) {
                               return lf.loop == static_cast<unsigned>(loop);
                             });
      if (it != unrolling.end())
        it->factor = unroll.factor; // a Python dict keeps the last value
      else
        unrolling.push_back({static_cast<unsigned>(loop), unroll.factor});
    }
    templateDims.push_back(static_cast<int>(*dim));
    templ.push_back(std::move(unrolling));
  }
  return "";
}

void SpatialMappingGenerator::checkAndReduce(
    const std::vector<int> &templateDims, std::vector<DimUnrolling> &templ) {
  // Per array dim: clip to max_u, then drop loops (in ZigZag's set order)
  // until the array dim is not over-full.
  for (unsigned p = 0; p < templ.size(); ++p) {
    unsigned d = templateDims[p];
    for (LoopFactor &unroll : templ[p])
      if (unroll.factor > maxUnroll[d][unroll.loop]) {
        warnings.push_back("reduced unrolling " + w.loopNames[unroll.loop] +
                           " on " + hw.array.dimNames[d] + " from " +
                           std::to_string(unroll.factor) + " to " +
                           std::to_string(maxUnroll[d][unroll.loop]));
        unroll.factor = maxUnroll[d][unroll.loop];
      }
    while (utilization(templ[p]) > hw.array.sizes[d]) {
      std::vector<std::string> names;
      for (const LoopFactor &unroll : templ[p])
        names.push_back(w.loopNames[unroll.loop]);
      unsigned victim = pythonSetOrder(names, PythonSetKind::LayerDim)[0];
      warnings.push_back("dropped unrolling " +
                         w.loopNames[templ[p][victim].loop] + " on " +
                         hw.array.dimNames[d] + ": the array dim is full");
      templ[p].erase(templ[p].begin() + victim);
    }
  }
  // Per loop (set order): drop its unrolling from array dims (set order)
  // until the total does not exceed the loop size.
  std::vector<unsigned> contained;
  std::vector<std::string> containedNames;
  for (const DimUnrolling &dim : templ)
    for (const LoopFactor &unroll : dim) {
      contained.push_back(unroll.loop);
      containedNames.push_back(w.loopNames[unroll.loop]);
    }
  std::vector<std::string> dimNames;
  for (int d : templateDims)
    dimNames.push_back(hw.array.dimNames[d]);
  std::vector<unsigned> dimOrder =
      pythonSetOrder(dimNames, PythonSetKind::OADimension);
  for (unsigned idx : pythonSetOrder(containedNames, PythonSetKind::LayerDim)) {
    unsigned loop = contained[idx];
    auto total = [&] {
      int64_t product = 1;
      for (const DimUnrolling &dim : templ)
        for (const LoopFactor &unroll : dim)
          if (unroll.loop == loop)
            product *= unroll.factor;
      return product;
    };
    while (total() > w.loopSizes[loop]) {
      std::vector<unsigned> holders;
      std::vector<std::string> holderNames;
      for (unsigned p : dimOrder)
        for (const LoopFactor &unroll : templ[p])
          if (unroll.loop == loop) {
            holders.push_back(p);
            holderNames.push_back(dimNames[p]);
            break;
          }
      unsigned p =
          holders[pythonSetOrder(holderNames, PythonSetKind::OADimension)[0]];
      warnings.push_back("dropped unrolling " + w.loopNames[loop] + " on " +
                         dimNames[p] + ": its total exceeds the loop size");
      templ[p].erase(
          std::find_if(templ[p].begin(), templ[p].end(),
                       [&](const LoopFactor &lf) { return lf.loop == loop; }));
    }
  }
}

std::vector<std::vector<unsigned>> SpatialMappingGenerator::hintOrder() const {
  std::vector<std::string> allLoops = w.loopNames;
  std::vector<unsigned> defaultOrder =
      pythonSetOrder(allLoops, PythonSetKind::LayerDim);
  std::vector<std::vector<unsigned>> out(hw.array.sizes.size());
  for (unsigned d = 0; d < out.size(); ++d) {
    const ArrayDimHintSpec *hint = nullptr;
    if (entry)
      for (const ArrayDimHintSpec &spec : entry->spatialMappingHint)
        if (spec.arrayDim == hw.array.dimNames[d])
          hint = &spec;
    if (hint) {
      // The set order depends on every name added, also those the layer
      // lacks; only the layer's loops can yield valid unrollings.
      for (unsigned idx :
           pythonSetOrder(hint->loops, PythonSetKind::LayerDim)) {
        int loop = findLoopIgnoreCase(w, hint->loops[idx]);
        if (loop >= 0 && std::find(out[d].begin(), out[d].end(),
                                   static_cast<unsigned>(loop)) == out[d].end())
          out[d].push_back(static_cast<unsigned>(loop));
      }
    }
    // Hints without a loop of this layer are dropped: every loop is hinted.
    if (out[d].empty())
      out[d] = defaultOrder;
  }
  return out;
}

std::vector<SpatialMappingGenerator::DimUnrolling>
SpatialMappingGenerator::singleDimCandidates(
    unsigned dim, const std::vector<unsigned> &hints) const {
  std::vector<DimUnrolling> out;
  for (unsigned loop : hints)
    for (int64_t factor : divisorsDescending(maxUnroll[dim][loop]))
      out.push_back({{loop, factor}});
  if (!options.mixedUnrolling)
    return out;
  // Mixed: every k-combination (k >= 2) of hinted loops with every tuple of
  // their divisors > 1 (itertools.combinations / product order).
  unsigned n = hints.size();
  for (unsigned k = 2; k <= n; ++k) {
    std::vector<unsigned> pick(k);
    for (unsigned i = 0; i < k; ++i)
      pick[i] = i;
    while (true) {
      std::vector<std::vector<int64_t>> pools(k);
      bool empty = false;
      for (unsigned i = 0; i < k; ++i) {
        for (int64_t f : divisorsDescending(maxUnroll[dim][hints[pick[i]]]))
          if (f > 1)
            pools[i].insert(pools[i].begin(), f); // ascending, as sympy
        empty |= pools[i].empty();
      }
      if (!empty) {
        std::vector<unsigned> digit(k, 0);
        while (true) {
          DimUnrolling candidate;
          int64_t product = 1;
          for (unsigned i = 0; i < k; ++i) {
            candidate.push_back({hints[pick[i]], pools[i][digit[i]]});
            product *= pools[i][digit[i]];
          }
          if (product <= hw.array.sizes[dim])
            out.push_back(std::move(candidate));
          int i = static_cast<int>(k) - 1;
          while (i >= 0 && ++digit[i] == pools[i].size())
            digit[i--] = 0;
          if (i < 0)
            break;
        }
      }
      int i = static_cast<int>(k) - 1;
      while (i >= 0 && pick[i] == n - k + i)
        --i;
      if (i < 0)
        break;
      ++pick[i];
      for (unsigned j = i + 1; j < k; ++j)
        pick[j] = pick[j - 1] + 1;
    }
  }
  return out;
}

bool SpatialMappingGenerator::isValid(
    const std::vector<DimUnrolling> &mapping) const {
  for (unsigned d = 0; d < mapping.size(); ++d) {
    for (const LoopFactor &unroll : mapping[d])
      if (unroll.factor > maxUnroll[d][unroll.loop])
        return false;
    if (utilization(mapping[d]) > hw.array.sizes[d])
      return false;
  }
  // The spatial half of the coverage rule (MappingValidity.h): no loop
  // unrolled beyond its size over all array dims.
  std::vector<int64_t> total = spatialLoopProducts(w, mapping);
  for (unsigned l = 0; l < w.numLoops(); ++l)
    if (total[l] > w.loopSizes[l])
      return false;
  return true;
}

std::string SpatialMappingGenerator::limitToCapacity(
    std::vector<DimUnrolling> &mapping) const {
  for (auto [m, op] : innerMemoryOperands()) {
    const Memory &mem = hw.memories[m];
    int64_t precision = w.operand(op).precision;
    double maxElements =
        precision > 0
            ? static_cast<double>(mem.sizeBits) / static_cast<double>(precision)
            : std::numeric_limits<double>::infinity();
    int64_t total = 1;
    std::vector<std::string> limitedNames;
    std::vector<unsigned> limitedLoops;
    for (unsigned d : mem.servedDims) {
      if (d >= mapping.size())
        continue;
      for (const LoopFactor &unroll : mapping[d])
        if (!isIrrelevant(op, unroll.loop)) {
          total *= unroll.factor;
          if (std::find(limitedLoops.begin(), limitedLoops.end(),
                        unroll.loop) == limitedLoops.end()) {
            limitedLoops.push_back(unroll.loop);
            limitedNames.push_back(w.loopNames[unroll.loop]);
          }
        }
    }
    if (!(maxElements < static_cast<double>(total)))
      continue;
    if (maxElements < 1)
      return "memory '" + mem.name + "' (" + std::to_string(mem.sizeBits) +
             " bits) cannot hold one " + toString(op) + " element of " +
             std::to_string(precision) + " bits";
    // ZigZag: collect the factors per loop (set order) and array dim,
    // decrement the largest until they fit, then map old -> new by value.
    std::vector<int64_t> factors;
    for (unsigned idx : pythonSetOrder(limitedNames, PythonSetKind::LayerDim))
      for (unsigned d : mem.servedDims)
        if (d < mapping.size())
          for (const LoopFactor &unroll : mapping[d])
            if (unroll.loop == limitedLoops[idx])
              factors.push_back(unroll.factor);
    std::vector<int64_t> adjusted = factors;
    auto product = [&] {
      double p = 1;
      for (int64_t f : adjusted)
        p *= static_cast<double>(f);
      return p;
    };
    while (product() > maxElements) {
      auto largest = std::max_element(adjusted.begin(), adjusted.end());
      --*largest;
    }
    for (unsigned d : mem.servedDims) {
      if (d >= mapping.size())
        continue;
      for (LoopFactor &unroll : mapping[d]) {
        if (std::find(limitedLoops.begin(), limitedLoops.end(), unroll.loop) ==
            limitedLoops.end())
          continue;
        int64_t replacement = unroll.factor;
        for (unsigned i = 0; i < factors.size(); ++i)
          if (factors[i] == unroll.factor)
            replacement = adjusted[i]; // the last equal old value wins
        unroll.factor = replacement;
      }
    }
    for (unsigned d : mem.servedDims)
      if (d < mapping.size())
        for (const LoopFactor &unroll : mapping[d])
          if (unroll.factor < 1)
            return "memory '" + mem.name + "' (" +
                   std::to_string(mem.sizeBits) + " bits) cannot hold one " +
                   toString(op) + " element per unrolled " +
                   w.loopNames[unroll.loop];
  }
  return "";
}

std::string
SpatialMappingGenerator::generate(std::vector<SpatialMapping> &out) {
  out.clear();
  warnings.clear();
  ranked = 0;
  unsigned numDims = hw.array.sizes.size();
  if (numDims == 0)
    return "accelerator '" + hw.name + "' has no array dims";

  // max_u, then the bandwidth limit of the inner memories.
  maxUnroll.assign(numDims, std::vector<int64_t>(w.numLoops()));
  for (unsigned d = 0; d < numDims; ++d)
    for (unsigned l = 0; l < w.numLoops(); ++l)
      maxUnroll[d][l] = std::min(w.loopSizes[l], hw.array.sizes[d]);
  for (auto [m, op] : innerMemoryOperands()) {
    const Memory &mem = hw.memories[m];
    Direction dir = op == MemOperand::O ? Direction::FromLow : Direction::ToLow;
    const Port *port = mem.portFor(op, dir);
    int64_t precision = w.operand(op).precision;
    if (!port || precision <= 0)
      continue;
    int64_t cap = port->bandwidthMax / precision;
    for (unsigned d : mem.servedDims)
      if (d < numDims)
        for (unsigned l = 0; l < w.numLoops(); ++l)
          if (!isIrrelevant(op, l) && cap < maxUnroll[d][l])
            maxUnroll[d][l] = cap;
  }

  std::vector<int> templateDims;
  std::vector<DimUnrolling> templ;
  if (std::string error = buildTemplate(templateDims, templ); !error.empty())
    return error;
  checkAndReduce(templateDims, templ);

  std::vector<DimUnrolling> base(numDims);
  std::vector<bool> fixed(numDims, false);
  for (unsigned p = 0; p < templ.size(); ++p) {
    base[templateDims[p]] = templ[p];
    fixed[templateDims[p]] = true;
  }
  std::vector<unsigned> toFill;
  for (unsigned d = 0; d < numDims; ++d) {
    if (fixed[d])
      continue;
    if (options.missingDimsUnrolled && entry && entry->hasSpatialMapping)
      warnings.push_back("array dim " + hw.array.dimNames[d] +
                         " is not in the spatial mapping: unroll 1");
    else
      toFill.push_back(d);
  }

  if (toFill.empty()) {
    if (!isValid(base))
      return "the spatial mapping of entry '" + entry->name +
             "' is not valid for this layer";
    ranked = 1;
    if (std::string error = limitToCapacity(base); !error.empty())
      return error;
    out.push_back(std::move(base));
    return "";
  }

  std::vector<std::vector<unsigned>> hints = hintOrder();
  std::vector<std::vector<DimUnrolling>> perDim;
  for (unsigned d : toFill) {
    perDim.push_back(singleDimCandidates(d, hints[d]));
    if (perDim.back().empty())
      return "no unrolling is possible on array dim " + hw.array.dimNames[d];
  }

  // Odometer over the Cartesian product (the last array dim varies fastest,
  // as itertools.product); keep the best `maxCandidates` by the ranking key,
  // ties in enumeration order (a stable sort).
  struct Ranked {
    double key;
    std::vector<unsigned> choice;
  };
  std::vector<Ranked> best, busiest;
  unsigned keep = std::max(1u, options.maxCandidates);
  // The user's spatial constraints filter before the ranking keeps the best
  // few, so that the kept candidates are the best admitted ones.
  std::optional<ConstraintChecker> checker;
  if (entry && !entry->constraints.empty()) {
    checker.emplace(entry->constraints, w, hw);
    if (!checker->error().empty())
      return "constraints: " + checker->error();
  }
  int firstRejected = -1;
  std::vector<unsigned> choice(toFill.size(), 0);
  // Keeps the `keep` highest keys in `list`, ties in enumeration order.
  auto rank = [&](std::vector<Ranked> &list, double key) {
    if (list.size() < keep || key > list.back().key) {
      auto pos = std::find_if(list.begin(), list.end(),
                              [&](const Ranked &r) { return r.key < key; });
      list.insert(pos, Ranked{key, choice});
      if (list.size() > keep)
        list.pop_back();
    }
  };
  std::vector<DimUnrolling> candidate = base;
  while (true) {
    for (unsigned i = 0; i < toFill.size(); ++i)
      candidate[toFill[i]] = perDim[i][choice[i]];
    int rejected = checker && isValid(candidate)
                       ? checker->violatedSpatial(candidate)
                       : -1;
    if (rejected >= 0 && firstRejected < 0)
      firstRejected = rejected;
    if (rejected < 0 && isValid(candidate)) {
      ++ranked;
      // hw_util + (hw_util / max loop total - 1), in doubles as ZigZag.
      int64_t hwUtil = 1;
      std::vector<int64_t> total(w.numLoops(), 0);
      for (const DimUnrolling &dim : candidate)
        for (const LoopFactor &unroll : dim) {
          hwUtil *= unroll.factor;
          total[unroll.loop] =
              (total[unroll.loop] ? total[unroll.loop] : 1) * unroll.factor;
        }
      int64_t maxTotal = *std::max_element(total.begin(), total.end());
      double util = static_cast<double>(hwUtil);
      double key = maxTotal > 0
                       ? util + (util / static_cast<double>(maxTotal) - 1)
                       : util;
      rank(best, key);
      if (options.imperfect) {
        // Average busy lanes: a loop of N over U lanes runs ceil(N / U)
        // iterations, N / ceil(N / U) lanes busy per iteration.
        double busy = 1;
        for (unsigned l = 0; l < w.numLoops(); ++l)
          if (total[l] > 1)
            busy *= static_cast<double>(w.loopSizes[l]) /
                    static_cast<double>(
                        temporalIterations(w.loopSizes[l], total[l]));
        rank(busiest, busy);
      }
    }
    int i = static_cast<int>(toFill.size()) - 1;
    while (i >= 0 && ++choice[i] == perDim[i].size())
      choice[i--] = 0;
    if (i < 0)
      break;
  }
  if (best.empty() && firstRejected >= 0)
    return "no spatial mapping satisfies constraint '" +
           checker->description(firstRejected) + "'";
  if (best.empty())
    return "no valid spatial mapping: every combination of the hinted "
           "unrollings exceeds an array dim or a loop size";
  for (const Ranked &r : busiest)
    if (std::none_of(best.begin(), best.end(),
                     [&](const Ranked &b) { return b.choice == r.choice; }))
      best.push_back(r);
  for (const Ranked &r : best) {
    std::vector<DimUnrolling> mapping = base;
    for (unsigned i = 0; i < toFill.size(); ++i)
      mapping[toFill[i]] = perDim[i][r.choice[i]];
    if (std::string error = limitToCapacity(mapping); !error.empty())
      return error;
    out.push_back(std::move(mapping));
  }
  return "";
}

} // namespace zigzag
