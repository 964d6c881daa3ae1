"""The licence catalogue: every component the app ships, with its version and licence text."""

from __future__ import annotations

import importlib.metadata as metadata
import re
import tomllib
from pathlib import Path

import pytest

from cadre_desk import __version__
from cadre_desk.core import about
from cadre_desk.resources import resources_dir

ROOT = Path(__file__).resolve().parents[2]

#: words the text of these licences has (an expression passes when the text of one of its parts does);
#: a licence not listed here needs only to be a valid SPDX expression with a text
LOOKS_LIKE = {
    "MIT": "Permission is hereby granted",
    "MIT-CMU": "Permission to use, copy, modify",
    "BSD-2-Clause": "Redistribution and use in source and binary forms",
    "BSD-3-Clause": "Neither the name",
    "Apache-2.0": "Apache License",
    "PSF-2.0": "PYTHON SOFTWARE FOUNDATION LICENSE",
    "LGPL-3.0-only": "GNU LESSER GENERAL PUBLIC LICENSE",
    "OFL-1.1": "SIL OPEN FONT LICENSE",
    "LicenseRef-Hanazono": "Hanazono Font License",
    "Arphic-1999": "ARPHIC PUBLIC LICENSE",
    "Public domain": "public domain",
}


def runtime_requirements() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [about.canonical(re.match(r"[A-Za-z0-9._-]+", r).group(0)) for r in project["dependencies"]]


@pytest.fixture(scope="module")
def catalogue() -> list[about.Component]:
    return about.components()


def test_every_runtime_requirement_is_bundled_and_no_test_tool() -> None:
    bundled = about.bundled_distributions()
    assert bundled == sorted(set(bundled))
    assert set(runtime_requirements()) <= set(bundled)
    assert {"pytest", "pytest-qt", "hypothesis", "ruff", "pluggy", "iniconfig", "cadre-desk"}.isdisjoint(bundled)
    # what the libraries need comes along (cffi for cryptography, Mako for alembic, shiboken for Qt)
    assert {"cffi", "mako", "shiboken6", "et-xmlfile"} <= set(bundled)
    assert all(name == about.canonical(name) for name in bundled)


