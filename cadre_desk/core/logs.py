"""The log file: a rotating file in the data dir's ``logs`` folder, with no personal data in it.

Code logs record ids and counts, never names, ID numbers, phones, health notes or
passwords.  :class:`RedactingFilter` is the safety net behind that rule: whatever reaches
the file is passed through :func:`redact` first, tracebacks included, so an ID number in
an exception message or a password in a command line never lands on disk.  Uncaught
exceptions (the main thread's and worker threads') are logged to the file too.
"""

from __future__ import annotations

import logging
import re
import sys
import threading
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from .paths import DataLayout

LOGGER = "cadre_desk"
LOG_FILE = "cadre_desk.log"
MAX_BYTES = 1_000_000
BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

log = logging.getLogger(LOGGER)

ID_MARK = "[身份证号]"
PHONE_MARK = "[电话]"
SECRET_MARK = "[已隐藏]"

#: 18-character resident ID numbers (the last may be X), and the old 15-digit ones
_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")
#: mobiles (138 1234 5678, +86-13812345678 …) and landlines with their area code (0532-85851234)
_MOBILE = re.compile(r"(?<![\dA-Za-z])(?:(?:\+|00)?86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}(?![\dA-Za-z])")
_LANDLINE = re.compile(r"(?<![\dA-Za-z])(?:\(0\d{2,3}\)|0\d{2,3})[\s-]?\d{7,8}(?:-\d{1,6})?(?![\dA-Za-z])")
#: password hashes as the app stores them, and anything after a word for password or secret
_HASH = re.compile(r"\$(?:argon2(?:id|i|d)?|scrypt|pbkdf2[\w-]*|2[aby]?)\$\S+")
_SECRET_TAIL = re.compile(r"(password|passwd|passphrase|pwd|secret|密码|口令)[^\n]*", re.IGNORECASE)


def redact(text: str) -> str:
    """``text`` with ID numbers, phone numbers, password hashes and what follows the word
    "password" (密码) or "secret" replaced by markers."""
    if not text:
        return text
    text = _HASH.sub(SECRET_MARK, text)
    text = _SECRET_TAIL.sub(lambda m: f"{m.group(1)} {SECRET_MARK}", text)
    text = _ID_NUMBER.sub(ID_MARK, text)
    text = _MOBILE.sub(PHONE_MARK, text)
    return _LANDLINE.sub(PHONE_MARK, text)


class RedactingFilter(logging.Filter):
    """Redacts every record on its way to a handler (message, arguments and traceback)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: keep what there is, without the arguments
            message = f"{record.msg!r} (unformattable arguments)"
        record.msg = redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def file_handler(path: Path, *, max_bytes: int = MAX_BYTES, backups: int = BACKUPS) -> RotatingFileHandler:
    """The rotating, redacting handler the app logs to."""
    handler = RotatingFileHandler(path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8", delay=True)
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(RedactingFilter())
    return handler


def setup_logging(layout: DataLayout, *, max_bytes: int = MAX_BYTES, backups: int = BACKUPS) -> Path | None:
    """Log the app's messages (INFO and above) to ``logs/cadre_desk.log`` in the data dir,
    keeping ``backups`` older files of ``max_bytes`` each; None when the folder is unusable."""
    try:
        layout.logs.mkdir(parents=True, exist_ok=True)
        path = layout.logs / LOG_FILE
        with path.open("a", encoding="utf-8"):
            pass  # fail now, not at the first message, when the folder is read-only
        handler = file_handler(path, max_bytes=max_bytes, backups=backups)
    except OSError:
        return None
    root = logging.getLogger(LOGGER)
    for old in root.handlers:
        old.close()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
    return path


def log_files(layout: DataLayout) -> list[Path]:
    """The log file and its rotated copies, newest first."""
    if not layout.logs.is_dir():
        return []
    files = [p for p in layout.logs.iterdir() if p.is_file() and p.name.startswith(LOG_FILE)]
    return sorted(files, key=lambda p: (p.name != LOG_FILE, p.name))


def _log_uncaught(kind: type[BaseException], value: BaseException, tb: TracebackType | None, where: str) -> None:
    log.critical("uncaught exception in %s", where, exc_info=(kind, value, tb))


def install_excepthook() -> None:
    """Log uncaught exceptions of the main thread and of worker threads to the file (then let
    Python report them as usual).  Ctrl+C is left alone."""
    if getattr(sys.excepthook, "_cadre_desk", False):
        return  # already installed (the command line's main() may run more than once in a process)
    previous = sys.excepthook
    previous_thread = threading.excepthook

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if not issubclass(kind, KeyboardInterrupt):
            _log_uncaught(kind, value, tb, "the main thread")
        previous(kind, value, tb)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None and not issubclass(args.exc_type, SystemExit):
            name = args.thread.name if args.thread else "a thread"
            _log_uncaught(args.exc_type, args.exc_value, args.exc_traceback, name)
        previous_thread(args)

    hook._cadre_desk = True  # type: ignore[attr-defined]
    sys.excepthook = hook
    threading.excepthook = thread_hook
