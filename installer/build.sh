#!/usr/bin/env bash
# Builds the packaged app (PyInstaller, one folder) in a clean virtual environment, then runs
# the smoke test on it. Linux; the Windows build is installer/build.ps1. From a fresh clone:
#
#   installer/build.sh            # build into build/dist/cadre_desk, then smoke-test it
#   installer/build.sh --no-test  # build only
#
# Needs python3 (3.11+) with venv, the network to PyPI, and for the smoke test the shared
# libraries Qt needs (the same Debian packages .ci/run installs); with poppler-utils the test
# also reads the PDF, and with strace it checks that nothing is opened from the source tree.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD="${BUILD_DIR:-build}"
PYTHON="${PYTHON:-python3}"
test_after=1
[ "${1:-}" = "--no-test" ] && test_after=0

started=$SECONDS
mkdir -p "$BUILD"
if [ ! -x "$BUILD/venv/bin/python" ]; then
  "$PYTHON" -m venv "$BUILD/venv"
fi
# the locked versions the tests passed with, the app as a user gets it (not editable), the pinned build tools
"$BUILD/venv/bin/python" -m pip install -q --disable-pip-version-check -r requirements/app.txt
"$BUILD/venv/bin/python" -m pip install -q --disable-pip-version-check --no-deps .
"$BUILD/venv/bin/python" -m pip install -q --disable-pip-version-check -r installer/requirements-build.txt

rm -rf "$BUILD/dist/cadre_desk"
spec="$PWD/installer/cadre_desk.spec"
build="$(cd "$BUILD" && pwd)"
# run from the build folder: the source tree must not shadow the installed app
(cd "$build" && "$build/venv/bin/python" -m PyInstaller "$spec" --noconfirm --clean --log-level WARN \
  --distpath "$build/dist" --workpath "$build/work")
echo "built $BUILD/dist/cadre_desk in $((SECONDS - started)) s"

"$BUILD/venv/bin/python" installer/bundle_size.py "$BUILD/dist/cadre_desk"

if [ "$test_after" = 1 ]; then
  python3 installer/smoke_test.py "$BUILD/dist/cadre_desk"
fi