def test_markers_and_extras_without_packaging(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def no_packaging(name: str, *args: object, **kwargs: object) -> object:
        if name.startswith("packaging"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    assert about._applies('extra == "test"', set()) is False
    monkeypatch.setattr(builtins, "__import__", no_packaging)
    assert about._applies('extra == "test"', set()) is False
    assert about._applies('extra == "test"', {"test"}) is True
    assert about._applies('python_version >= "3.8"', set()) is True
    assert set(runtime_requirements()) <= set(about.bundled_distributions())
    assert "pytest" not in about.bundled_distributions()


def test_a_build_without_the_apps_own_metadata_lists_what_it_carries(monkeypatch: pytest.MonkeyPatch) -> None:
    """A packaged build may copy only its libraries' metadata: those are what it ships."""
    real = metadata.distribution
    carried = [real("alembic"), real("mako")]

    def distribution(name: str) -> metadata.Distribution:
        if about.canonical(name) == "cadre-desk":
            raise metadata.PackageNotFoundError(name)
        return real(name)

    monkeypatch.setattr(about.metadata, "distribution", distribution)
    monkeypatch.setattr(about.metadata, "distributions", lambda: iter(carried))
    assert about.bundled_distributions() == ["alembic", "mako"]


def test_every_component_has_a_version_a_licence_and_its_text(catalogue: list[about.Component]) -> None:
    names = {c.name.lower() for c in catalogue}
    assert {"python", "qt", "sqlite", "droid sans fallback", "noto sans sc"} <= names
    bundled = {about.canonical(c.name) for c in catalogue}
    assert set(about.bundled_distributions()) <= bundled
    for c in catalogue:
        assert c.version and c.licence and c.purpose, c
        assert c.licence_text.strip(), f"{c.name}: no licence text"
        if c.licence == "Public domain":  # SQLite: not a licence, a dedication
            assert "public domain" in c.licence_text.lower(), c.name
            continue
        assert about.spdx(c.licence) == c.licence, f"{c.name}: {c.licence!r} is not a canonical SPDX expression"
        parts = [p for p in re.findall(r"[A-Za-z0-9.+-]+", c.licence) if p not in {"AND", "OR", "WITH"}]
        known = [p for p in parts if p in LOOKS_LIKE]
        assert not known or any(LOOKS_LIKE[p].lower() in c.licence_text.lower() for p in known), f"{c.name}"


class _Metadata(dict):
    def get_all(self, key: str) -> list[str] | None:
        value = self.get(key)
        return value if isinstance(value, list) else None if value is None else [value]


class _Dist:
    def __init__(self, **fields: object) -> None:
        self.metadata = _Metadata({k.replace("_", "-"): v for k, v in fields.items()})


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"License_Expression": "mit-0"}, "MIT-0"),  # a licence name the app had never seen (cffi 2.1)
        ({"License_Expression": "apache-2.0 or bsd-3-clause"}, "Apache-2.0 OR BSD-3-Clause"),
        ({"License": "BSD-3-Clause, Apache-2.0, dependency licenses"}, "BSD-3-Clause AND Apache-2.0"),
        ({"License": "0BSD"}, "0BSD"),
        ({"Classifier": ["License :: OSI Approved :: MIT License"]}, "MIT"),
        ({"License": "UNKNOWN", "Classifier": ["License :: OSI Approved :: ISC License (ISCL)"]}, "ISC"),
    ],
)
def test_licence_names_are_spdx_expressions(fields: dict[str, object], expected: str) -> None:
    """Licences are read as SPDX expressions by the standard's parser, not matched against a hand list."""
    assert about._licence_name(_Dist(**fields), "") == expected  # type: ignore[arg-type]


def test_a_component_without_its_licence_text_fails_the_catalogue_check(catalogue: list[about.Component]) -> None:
    """What the catalogue test relies on: a distribution with no licence file has an empty text."""
    bare = metadata.PathDistribution(Path("/nonexistent/x-1.0.dist-info"))
    assert about._distribution_text(bare, "x-without-licence") == ""


def test_the_versions_are_the_ones_running(catalogue: list[about.Component]) -> None:
    import platform
    import sqlite3

    by_name = {c.name: c for c in catalogue}
    assert by_name["Python"].version == platform.python_version()
    assert by_name["SQLite"].version == sqlite3.sqlite_version
    assert by_name["Qt"].version == metadata.version("PySide6-Essentials")
    assert by_name["SQLAlchemy"].version == metadata.version("SQLAlchemy")
    assert "GNU GENERAL PUBLIC LICENSE" in by_name["Qt"].licence_text  # the GPL the LGPL refers to
    assert by_name["reportlab"].purpose == "打印 PDF"
    assert by_name["Mako"].purpose == "（alembic 所需）"


def test_every_bundled_font_is_covered(catalogue: list[about.Component]) -> None:
    fonts = {p.name for p in (resources_dir() / "fonts").iterdir() if p.suffix.lower() in {".ttf", ".otf", ".ttc"}}
    covered = {f for c in catalogue for f in c.files}
    assert fonts and fonts <= covered
    by_name = {c.name: c for c in catalogue}
    assert by_name["Noto Sans SC"].version == "2.004"
    assert by_name["Noto Serif SC"].version == "2.001"
    assert "modified in 2026" in by_name["BabelStone Han"].licence_text  # the Arphic licence asks for the notice
    assert "Google" in by_name["Droid Sans Fallback"].licence_text


def test_about_info(tmp_path: Path) -> None:
    info = about.about_info(tmp_path)
    assert info.version == __version__
    assert info.data_dir == tmp_path
    assert info.python.startswith(platform_version()) and info.sqlite and info.platform and info.qt
    assert info.components and info.components[0].name == "Python"


def platform_version() -> str:
    import platform

    return platform.python_version()
