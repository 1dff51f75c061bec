# -*- Python -*-
# Runs the GoogleTest binaries of unittests/ as part of check-zigzag.

import os

import lit.formats

config.name = "ZIGZAG-Unit"
config.suffixes = []
config.test_exec_root = os.path.join(config.zigzag_obj_root, "unittests")
config.test_source_root = config.test_exec_root
config.test_format = lit.formats.GoogleTest(".", "Tests")
# Unit tests that read ../shared/reference find it here (and skip without it).
config.environment["ZIGZAG_REFERENCE_DIR"] = config.zigzag_reference_dir
