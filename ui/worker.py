"""The one way the window runs long work: off the GUI thread, results back by signal.

Scanning, OCR, PDF assembly, search, sync and printing must not freeze the window
(DESIGN.md "Concurrency in the UI"). :func:`run_task` runs a callable in a
QThreadPool and hands its result, or the exception it raised, back to the GUI thread
through a queued signal; the callbacks therefore run on the GUI thread and may touch
widgets. The callable itself must never touch a widget.

    task = run_task(search_dossiers, counter, text, on_result=model.set_rows,
                    on_error=self._show_error)
    ...
    task.cancel()   # the callbacks will not be called; long work may poll it

A callable that wants to stop early takes the :class:`Task` as its first argument
(``run_task(fn, ..., with_task=True)``) and checks ``task.cancelled``.

Idea after Picard's ``picard/util/thread.py`` (``run_task`` / ``to_main``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

#: tasks started and not yet delivered: keeps their QObject alive until the result
#: has been handed back (a garbage-collected receiver would drop it silently)
_pending: set[Task] = set()


class Task(QObject):
    """One piece of work submitted to the pool.

    Signals:
        finished(object): the callable returned this value (GUI thread).
        failed(object): the callable raised this exception (GUI thread).
    """

    finished = Signal(object)
    failed = Signal(object)
    # emitted from the pool thread, delivered to this object's (GUI) thread
    _delivered = Signal(bool, object)

    def __init__(
        self,
        on_result: Callable[[Any], None] | None,
        on_error: Callable[[BaseException], None] | None,
        owner: QObject | None = None,
    ) -> None:
        super().__init__()
        self._owner = owner
        self._on_result = on_result
        self._on_error = on_error
        self._cancel = threading.Event()
        self._done = threading.Event()
        # imported here: PySide6 builds the whole Qt namespace on first access (≈80 ms),
        # which the window's first paint does without (ui.login)
        from PySide6.QtCore import Qt

        self._delivered.connect(self._on_delivered, Qt.ConnectionType.QueuedConnection)

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    @property
    def done(self) -> bool:
        """True once the result or error reached the GUI thread (or was dropped)."""
        return self._done.is_set()

    def cancel(self) -> None:
        """Ask the work to stop; its result, if any, is dropped."""
        self._cancel.set()

    @Slot(bool, object)
    def _on_delivered(self, ok: bool, value: object) -> None:
        _pending.discard(self)
        self._done.set()
        owner, self._owner = self._owner, None
        if owner is not None and not shiboken6.isValid(owner):
            self._cancel.set()  # the widget that wanted the result is gone
        if self.cancelled:
            return
        if ok:
            if self._on_result is not None:
                self._on_result(value)
            self.finished.emit(value)
            return
        if self._on_error is not None:
            self._on_error(value)  # type: ignore[arg-type]
        else:  # nobody words it: at least the log keeps it
            log.error("background task failed", exc_info=value)  # type: ignore[arg-type]
        self.failed.emit(value)


class _Runnable(QRunnable):
    def __init__(self, task: Task, fn: Callable[[], Any]) -> None:
        super().__init__()
        self._task = task
        self._fn = fn

    def run(self) -> None:  # pool thread: never touch a widget here
        if self._task.cancelled:
            self._task._delivered.emit(True, None)
            return
        try:
            value = self._fn()
        except Exception as exc:  # handed to the GUI thread, which words it
            self._task._delivered.emit(False, exc)
        else:
            self._task._delivered.emit(True, value)


def pool() -> QThreadPool:
    return QThreadPool.globalInstance()


def run_task(
    fn: Callable[..., Any],
    *args: Any,
    on_result: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    with_task: bool = False,
    owner: QObject | None = None,
    **kwargs: Any,
) -> Task:
    """Run ``fn(*args, **kwargs)`` in the thread pool; call ``on_result(value)`` or
    ``on_error(exc)`` on the GUI thread. Must be called from the GUI thread.

    With ``owner`` (usually the widget whose methods are the callbacks), the task is
    cancelled when the owner is destroyed: no callback reaches a deleted widget."""
    task = Task(on_result, on_error, owner)
    _pending.add(task)
    if with_task:
        args = (task, *args)
    pool().start(_Runnable(task, lambda: fn(*args, **kwargs)))
    return task


def wait_all(timeout_ms: int = 30_000) -> bool:
    """Wait for every running task (at exit and in tests); True if all finished."""
    return pool().waitForDone(timeout_ms)
