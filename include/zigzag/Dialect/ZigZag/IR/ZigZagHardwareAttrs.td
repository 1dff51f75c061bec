//===- ZigZagHardwareAttrs.td - accelerator description ----*- tablegen -*-===//
//
// The accelerator as ZigZag sees it: an operational (MAC) array and memories
// with ports. The attributes hold the same data as zigzag::Hardware
// (include/zigzag/Model/Hardware.h) and use its enums directly; verifiers
// convert to the model and run zigzag::verifyHardware and its parts, so the
// checks exist once. Syntax and choices: docs/Hardware.md.
//
//===----------------------------------------------------------------------===//

#ifndef ZIGZAG_HARDWARE_ATTRS_TD
#define ZIGZAG_HARDWARE_ATTRS_TD

// A double that prints in its shortest exact decimal form (0.04, 416.16,
// 1.0e-05) rather than MLIR's default exponent form, and parses back exactly.
def ZigZag_RealParameter : AttrParameter<"::llvm::APFloat", "a double"> {
  let comparator = "$_lhs.bitwiseIsEqual($_rhs)";
  let printer = "::mlir::zigzag::printShortestFloat($_printer, $_self)";
}

// A flag, default false. Printed (`true`) by the MemoryOptions directive.
class ZigZag_FlagParameter<string desc>
    : DefaultValuedParameter<"bool", "false", desc>;

def ZigZag_ImcArrayAttr : ZigZag_Attr<"ImcArray", "imc"> {
  let summary = "An in-memory-computing macro: type, precisions, ADC";
  let description = [{
    Makes the operational array an in-memory-computing (IMC) macro, priced
    by ZigZag's macro model instead of `unit_energy`: `"analog"` (DACs,
    analog bit-line summation, ADCs) or `"digital"` (1-b multipliers and
    adder trees); the activation and weight precisions in bits, the
    activation bits applied per cycle (`bit_serial_precision`) and the ADC
    resolution (analog only, default 0). The weights live in the memory
    named `cells`.

    ```mlir
    #zigzag.imc<"analog", input_precision = [8, 8], bit_serial_precision = 2, adc_resolution = 8>
    ```

    Checked with the whole accelerator (see `zigzag::verifyImc`): powers of
    two, bit-serial precision at most the activation precision, no ADC on
    a digital macro, the `cells` memory.
  }];
  let parameters = (ins
    StringRefParameter<"analog or digital">:$imc_type,
    "int64_t":$activation_precision,
    "int64_t":$weight_precision,
    "int64_t":$bit_serial_precision,
    DefaultValuedParameter<"int64_t", "0", "ADC bits">:$adc_resolution);
  let assemblyFormat = [{
    `<` $imc_type `,` `input_precision` `=` `[` $activation_precision `,`
        $weight_precision `]` `,` `bit_serial_precision` `=`
        $bit_serial_precision (`,` `adc_resolution` `=` $adc_resolution^)? `>`
  }];
  let genVerifyDecl = 1;
}

def ZigZag_OperationalArrayAttr
    : ZigZag_Attr<"OperationalArray", "operational_array"> {
  let summary = "The MAC array: named dimensions with sizes, energy and area "
                "per MAC";
  let description = [{
    The operational array of an accelerator: its dimensions in order, each
    with its number of MAC units, the energy of one MAC (`unit_energy`, pJ by
    convention) and the area of one MAC unit (`unit_area`). ZigZag names the
    dimensions `D1`, `D2`, ...; any identifier is accepted.

    ```mlir
    #zigzag.operational_array<dims = [D1 = 32, D2 = 32], unit_energy = 0.04, unit_area = 1.0>
    ```

    Checked: at least one dimension, unique names, positive sizes, finite
    non-negative energy and area.

    An in-memory-computing array adds its macro last (`unit_energy` and
    `unit_area` are then unused):

    ```mlir
    #zigzag.operational_array<dims = [D1 = 128, D2 = 128], unit_energy = 0.0, unit_area = 0.0,
      imc = <"analog", input_precision = [8, 8], bit_serial_precision = 2, adc_resolution = 8>>
    ```
  }];
  let parameters = (ins
    ArrayRefParameter<"::mlir::StringAttr", "dimension names">:$dim_names,
    ArrayRefParameter<"int64_t", "dimension sizes">:$dim_sizes,
    ZigZag_RealParameter:$unit_energy,
    ZigZag_RealParameter:$unit_area,
    OptionalParameter<"ImcArrayAttr", "in-memory-computing macro">:$imc);
  let assemblyFormat = [{
    `<` `dims` `=` custom<ArrayDims>($dim_names, $dim_sizes) `,`
        `unit_energy` `=` $unit_energy `,` `unit_area` `=` $unit_area
        (`,` `imc` `=` $imc^)? `>`
  }];
  let genVerifyDecl = 1;
}

