#!/usr/bin/env bash
# The checks every gate of this repository runs, defined here once: .ci/run (after the tests), both GitHub
# workflows and the pre-commit hook. Needs `ruff` and `kbgen` on PATH (pip install -e '.[test]').
#   ruff      the code is clean
#   kbgen ci  every card checked strictly (each quote against the full texts mkdocs.yml names: sources/,
#             then $KBGEN_SOURCES or ../shared/seeds), the site built strictly, every link in it checked
set -euo pipefail
cd "$(dirname "$0")/.."

echo "+ ruff check ."
ruff check .
kbgen ci "$@"
