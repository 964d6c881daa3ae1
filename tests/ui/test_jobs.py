"""The job runner: progress, cancel, errors, and one database worker at a time."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication, QMessageBox

from cadre_desk.core.errors import DomainError
from cadre_desk.core.jobs import CancelToken, Progress
from cadre_desk.ui.jobs import JobRunner, run_with_progress


def counting_job(n: int, *, progress: Progress, cancel: CancelToken) -> int:
    for i in range(n):
        cancel.check()
        progress((i + 1) / n, f"第 {i + 1} 步")
    return n


def test_job_reports_progress_and_result_on_the_gui_thread(qtbot) -> None:
    runner = JobRunner()
    seen: list[tuple[float, str]] = []
    threads: list[QThread] = []
    job = runner.submit("计数", counting_job, 50)
    job.progressed.connect(lambda f, m: (seen.append((f, m)), threads.append(QThread.currentThread())))
    with qtbot.waitSignal(job.succeeded, timeout=10_000) as blocker:
        pass
    assert blocker.args == [50]
    qtbot.waitUntil(lambda: runner.active == 0)
    assert seen and seen[-1] == (1.0, "第 50 步")  # the last step always arrives
    assert len(seen) < 50  # throttled to at most ~10 updates a second
    assert all(t is QThread.currentThread() for t in threads)


def test_cancel_stops_the_job_and_reports_cancelled(qtbot) -> None:
    runner = JobRunner()
    started, release = threading.Event(), threading.Event()

    def waiting_job(*, progress: Progress, cancel: CancelToken) -> str:
        started.set()
        release.wait(10)
        cancel.check()
        return "not reached"

    job = runner.submit("等待", waiting_job)
    qtbot.waitUntil(started.is_set)
    with qtbot.waitSignal(job.cancelled, timeout=10_000):  # connected before the job can end
        job.cancel()
        release.set()
    assert job.result is None


def test_user_error_goes_to_the_error_dialog(qtbot, monkeypatch) -> None:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text: shown.append((title, text)))

    def bad_input(*, progress: Progress, cancel: CancelToken) -> None:
        raise DomainError("第 3 行的身份证号校验位不正确。")

    job = run_with_progress(JobRunner(), None, "导入名册", bad_input)
    with qtbot.waitSignal(job.finished, timeout=10_000):
        pass
    qtbot.waitUntil(lambda: bool(shown))
    assert shown == [("导入名册", "第 3 行的身份证号校验位不正确。")]


def test_a_bug_shows_the_internal_error_dialog_without_details(qtbot, monkeypatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text: shown.append(text))

    def buggy(*, progress: Progress, cancel: CancelToken) -> None:
        raise KeyError("oops")

    job = run_with_progress(JobRunner(), None, "生成报表", buggy)
    with qtbot.waitSignal(job.finished, timeout=10_000):
        pass
    qtbot.waitUntil(lambda: bool(shown))
    assert "意外问题" in shown[0] and "oops" not in shown[0]


def test_database_jobs_run_one_at_a_time_in_order(qtbot) -> None:
    runner = JobRunner()
    lock = threading.Lock()
    running, overlap, order = [0], [False], []
    gate = threading.Event()

    def db_job(name: str, *, progress: Progress, cancel: CancelToken) -> None:
        with lock:
            running[0] += 1
            overlap[0] |= running[0] > 1
        if name == "a":
            gate.wait(10)
        order.append(name)
        with lock:
            running[0] -= 1

    jobs = [runner.submit(n, db_job, n) for n in "abc"]
    qtbot.waitUntil(lambda: running[0] == 1)  # "a" is running and holding the worker
    assert order == []  # "b" and "c" wait for the single database worker
    gate.set()
    qtbot.waitUntil(lambda: all(j.done.is_set() for j in jobs), timeout=10_000)
    assert order == ["a", "b", "c"] and overlap == [False]


def test_inline_runner_runs_on_the_gui_thread_after_callers_connect(qtbot) -> None:
    import threading

    threads: list[threading.Thread] = []
    job = JobRunner(inline=True).submit("计数", lambda n, **kw: threads.append(threading.current_thread()) or n, 3)
    assert not job.done.is_set()  # nothing runs before the caller has connected its slots
    with qtbot.waitSignal(job.succeeded, timeout=5_000) as got:
        pass
    assert got.args == [3] and threads == [threading.main_thread()]


@pytest.mark.parametrize("uses_db", [True, False])
def test_runner_waits_for_all_jobs(qtbot, uses_db: bool) -> None:
    runner = JobRunner()
    job = runner.submit("计数", counting_job, 5, uses_db=uses_db)
    qtbot.waitUntil(job.done.is_set, timeout=10_000)
    assert runner.wait_for_done(10_000) and job.result == 5


def test_progress_dialog_shows_progress_and_its_cancel_button_stops_the_job(qtbot) -> None:
    """The dialog a user sees for long work: live progress text, and 取消 that really stops it."""
    from PySide6.QtWidgets import QProgressDialog, QPushButton

    runner = JobRunner()
    halfway, release = threading.Event(), threading.Event()
    steps: list[int] = []

    def long_job(*, progress: Progress, cancel: CancelToken) -> None:
        for i in range(100):
            cancel.check()
            steps.append(i)
            progress(i / 100, f"正在处理第 {i + 1} 张照片")
            if i == 50:
                halfway.set()
                release.wait(10)

    job = run_with_progress(runner, None, "导入照片", long_job)
    qtbot.waitUntil(halfway.is_set, timeout=10_000)
    dialog = job.dialog
    assert isinstance(dialog, QProgressDialog)
    qtbot.waitUntil(lambda: "正在处理第" in dialog.labelText(), timeout=5_000)
    assert dialog.windowTitle() == "导入照片"
    assert 0 <= dialog.value() <= 510  # progress so far (throttled to ten updates a second)
    cancel = next(b for b in dialog.findChildren(QPushButton))
    assert cancel.text() == "取消"
    with qtbot.waitSignal(job.cancelled, timeout=10_000):
        cancel.click()
        release.set()
    assert len(steps) == 51  # stopped at the next step after 取消
    qtbot.waitUntil(lambda: runner.active == 0, timeout=5_000)
    assert not any(isinstance(w, QProgressDialog) and w.isVisible() for w in QApplication.topLevelWidgets())


def test_emitting_signals_keeps_python_objects_alive() -> None:
    """PySide6 6.12.0 dropped a reference to True on every emit and crashed the app at exit;
    the pinned Qt must not."""
    import sys

    from PySide6.QtCore import QObject, Signal

    class Source(QObject):
        fired = Signal(int)

    source = Source()
    source.fired.connect(lambda _n: None)
    before = sys.getrefcount(True)
    for n in range(500):
        source.fired.emit(n)
    assert sys.getrefcount(True) >= before - 5