def ZigZag_PortAttr : ZigZag_Attr<"Port", "port"> {
  let summary = "A memory port: type, bandwidths and the data movements it "
                "carries";
  let description = [{
    A port of a memory: its name, its type (`read`, `write` or `read_write`),
    `bandwidth_min` (the access granularity) and `bandwidth_max` (the port
    width) in bits per cycle, and the data movements allocated to it. Each
    allocation is an operand (`I1`, `I2`, `O`) and a direction seen from the
    memory: `fh` written from the level above, `tl` read out to the level
    below, `fl` written from the level below (partial sums coming up), `th`
    read out to the level above.

    ```mlir
    #zigzag.port<"r_port_1", read, bandwidth_min = 64, bandwidth_max = 2048, allocations = [I1 tl, O tl, O th]>
    ```

    Checked: positive bandwidths, `bandwidth_min <= bandwidth_max`, a read
    port carries no `fh`/`fl`, a write port no `tl`/`th`, no allocation
    twice. A port without allocations is legal (ZigZag drops unused ports).
  }];
  let parameters = (ins
    StringRefParameter<"port name">:$name,
    "::zigzag::PortType":$port_type,
    "int64_t":$bandwidth_min,
    "int64_t":$bandwidth_max,
    OptionalArrayRefParameter<"::zigzag::PortAllocation",
                              "(operand, direction) pairs">:$allocations);
  let assemblyFormat = [{
    `<` $name `,` $port_type `,` `bandwidth_min` `=` $bandwidth_min `,`
        `bandwidth_max` `=` $bandwidth_max `,`
        `allocations` `=` custom<PortAllocations>($allocations) `>`
  }];
  let genVerifyDecl = 1;
}

