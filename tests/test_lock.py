"""The lock files are in step with pyproject.toml, and the suite runs on the versions they lock.

A fresh machine installs ``requirements/*.txt`` (README, .ci/run, the packaged build): a
dependency added to pyproject.toml without refreshing the lock, a range the pinned version no
longer satisfies, a pin without hashes or an environment that drifted from the lock fail here.
"""

from __future__ import annotations

import importlib.metadata as metadata
import re
import tomllib
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?\s*$")


def locked(name: str) -> dict[str, tuple[Version, Marker | None, int]]:
    """A lock file's pins: name → (version, marker, number of hashes)."""
    pins: dict[str, tuple[Version, Marker | None, int]] = {}
    current = ""
    for line in (ROOT / "requirements" / name).read_text(encoding="utf-8").splitlines():
        if match := _PIN.match(line):
            current = canonicalize_name(match.group(1))
            marker = Marker(match.group(3)) if match.group(3) else None
            pins[current] = (Version(match.group(2)), marker, 0)
        elif line.strip().startswith("--hash=sha256:") and current:
            version, marker, hashes = pins[current]
            pins[current] = (version, marker, hashes + 1)
    return pins


def declared(extra: str | None) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = list(project["dependencies"])
    if extra:
        wanted += project["optional-dependencies"][extra]
    return [Requirement(r) for r in wanted]


@pytest.mark.parametrize(("lock", "extra"), [("app.txt", None), ("test.txt", "test")])
def test_every_declared_dependency_is_locked_within_its_range(lock: str, extra: str | None) -> None:
    pins = locked(lock)
    assert pins, f"requirements/{lock} locks nothing"
    for req in declared(extra):
        name = canonicalize_name(req.name)
        assert name in pins, f"{req.name} is in pyproject.toml, not in requirements/{lock}: run requirements/refresh.sh"
        version = pins[name][0]
        assert req.specifier.contains(version, prereleases=True), (
            f"requirements/{lock} pins {req.name}=={version}, outside pyproject.toml's {req.specifier}: "
            "run requirements/refresh.sh"
        )


@pytest.mark.parametrize("lock", ["app.txt", "test.txt"])
def test_every_pin_carries_hashes(lock: str) -> None:
    for name, (version, _, hashes) in locked(lock).items():
        assert hashes, f"requirements/{lock}: {name}=={version} has no hash"


def test_the_test_lock_holds_the_app_lock() -> None:
    """The tests run on exactly the versions the app is installed with."""
    app, test = locked("app.txt"), locked("test.txt")
    for name, (version, _, _) in app.items():
        assert name in test and test[name][0] == version, f"{name}: app.txt {version}, test.txt {test.get(name)}"


def test_the_suite_runs_on_the_locked_versions() -> None:
    """What is installed here is what the lock says (the README's commands install it)."""
    drifted = []
    for name, (version, marker, _) in locked("test.txt").items():
        if marker is not None and not marker.evaluate():
            continue
        try:
            installed = Version(metadata.version(name))
        except metadata.PackageNotFoundError:
            drifted.append(f"{name}: not installed (lock: {version})")
            continue
        if installed != version:
            drifted.append(f"{name}: {installed} installed, {version} locked")
    assert not drifted, "install with: python3 -m pip install -r requirements/test.txt\n" + "\n".join(drifted)


def _readme() -> str:
    return (ROOT / "README.md").read_text(encoding="utf-8")


def test_ci_runs_the_readmes_test_command_with_the_locked_versions() -> None:
    commands = re.findall(r"```sh\n(python3 -m pip install[^\n]*)\n```", _readme())
    assert len(commands) == 2, commands  # exactly two set-up commands: start the app, run the tests
    start, tests = commands
    assert "requirements/app.txt" in start and start.endswith("python3 -m cadre_desk")
    assert "requirements/test.txt" in tests and tests.endswith("python3 -m pytest")
    assert tests in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()


def test_the_readme_lists_the_desktop_packages_the_window_needs() -> None:
    from cadre_desk.ui.startup import DESKTOP_PACKAGES

    line = next(x for x in _readme().splitlines() if x.strip().startswith("apt-get install python3-venv"))
    assert set(line.split()[2:]) == {"python3-venv", *DESKTOP_PACKAGES}
    assert "DESKTOP_PACKAGES" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
