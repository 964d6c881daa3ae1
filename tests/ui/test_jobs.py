"""The job runner: progress, cancel, errors, and one database worker at a time."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QMessageBox

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


def test_inline_runner_for_tests_runs_synchronously(qtbot) -> None:
    job = JobRunner(inline=True).submit("计数", counting_job, 3)
    assert job.done.is_set() and job.result == 3


@pytest.mark.parametrize("uses_db", [True, False])
def test_runner_waits_for_all_jobs(qtbot, uses_db: bool) -> None:
    runner = JobRunner()
    job = runner.submit("计数", counting_job, 5, uses_db=uses_db)
    qtbot.waitUntil(job.done.is_set, timeout=10_000)
    assert runner.wait_for_done(10_000) and job.result == 5
