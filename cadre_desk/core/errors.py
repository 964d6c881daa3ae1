"""Errors a user can cause, carrying a message fit to show them."""

from __future__ import annotations


class DomainError(Exception):
    """An error caused by the user's input or data, not by a bug.

    ``message`` is a complete sentence in the user's language (Simplified Chinese), shown
    as it is by the GUI's error dialog and by the CLI on stderr.  ``details`` may list
    individual problems (e.g. one line per bad row).
    """

    def __init__(self, message: str, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = list(details or [])

    def __str__(self) -> str:
        if not self.details:
            return self.message
        return self.message + "\n" + "\n".join(f"  - {d}" for d in self.details)


class NotFoundError(DomainError):
    """A record the user asked for does not exist (or was deleted)."""


class DataDirError(DomainError):
    """The data directory cannot be used (read-only, full, locked, made by a newer version)."""
