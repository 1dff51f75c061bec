// A hardware file with a duplicated key warns once per process, however
// often it is read: here once per chunk of -split-input-file and once per
// nested module.
// RUN: zigzag-opt %s -split-input-file --zigzag-attach-hardware="file=%S/Inputs/duplicate-key.yaml" 2>&1 | FileCheck %s --check-prefix=SPLIT --implicit-check-not=warning:
// RUN: zigzag-opt %s --pass-pipeline="builtin.module(builtin.module(zigzag-attach-hardware{file=%S/Inputs/duplicate-key.yaml}))" 2>&1 | FileCheck %s --check-prefix=NESTED --implicit-check-not=warning:

// SPLIT: duplicate-key.yaml:18:5: warning: duplicate key 'ports' in memory 'rf_O': as in YAML, the last value (line 21) wins and this one is ignored
// Every chunk still gets the accelerator.
// SPLIT-COUNT-3: module attributes {zigzag.accelerator = #zigzag.accelerator<"tiny"

// NESTED: duplicate-key.yaml:18:5: warning: duplicate key 'ports'
// NESTED: module {
// NESTED-COUNT-2: module attributes {zigzag.accelerator = #zigzag.accelerator<"tiny"

module {
  module {}
  module {}
}

// -----

module {}

// -----

module {}
