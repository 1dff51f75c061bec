//===- Imc.h - In-memory-computing macro model (plain C++) ------*- C++ -*-===//
//
// ZigZag's closed-form model of an in-memory-computing (IMC) macro, analog
// (DACs, bit-line summation, ADCs) or digital (1-b multipliers and adder
// trees): its area, its clock period and the compute energy of one layer.
// The macro replaces the digital MAC array's unit_energy * MACs; memories
// (including the weight cells) are costed by the generic cost model, whose
// temporal cycles the macro stretches by cyclesPerOp() = Pa / B bit-serial
// cycles. No MLIR dependency. docs/Imc.md explains the formulas.
//
//===----------------------------------------------------------------------===//

#ifndef ZIGZAG_MODEL_IMC_H
#define ZIGZAG_MODEL_IMC_H

#include "zigzag/Model/Hardware.h"
#include "zigzag/Model/Mapping.h"
#include "zigzag/Model/Workload.h"

#include <cstdint>
#include <vector>

namespace zigzag {

/// The 28 nm gate constants of ZigZag's macro model (fixed, not read from
/// the hardware file). Capacitances pF, areas mm², delays ns.
struct ImcTechnology {
  double vdd = 0.9;
  double nd2Cap = 0.7e-3;
  double wlCap = 0.7e-3 / 2; // per cell
  double blCap = 0.7e-3 / 2; // per cell
  double xor2Cap = 0.7e-3 * 1.5;
  double dffCap = 0.7e-3 * 3;
  double nd2Area = 0.614e-6;
  double xor2Area = 0.614e-6 * 2.4;
  double dffArea = 0.614e-6 * 6;
  double nd2Delay = 0.0478;
  double xor2Delay = 0.0478 * 2.4;
};

/// One-bit building blocks derived from ImcTechnology (E = C * Vdd²).
struct ImcPrimitives {
  double fullAdderEnergy;  // 3 ND2 + 2 XOR2
  double halfAdderEnergy;  // a full adder with one input 0: 2 XOR2
  double multiplierEnergy; // 0.5 ND2: the weight input is static
  double registerEnergy;   // one DFF
  double fullAdderArea, multiplierArea, registerArea;
  double in2SumDelay, in2CoutDelay, cin2CoutDelay, multiplierDelay;
};
ImcPrimitives imcPrimitives(const ImcTechnology &tech = {});

/// One ADC of `resolution` bits on a bit line of `rows` cells (fit to 28 nm
/// analog IMC papers). Zero cost for resolution 0 (area also for 1).
struct AdcCost {
  double area = 0, delay = 0, energy = 0;
};
AdcCost imcAdcCost(int64_t resolution, int64_t rows,
                   const ImcTechnology &tech = {});
/// One DAC feeding `bits` activation bits per cycle (0 for 1 bit: a wire).
double imcDacEnergy(int64_t bits, const ImcTechnology &tech = {});
/// Energy of one ripple-carry adder tree with `inputs` physical inputs of
/// `precision` bits of which `active` carry data (ZigZag's exact walk).
double imcAdderTreeEnergy(int64_t precision, double active, int64_t inputs,
                          const ImcTechnology &tech = {});

/// The array dims in ZigZag's role order: sorted by name. The first is the
/// word line (columns), the second the bit line (rows), the rest banks.
std::vector<unsigned> imcDimOrder(const OperationalArray &array);

/// Area terms, mm² (ZigZag's area_breakdown keys).
struct ImcArea {
  double cells = 0, dacs = 0, adcs = 0, mults = 0, addersRegular = 0,
         addersPv = 0, accumulators = 0;
  double total() const {
    return cells + dacs + adcs + mults + addersRegular + addersPv +
           accumulators;
  }
};
/// Critical-path terms of the clock period, ns (tclk_breakdown keys).
struct ImcDelay {
  double cells = 0, dacs = 0, adcs = 0, mults = 0, addersRegular = 0,
         addersPv = 0, accumulators = 0;
  double total() const {
    return cells + dacs + adcs + mults + addersRegular + addersPv +
           accumulators;
  }
};
/// Compute energy of one layer, pJ (mac_energy_breakdown keys).
struct ImcEnergy {
  double localBlPrecharging = 0, dacs = 0, adcs = 0, mults = 0,
         analogBlAddition = 0, addersRegular = 0, addersPv = 0,
         accumulators = 0;
  double total() const {
    return localBlPrecharging + dacs + adcs + mults + analogBlAddition +
           addersRegular + addersPv + accumulators;
  }
};

/// How a layer's spatial mapping occupies one macro.
struct ImcOccupancy {
  double rows = 1;         // mapped rows (bit line), diagonal mapping applied
  double rowsForAdder = 1; // rows feeding the digital adder tree
  double cols = 1;         // mapped columns (word line)
  double macroUnroll = 1;  // unrolling inside one macro (word x bit line)
};

/// The macro of an accelerator whose operational array is IMC.
class ImcMacro {
public:
  /// `hw.array.imc` must be set and verifyImc(hw) clean.
  explicit ImcMacro(const Hardware &hw, const ImcTechnology &tech = {});

  ImcType type() const { return spec.type; }
  bool analog() const { return spec.type == ImcType::Analog; }
  int64_t columns() const { return cols; }
  int64_t rows() const { return rowCount; }
  int64_t banks() const { return numBanks; }
  unsigned wordLineDim() const { return wlDim; }
  unsigned bitLineDim() const { return blDim; }
  /// Bit-serial cycles per MAC: activation precision / bit-serial precision.
  double cyclesPerOp() const;

  ImcArea area() const;
  ImcDelay clockPeriod() const;
  /// The macro's occupancy under `spatial` (per array dim, as in Mapping).
  ImcOccupancy
  occupancy(const Workload &w,
            const std::vector<std::vector<LoopFactor>> &spatial) const;
  /// Compute energy of `macs` MACs with the given occupancy.
  ImcEnergy layerEnergy(double macs, const ImcOccupancy &occ) const;

private:
  int64_t pvInputs() const;    // place-value tree inputs
  int64_t pvPrecision() const; // their precision
  double pvAdders() const;     // one-bit full adders of one pv tree
  int64_t regularDepth() const;
  int64_t regularOutput() const;
  double regularAdders() const; // one digital adder tree over the rows
  int64_t accumulatorBits() const;

  ImcArraySpec spec;
  ImcTechnology tech;
  ImcPrimitives prim;
  AdcCost adc;
  unsigned wlDim = 0, blDim = 1;
  int64_t cols = 1, rowCount = 1, numBanks = 1;
  double cellArea = 0; // one cell group, mm²
};

} // namespace zigzag

#endif // ZIGZAG_MODEL_IMC_H
