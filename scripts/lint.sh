#!/usr/bin/env bash
# `make lint`: clang-format (every C++ file of lib include tools unittests
# bench fuzz) and clang-tidy (.clang-tidy's checks on lib/), both failing on
# any finding. clang-tidy parses MLIR's headers for every file (seconds per
# file), so it checks the lib/ files changed against origin/main (or main)
# by default; LINT_ALL=1 checks every lib/ file. docs/Architecture.md, "Lint".
set -uo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
JOBS=${LINT_JOBS:-2}
FORMAT=${CLANG_FORMAT:-clang-format-22}
TIDY=${CLANG_TIDY:-clang-tidy-22}
status=0

mapfile -t sources < <(git ls-files -- 'lib/*.cpp' 'lib/*.h' 'include/*.h' \
  'tools/*.cpp' 'tools/*.h' 'unittests/*.cpp' 'unittests/*.h' 'bench/*.cpp' \
  'bench/*.h' 'fuzz/*.cpp' 'fuzz/*.h')
echo "lint: clang-format on ${#sources[@]} files"
if ! "$FORMAT" --dry-run -Werror "${sources[@]}"; then
  echo "lint: formatting differs; fix with: $FORMAT -i <files above>"
  status=1
fi

if [ ! -f "$BUILD_DIR/compile_commands.json" ]; then
  echo "lint: $BUILD_DIR/compile_commands.json missing (run make build first)"
  exit 1
fi
if [ "${LINT_ALL:-0}" = 1 ]; then
  mapfile -t tidy < <(git ls-files -- 'lib/*.cpp')
else
  base=$(git merge-base HEAD origin/main 2>/dev/null ||
         git merge-base HEAD main 2>/dev/null || true)
  if [ -z "$base" ]; then
    mapfile -t tidy < <(git ls-files -- 'lib/*.cpp')
  else
    # Headers are checked through the changed sources that include them
    # (.clang-tidy's HeaderFilterRegex).
    mapfile -t tidy < <(git diff --name-only --diff-filter=d "$base" -- 'lib/*.cpp')
  fi
fi
echo "lint: clang-tidy on ${#tidy[@]} lib/ files"
if [ ${#tidy[@]} -gt 0 ]; then
  printf '%s\n' "${tidy[@]}" |
    xargs -P "$JOBS" -n 1 "$TIDY" -p "$BUILD_DIR" --quiet 2>/dev/null |
    tee "$BUILD_DIR/clang-tidy.log"
  if grep -q 'error:' "$BUILD_DIR/clang-tidy.log"; then
    echo "lint: clang-tidy findings (see above)"
    status=1
  fi
fi
[ "$status" -eq 0 ] && echo "lint: clean"
exit "$status"
