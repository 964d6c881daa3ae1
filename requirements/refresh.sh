#!/usr/bin/env bash
# Refreshes the locked dependency versions, then proves them: a fresh virtual environment gets
# exactly the new lock and runs the whole test suite. Commit the lock only when this passes.
#
#   requirements/refresh.sh           # every dependency to its newest version within pyproject.toml
#   requirements/refresh.sh --keep    # keep today's pins; only add or drop what pyproject.toml changed
#
# The locks (app.txt: what the app runs with; test.txt: that plus the test tools) are universal
# (every platform's markers and the hashes of every file of each pinned release), so the Windows
# build installs the same versions. Needs python3 (3.11+) with venv and the network to PyPI.
set -euo pipefail
cd "$(dirname "$0")/.."

UV_VERSION=0.13.10
upgrade=--upgrade
[ "${1:-}" = "--keep" ] && upgrade=
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 -m venv "$work/tools"
"$work/tools/bin/python" -m pip install -q --disable-pip-version-check "uv==$UV_VERSION"
compile() {  # compile OUT [EXTRA...]
  local out=$1; shift
  local extras=()
  for e in "$@"; do extras+=(--extra "$e"); done
  "$work/tools/bin/uv" pip compile pyproject.toml ${upgrade} "${extras[@]}" --universal --python-version 3.11 \
    --generate-hashes --no-header --quiet -o "requirements/$out"
  { printf '# Locked by requirements/refresh.sh (uv %s) from pyproject.toml%s. Do not edit by hand.\n' \
      "$UV_VERSION" "${*:+ with extras: $*}"; cat "requirements/$out"; } > "$work/lock" && mv "$work/lock" "requirements/$out"
}
compile app.txt
compile test.txt test
echo "locked: $(grep -c '==' requirements/test.txt) distributions"

python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip install -q --disable-pip-version-check -r requirements/test.txt
"$work/venv/bin/python" -m pip install -q --disable-pip-version-check --no-deps -e .
QT_QPA_PLATFORM=offscreen "$work/venv/bin/python" -m pytest -q
git --no-pager diff --stat -- requirements/
echo "The suite passed with the refreshed lock: commit requirements/*.txt."
