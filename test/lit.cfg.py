# -*- Python -*-

import os
import sys

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "ZIGZAG"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".yaml", ".test"]
config.excludes = ["Inputs", "Unit", "Utils", "CMakeLists.txt", "lit.cfg.py",
                   "lit.site.cfg.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.zigzag_obj_root, "test")

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%shlibext", config.llvm_shlib_ext))
config.substitutions.append(
    ("%zigzag_libs", os.path.join(config.zigzag_obj_root, "lib")))
config.substitutions.append(
    ("%mlir_runner_utils_dir", os.path.join(config.llvm_tools_dir, "..", "lib")))
config.substitutions.append(("%zigzag_src", config.zigzag_src_root))
config.substitutions.append(
    ("%compare_report", "%s %s" % (sys.executable, os.path.join(
        config.zigzag_src_root, "test", "Utils", "compare_report.py"))))

config.substitutions.append(
    ("%run_matrix", "%s %s" % (sys.executable, os.path.join(
        config.zigzag_src_root, "test", "Utils", "run_matrix.py"))))

config.substitutions.append(
    ("%check_maestro_search", "%s %s" % (sys.executable, os.path.join(
        config.zigzag_src_root, "test", "Utils", "check_maestro_search.py"))))
config.substitutions.append(
    ("%check_maestro", "%s %s" % (sys.executable, os.path.join(
        config.zigzag_src_root, "test", "Utils", "check_maestro.py"))))
config.substitutions.append(
    ("%check_depth_first", "%s %s" % (sys.executable, os.path.join(
        config.zigzag_src_root, "test", "Utils", "check_depth_first.py"))))
config.substitutions.append(
    ("%check_pareto", "%s %s" % (sys.executable, os.path.join(
        config.zigzag_src_root, "test", "Utils", "check_pareto.py"))))

# Execution tests (docs/Rewrite.md): tensor IR -> buffers -> LLVM -> JIT.
config.substitutions.append(
    ("%bufferize", "--one-shot-bufferize=\"bufferize-function-boundaries "
     "function-boundary-type-conversion=identity-layout-map\" "
     "--buffer-deallocation-pipeline --convert-bufferization-to-memref"))
config.substitutions.append(
    ("%lower_to_llvm", "--convert-linalg-to-loops --scf-forall-to-for "
     "--lower-affine --convert-scf-to-cf --expand-strided-metadata "
     "--lower-affine --finalize-memref-to-llvm --convert-math-to-llvm "
     "--convert-arith-to-llvm --convert-index-to-llvm --convert-cf-to-llvm "
     "--convert-func-to-llvm --reconcile-unrealized-casts"))
_runner_libs = os.path.join(config.llvm_tools_dir, "..", "lib")
config.substitutions.append(
    ("%run_main", "%s -e main -entry-point-result=void -shared-libs=%s,%s" % (
        os.path.join(config.llvm_tools_dir, "mlir-runner"),
        os.path.join(_runner_libs, "libmlir_runner_utils.so"),
        os.path.join(_runner_libs, "libmlir_c_runner_utils.so"))))

# An instrumented plugin cannot be loaded into Debian's uninstrumented mlir-opt.
if config.zigzag_sanitizers.upper() in ("ON", "1", "TRUE", "YES"):
    config.available_features.add("asan")

# The HTML report's browser test (docs/HtmlReport.md) runs Debian's chromium
# headless; scripts/setup.sh installs it.
import shutil
if shutil.which("chromium"):
    config.available_features.add("chromium")
config.substitutions.append(
    ("%browser_test", "%s %s" % (sys.executable, os.path.join(
        config.zigzag_src_root, "scripts", "browser-test.py"))))

# Tests that read ../shared/reference require this feature.
if os.path.isdir(config.zigzag_reference_dir):
    config.available_features.add("zigzag-reference")
    config.substitutions.append(("%reference", config.zigzag_reference_dir))

llvm_config.with_system_environment(["HOME", "INCLUDE", "LIB", "TMP", "TEMP"])
llvm_config.use_default_substitutions()
# `not`, `count`, `split-file` at the start of a RUN line come from PATH.
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)

tool_dirs = [os.path.join(config.zigzag_obj_root, "bin"), config.llvm_tools_dir]
tools = ["zigzag-opt", "zigzag-translate", "zigzag-onnx-gen", "zigzag-explore",
         "mlir-opt", "mlir-runner"]
llvm_config.add_tool_substitutions(tools, tool_dirs)
