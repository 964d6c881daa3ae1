"""``cadre-desk about``: what support asks for first, and the licences a build must carry."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from cadre_desk import __version__, cli
from cadre_desk.core import about


def test_about_names_the_version_the_data_folder_and_every_licence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["--data-dir", str(tmp_path), "about", "--licences"]) == cli.EXIT_OK
    out = capsys.readouterr().out
    assert f"cadre-desk {__version__}" in out
    assert str(tmp_path) in out
    for name in ("Qt", "PySide6-Essentials", "SQLAlchemy", "reportlab", "Noto Sans SC", "Droid Sans Fallback"):
        assert name in out
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in out  # Qt's licence, in full
    assert "SIL OPEN FONT LICENSE" in out  # the print fonts'


def test_about_fails_when_a_licence_text_is_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A packaged build that lost a licence file must not pass its smoke test."""
    real = about.components()
    monkeypatch.setattr(about, "components", lambda: [*real[:-1], dataclasses.replace(real[-1], licence_text="")])
    assert cli.main(["--data-dir", str(tmp_path), "about"]) == cli.EXIT_USER
    assert f"缺少许可证全文：{real[-1].name}" in capsys.readouterr().err
