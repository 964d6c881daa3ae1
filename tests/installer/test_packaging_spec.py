"""The packaged build's spec keeps up with the app: what the app uses goes in.

The build itself (installer/build.sh, a minute or two) is run outside the test suite; these
checks catch, in the suite, the usual ways a build breaks for users: a Qt module newly used
but left out, a font or translation not shipped, a migration importing a module the build
cannot see.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest

from cadre_desk import cli

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "installer" / "cadre_desk.spec"


def _spec_values() -> dict[str, object]:
    """The spec's top-level literal assignments (excludes, hiddenimports, QT_LIBS …)."""
    values: dict[str, object] = {}
    for node in ast.parse(SPEC.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            try:
                values[node.targets[0].id] = ast.literal_eval(node.value)
            except ValueError:
                continue
    return values


def _app_sources() -> list[Path]:
    return [p for p in (ROOT / "cadre_desk").rglob("*.py") if "generated" not in p.parts or p.name != "__init__.py"]


def test_every_qt_module_the_app_imports_goes_in_the_build() -> None:
    spec = _spec_values()
    used = set()
    for path in _app_sources():
        used |= set(re.findall(r"PySide6\.(Qt\w+)", path.read_text(encoding="utf-8")))
    assert used >= {"QtCore", "QtGui", "QtWidgets"}
    for module in sorted(used):
        assert f"PySide6.{module}" not in spec["excludes"], f"the app uses {module}, the build leaves it out"
        assert module.removeprefix("Qt") in spec["QT_LIBS"], f"the Qt library of {module} would be dropped"
    # and the screen: the window needs a platform plugin on Windows and offscreen for the test
    assert {"qwindows", "qoffscreen"} <= spec["KEEP_PLUGINS"]["platforms"]  # type: ignore[index]


def test_every_font_and_translation_the_app_reads_is_shipped() -> None:
    text = SPEC.read_text(encoding="utf-8")
    for font in sorted((ROOT / "resources" / "fonts").glob("*.ttf")):
        assert f'"{font.name}"' in text, f"{font.name} is not in the packaged build"
    for licence in sorted((ROOT / "resources" / "fonts").glob("*.txt")):  # a font's licence goes with it
        assert f'"{licence.name}"' in text, f"{licence.name} is not in the packaged build"
    shipped_languages = re.findall(r"cadre_desk_(\w+)\.qm", text)
    for ts in (ROOT / "resources" / "i18n").glob("cadre_desk_*.ts"):
        assert ts.stem.removeprefix("cadre_desk_") in shipped_languages
    # the licence texts of the About dialog and the icons go in as whole folders
    assert '"resources" / "licenses"' in text and '"resources" / "icons"' in text


def test_what_the_migrations_import_is_in_the_build() -> None:
    """Alembic runs the migration scripts from files, so PyInstaller never sees their imports."""
    hidden = set(_spec_values()["hiddenimports"])  # type: ignore[arg-type]
    migrations = ROOT / "cadre_desk" / "core" / "migrations"
    imported = set()
    for path in [*migrations.glob("*.py"), *(migrations / "versions").glob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                if node.module == "alembic":
                    imported |= {f"alembic.{alias.name}" for alias in node.names}
                elif node.module.startswith(("alembic.", "cadre_desk.")):
                    imported.add(node.module)
    assert imported, "no migration imports found: the test looks in the wrong place"
    assert imported <= hidden, f"add to hiddenimports in the spec: {sorted(imported - hidden)}"


def test_the_window_program_without_a_console_still_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    """On Windows the window program has no console (sys.stdout is None): --version and the
    like must not crash it."""
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    with pytest.raises(SystemExit) as exited:
        cli.main(["--version"])
    assert exited.value.code == 0
    assert sys.stdout is not None and sys.stderr is not None
