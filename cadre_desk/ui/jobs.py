"""The job runner: long work off the GUI thread, with progress, cancel and one error dialog.

A job is a plain core function taking ``progress`` and ``cancel`` keyword arguments (see
:mod:`cadre_desk.core.jobs`).  Jobs that touch the database run on a pool with a single
thread, one at a time, in the order submitted; other work (hashing, images) runs on the
shared pool.  Progress reaches the GUI at most ten times a second.  The runner never
touches widgets from a worker thread: it only emits signals, which Qt delivers on the
GUI thread.
"""

from __future__ import annotations

import gc
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from ..core.errors import DomainError
from ..core.jobs import Cancelled, CancelToken

log = logging.getLogger(__name__)

PROGRESS_INTERVAL_S = 0.1


class Job(QObject):
    """A submitted piece of work.  Signals arrive on the GUI thread."""

    progressed = Signal(float, str)
    succeeded = Signal(object)
    failed = Signal(str, bool)  # message, internal (a bug rather than the user's data)
    cancelled = Signal()
    finished = Signal()

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title = title
        self.token = CancelToken()
        self.result: Any = None
        self.dialog: QProgressDialog | None = None  # set when the job runs behind a progress dialog
        self.done = threading.Event()
        self._last_emit = 0.0

    def cancel(self) -> None:
        """Ask the job to stop; it rolls back what it was writing."""
        self.token.cancel()

    def _report(self, fraction: float, message: str) -> None:
        now = time.monotonic()
        if fraction >= 1.0 or now - self._last_emit >= PROGRESS_INTERVAL_S:
            self._last_emit = now
            self.progressed.emit(max(0.0, min(1.0, fraction)), message)


class _Runnable(QRunnable):
    def __init__(self, job: Job, fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self.job, self.fn, self.args, self.kwargs = job, fn, args, kwargs

    def run(self) -> None:
        job = self.job
        try:
            job.token.check()
            job.result = self.fn(*self.args, progress=job._report, cancel=job.token, **self.kwargs)
        except Cancelled:
            job.cancelled.emit()
        except DomainError as exc:
            job.failed.emit(str(exc), False)
        except Exception:
            log.exception("job %r failed", job.title)
            job.failed.emit(
                QCoreApplication.translate(
                    "Jobs",
                    "Something unexpected went wrong and the work was not finished. "
                    "Everything saved before is unaffected. The details are in the log file.",
                ),
                True,
            )
        else:
            job.succeeded.emit(job.result)
        finally:
            job.done.set()
            job.finished.emit()


class _GuiThreadCollector(QObject):
    """Runs Python's cyclic garbage collector on the GUI thread only.

    Left automatic, the collector runs in whichever thread happens to allocate when a
    threshold is passed: a job on a worker thread could then collect a dropped window or
    dialog, and Qt would destroy widgets outside the GUI thread, which crashes.  Automatic
    collection is switched off and this timer does the same work, by the same thresholds,
    on the GUI thread (reference counting frees everything else at once, as always).
    """

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.collect)
        self.timer.start(500)

    def collect(self) -> None:
        counts = gc.get_count()
        if counts[0] <= self.thresholds[0]:
            return
        generation = 2 if counts[2] > self.thresholds[2] else 1 if counts[1] > self.thresholds[1] else 0
        gc.collect(generation)


_collector: _GuiThreadCollector | None = None


def collect_garbage_on_gui_thread() -> None:
    """Install :class:`_GuiThreadCollector` once for the application (before any job starts)."""
    global _collector
    app = QCoreApplication.instance()
    if _collector is None and app is not None:
        _collector = _GuiThreadCollector(app)


class JobRunner(QObject):
    """Runs jobs on worker threads (or inline, for tests that want no threads)."""

    active_changed = Signal(int)

    def __init__(self, parent: QObject | None = None, *, inline: bool = False) -> None:
        super().__init__(parent)
        self.inline = inline
        collect_garbage_on_gui_thread()
        self.db_pool = QThreadPool(self)
        self.db_pool.setMaxThreadCount(1)  # one database worker: writes never contend
        self.work_pool = QThreadPool(self)
        self.work_pool.setMaxThreadCount(max(2, QThreadPool.globalInstance().maxThreadCount()))
        self._active: set[Job] = set()

    @property
    def active(self) -> int:
        return len(self._active)

    def cancel_all(self) -> None:
        """Ask every running or queued job to stop (e.g. when the window closes)."""
        for job in list(self._active):
            job.cancel()

    def submit(self, title: str, fn: Callable[..., Any], *args: Any, uses_db: bool = True, **kwargs: Any) -> Job:
        """Queue ``fn(*args, progress=…, cancel=…, **kwargs)``; returns the job to watch.

        The job starts on the next turn of the event loop, so the caller can connect to
        its signals first and never miss one.  An inline runner then runs it on the GUI
        thread itself (tests that want no threads); otherwise it runs on a worker.
        """
        job = Job(title)
        self._active.add(job)  # the runner holds the job until it has finished
        job.finished.connect(lambda: self._finish(job))
        self.active_changed.emit(self.active)
        runnable = _Runnable(job, fn, args, kwargs)
        if self.inline:
            QTimer.singleShot(0, self, runnable.run)
        else:
            pool = self.db_pool if uses_db else self.work_pool
            QTimer.singleShot(0, self, lambda: pool.start(runnable))
        return job

    def _finish(self, job: Job) -> None:
        self._active.discard(job)
        self.active_changed.emit(self.active)

    def wait_for_done(self, msecs: int = 30_000) -> bool:
        """Block until every started job has finished (for shutdown)."""
        return self.db_pool.waitForDone(msecs) and self.work_pool.waitForDone(msecs)


def show_error(parent: QWidget | None, title: str, message: str, *, internal: bool = False) -> None:
    """The one error dialog of the app."""
    if internal:
        QMessageBox.critical(parent, title, message)
    else:
        QMessageBox.warning(parent, title, message)


def run_with_progress(
    runner: JobRunner,
    parent: QWidget | None,
    title: str,
    fn: Callable[..., Any],
    *args: Any,
    on_success: Callable[[Any], None] | None = None,
    uses_db: bool = True,
    **kwargs: Any,
) -> Job:
    """Run a job behind a progress dialog with a cancel button; errors go to :func:`show_error`."""
    dialog = QProgressDialog(title, QCoreApplication.translate("Jobs", "Cancel"), 0, 1000, parent)
    dialog.setWindowTitle(title)
    dialog.setMinimumDuration(400)  # quick jobs finish without a flash of dialog
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setValue(0)
    job = runner.submit(title, fn, *args, uses_db=uses_db, **kwargs)
    job.dialog = dialog
    dialog.canceled.connect(job.cancel)

    def progressed(fraction: float, message: str) -> None:
        dialog.setValue(int(fraction * 1000))
        dialog.setLabelText(message)

    job.progressed.connect(progressed)
    job.finished.connect(dialog.close)
    job.finished.connect(dialog.deleteLater)
    job.failed.connect(lambda message, internal: show_error(parent, title, message, internal=internal))
    if on_success is not None:
        job.succeeded.connect(on_success)
    return job
