"""Where an install keeps its data."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "cadre_desk"
ENV_DATA_DIR = "CADRE_DESK_DATA_DIR"
DB_FILENAME = "cadre_desk.db"
#: a Windows named mutex held while the window is open: the installer asks to close the app
#: before it upgrades or removes it (Inno Setup AppMutex in installer/cadre_desk.iss)
APP_MUTEX = "cadre_desk.running"


def default_data_dir() -> Path:
    """The per-user data dir: ``$CADRE_DESK_DATA_DIR`` or the platform's user data dir."""
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False, roaming=False))


@dataclass(frozen=True)
class DataLayout:
    """The files and folders inside one data dir."""

    root: Path

    @property
    def db(self) -> Path:
        return self.root / DB_FILENAME

    @property
    def media(self) -> Path:
        return self.root / "media"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def reports(self) -> Path:
        """Where the printed ledgers (PDF) are kept, one file per month and kind."""
        return self.root / "reports"

    @property
    def lock(self) -> Path:
        return self.root / "cadre_desk.lock"