def ZigZag_MemoryAttr : ZigZag_Attr<"Memory", "memory"> {
  let summary = "A memory instance: size, energies, operands, ports and the "
                "array dims one instance serves";
  let description = [{
    One memory of the hierarchy: its name, its size in bits (of one
    instance), the energy per read (`r_cost`) and per write (`w_cost`) of
    `bandwidth_max` bits, its area, its latency in cycles (parsed, unused by
    the cost model, as in ZigZag), the operands it stores, its ports, and the
    array dimensions over which one instance is shared (`served_dims`; `[]` =
    one instance per MAC unit). Optional trailing fields, in any order,
    printed (in this order) only when not at their defaults:
    `force_double_buffering` (false; kept, unused, as in ZigZag), `mem_type`
    (`"sram"` or `"dram"`, default `"sram"`) and `auto_cost_extraction`
    (false; CACTI is not run, the given costs are used).

    ```mlir
    #zigzag.memory<"sram_2MB", size = 16777216, r_cost = 416.16, w_cost = 378.4, area = 0.0, latency = 1, operands = [I1, O], served_dims = [D1, D2], ports = [<"r_port_1", read, bandwidth_min = 64, bandwidth_max = 2048, allocations = [I1 tl, O tl, O th]>, <"w_port_1", write, bandwidth_min = 64, bandwidth_max = 2048, allocations = [I1 fh, O fh, O fl]>]>
    ```

    Inside a memory, ports print in the short form `<"name", ...>` (the
    `#zigzag.port` prefix is implied); both forms parse.

    Checked: positive size, finite non-negative costs and area, non-negative
    latency, at least one operand and none twice, at least one port, unique
    port names, ports allocating only operands the memory stores, `mem_type`
    `sram` or `dram`. Served dims are checked against the array by the
    accelerator.
  }];
  let parameters = (ins
    StringRefParameter<"memory name">:$name,
    "int64_t":$size,
    ZigZag_RealParameter:$r_cost,
    ZigZag_RealParameter:$w_cost,
    ZigZag_RealParameter:$area,
    "int64_t":$latency,
    ArrayRefParameter<"::zigzag::MemOperand", "stored operands">:$operands,
    OptionalArrayRefParameter<"::mlir::StringAttr",
                              "array dims one instance serves">:$served_dims,
    ArrayRefParameter<"PortAttr", "ports">:$ports,
    ZigZag_FlagParameter<"force double buffering">:$force_double_buffering,
    StringRefParameter<"memory technology for CACTI", "\"sram\"">:$mem_type,
    ZigZag_FlagParameter<"run CACTI for costs">:$auto_cost_extraction);
  let assemblyFormat = [{
    `<` $name `,` `size` `=` $size `,` `r_cost` `=` $r_cost `,`
        `w_cost` `=` $w_cost `,` `area` `=` $area `,` `latency` `=` $latency `,`
        `operands` `=` `[` $operands `]` `,`
        `served_dims` `=` custom<DimNames>($served_dims) `,`
        `ports` `=` `[` $ports `]` ``
        custom<MemoryOptions>($force_double_buffering, $mem_type,
                              $auto_cost_extraction) `>`
  }];
  let genVerifyDecl = 1;
}

def ZigZag_AcceleratorAttr : ZigZag_Attr<"Accelerator", "accelerator"> {
  let summary = "An accelerator: name, operational array and memory hierarchy";
  let description = [{
    The accelerator a module targets (`zigzag.accelerator` on the module).
    `memories` are in declaration order, as in ZigZag's YAML: each memory sits
    directly above the current top-most memory of every operand it stores, so
    the hierarchy of an operand is the list of memories storing it, innermost
    first. `zigzag-translate --import-zigzag-hardware` and the
    `--zigzag-attach-hardware` pass produce it from ZigZag hardware YAML.

    ```mlir
    module attributes {zigzag.accelerator = #zigzag.accelerator<"tiny",
        array = <dims = [D1 = 4], unit_energy = 1.0, unit_area = 1.0>,
        memories = [
          <"rf", size = 64, r_cost = 0.1, w_cost = 0.1, area = 0.0, latency = 1,
           operands = [O], served_dims = [],
           ports = [<"rw", read_write, bandwidth_min = 16, bandwidth_max = 16, allocations = [O tl, O fl, O fh, O th]>]>,
          <"dram", size = 1000000, r_cost = 100.0, w_cost = 100.0, area = 0.0, latency = 1,
           operands = [I1, I2, O], served_dims = [D1],
           ports = [<"rw", read_write, bandwidth_min = 64, bandwidth_max = 64,
                     allocations = [I1 tl, I2 tl, O fh, O tl, O fl, O th]>]>]>} {
    }
    ```

    Checked (zigzag::verifyHardware, docs/Hardware.md): everything the parts
    check, plus unique memory names, served dims that name array dims (none
    twice), and every operand `I1`, `I2`, `O` stored by at least one memory.
  }];
  let parameters = (ins
    StringRefParameter<"accelerator name">:$name,
    AttrParameter<"OperationalArrayAttr", "the MAC array">:$array,
    ArrayRefParameter<"MemoryAttr", "memories, innermost first">:$memories);
  let assemblyFormat = [{
    `<` $name `,` `array` `=` $array `,` `memories` `=` `[` $memories `]` `>`
  }];
  let genVerifyDecl = 1;
}

#endif // ZIGZAG_HARDWARE_ATTRS_TD
