//===- Passes.cpp - zigzag pass registration --------------------------------===//

#include "zigzag/Transforms/Passes.h"
