"""Shared fixtures: real SQLite files in temporary dirs, copied from migrated templates."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from cadre_desk.core.app import App
from cadre_desk.core.services import demo, setup

# Property tests.  ``ci`` (the default) keeps every property as quick as before; pytest's
# ``--hypothesis-profile=thorough`` runs each one long (>= 500 examples, no deadline), e.g.
# the sync convergence property over many random schedules.
_QUIET = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
settings.register_profile("ci", deadline=None, suppress_health_check=_QUIET)
settings.register_profile("thorough", max_examples=500, deadline=None, suppress_health_check=_QUIET)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def examples(quick: int) -> int:
    """How many examples a slow property runs: ``quick`` under the default ``ci`` profile,
    the loaded profile's count under any other (``--hypothesis-profile=thorough``)."""
    current = settings.default.max_examples
    return quick if current == settings.get_profile("ci").max_examples else current


PROFILE = setup.StationProfile(
    name="测试路社区老干部驿站", district="市南区", street="测试街道", community="测试路社区"
)


def _copy_data_dir(src: Path, dest: Path) -> Path:
    shutil.copytree(src, dest)
    return dest


@pytest.fixture(scope="session")
def station_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated, initialised station data dir with an empty roster (copied per test)."""
    root = tmp_path_factory.mktemp("template") / "station"
    with App.open(root) as app:
        setup.initialise(app, kind="station", profile=PROFILE, admin_username="admin", admin_password="secret123")
    return root


@pytest.fixture
def app(station_template: Path, tmp_path: Path) -> Iterator[App]:
    """An open, initialised station with an empty roster."""
    with App.open(_copy_data_dir(station_template, tmp_path / "data")) as opened:
        yield opened


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo station (80 people, 2 months) built once per test run."""
    root = tmp_path_factory.mktemp("demo") / "station"
    with App.open(root) as opened:
        demo.load_demo(opened, members=80, months=2, seed=7)
    return root


@pytest.fixture
def demo_app(demo_template: Path, tmp_path: Path) -> Iterator[App]:
    """An open copy of the small demo station."""
    with App.open(_copy_data_dir(demo_template, tmp_path / "demo")) as opened:
        yield opened
