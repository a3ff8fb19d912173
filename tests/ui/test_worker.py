"""The worker helper: results and errors come back on the GUI thread."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from desk.errors import NotFound
from ui.worker import Task, run_task


def test_result_is_delivered_on_the_gui_thread(qtbot: QtBot) -> None:
    gui = threading.get_ident()
    seen: dict[str, object] = {}

    def work(x: int) -> tuple[int, int]:
        return x * 2, threading.get_ident()

    def done(value: tuple[int, int]) -> None:
        seen["value"], seen["worker"] = value
        seen["callback"] = threading.get_ident()

    task = run_task(work, 21, on_result=done)
    qtbot.waitUntil(lambda: task.done)
    assert seen["value"] == 42
    assert seen["worker"] != gui
    assert seen["callback"] == gui


def test_exception_is_delivered_to_on_error(qtbot: QtBot) -> None:
    errors: list[BaseException] = []

    def work() -> None:
        raise NotFound("dossier", "X")

    task = run_task(
        work, on_result=lambda _v: errors.append(AssertionError()), on_error=errors.append
    )
    with qtbot.waitSignal(task.failed):
        pass
    assert len(errors) == 1
    assert isinstance(errors[0], NotFound)


def test_cancelled_task_drops_its_result(qtbot: QtBot) -> None:
    release = threading.Event()
    results: list[object] = []

    def work(task: Task) -> str:
        release.wait(5)
        return "late" if not task.cancelled else "stopped early"

    task = run_task(work, on_result=results.append, with_task=True)
    task.cancel()
    release.set()
    qtbot.waitUntil(lambda: task.done)
    assert results == []


def test_result_for_a_deleted_owner_is_dropped(qtbot: QtBot) -> None:
    owner = QObject()
    results: list[object] = []
    release = threading.Event()
    task = run_task(lambda: release.wait(5), on_result=results.append, owner=owner)
    import shiboken6

    shiboken6.delete(owner)
    release.set()
    qtbot.waitUntil(lambda: task.done)
    assert results == []
