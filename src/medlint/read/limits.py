"""Guards around linting one text: lone surrogates, a time limit, and unexpected errors.

A CMS feeds medlint whatever its users typed, and one bad article must neither crash the
host nor stop the other files of a run: each failure becomes a ``SourceError`` naming the file.
"""

from __future__ import annotations

import os
import re
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType

from medlint.errors import SourceError

# Lone UTF-16 surrogates are legal in a Python str (JSON "\udc80" decodes to one) but cannot be
# encoded, so spaCy's string store raises UnicodeEncodeError on them.
_SURROGATE = re.compile("[\ud800-\udfff]")


class TimeLimitError(SourceError):
    """Linting one text took longer than the Linter's ``time_limit``."""


class LintingError(SourceError):
    """An unexpected error inside the linter while linting one text; other texts are unaffected."""


def replace_surrogates(text: str) -> tuple[str, int, int]:
    """``text`` with each lone surrogate replaced by U+FFFD (same length, so offsets hold).

    Returns the text, how many were replaced, and the offset of the first (-1 if none).
    """
    first = _SURROGATE.search(text)
    if first is None:
        return text, 0, -1
    cleaned, count = _SURROGATE.subn("\ufffd", text)
    return cleaned, count, first.start()


@contextmanager
def time_limit(seconds: float | None, name: str) -> Iterator[None]:
    """Raise TimeLimitError in the body once ``seconds`` have passed, in any thread.

    Pure-Python work can only be stopped from outside by an exception delivered between two of
    its bytecodes. In the main thread of a POSIX process a SIGALRM timer delivers it; in any
    other thread (a CMS worker, a Dask worker) the shared :class:`_Watchdog` does, through
    CPython's ``PyThreadState_SetAsyncExc``. Either way a long call into C (spaCy's tokenizer)
    finishes first; the linear-time tokenizing keeps those short. Without either (another
    Python, or Windows outside the main thread) the body runs unbounded. A limit that is
    already running in this thread is left alone.
    """
    if seconds is None or seconds <= 0:
        yield
        return
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        if signal.getitimer(signal.ITIMER_REAL)[0] != 0:
            yield  # an outer timer is running
            return
        with _alarm(seconds, name):
            yield
        return
    watchdog = _watchdog()
    if watchdog is None:
        yield  # nothing can interrupt this thread
        return
    watch = _Watch(threading.get_ident(), time.monotonic() + seconds)
    try:
        watchdog.start(watch)
        yield
    except _TimeUp:
        if not watch.fired:
            raise  # an outer limit's: it names its own text and time
        raise TimeLimitError(_message(name, seconds)) from None
    finally:
        try:
            watchdog.stop(watch)
        except _TimeUp:  # delivered after the body, before ``stop`` was done: the body's
            watchdog.stop(watch)  # outcome stands, and a watch fires only once


def _message(name: str, seconds: float) -> str:
    return f"{name}: not linted: took longer than the {seconds:g} s time limit"


@contextmanager
def _alarm(seconds: float, name: str) -> Iterator[None]:
    def expire(signum: int, frame: FrameType | None) -> None:
        raise TimeLimitError(_message(name, seconds))

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class _TimeUp(TimeLimitError):
    """Raised in a watched thread when its time is up; ``time_limit`` adds the text's name.

    A TimeLimitError itself, so that one delivered outside ``time_limit``'s own code (in the
    instant between the body's end and the watch's stop) is still reported as a time limit.
    """

    def __init__(self) -> None:
        super().__init__("not linted: took longer than the time limit")


@dataclass
class _Watch:
    thread: int
    deadline: float
    fired: bool = False


class _Watchdog:
    """One daemon thread that raises ``_TimeUp`` in each watched thread whose deadline passes.

    Starting and stopping a watch is a dictionary update under a lock, so a limit costs
    microseconds per text. The lock makes the two exclusive: no watch is fired after ``stop``
    has returned, and an exception fired but not yet delivered is withdrawn by ``stop``, so it
    cannot surface later in unrelated code.
    """

    def __init__(self, raise_in: Callable[[int, type[BaseException] | None], None]) -> None:
        self._raise_in = raise_in
        self._changed = threading.Condition()
        self._watches: dict[int, _Watch] = {}
        self._thread: threading.Thread | None = None
        self._pid = 0

    def start(self, watch: _Watch) -> None:
        """Begin ``watch``, unless an outer limit already watches its thread."""
        with self._changed:
            if watch.thread in self._watches:
                return
            self._watches[watch.thread] = watch
            if self._thread is None or self._pid != os.getpid():  # none yet, or lost in a fork
                self._pid = os.getpid()
                self._thread = threading.Thread(target=self._run, name="medlint-time-limit", daemon=True)
                self._thread.start()
            self._changed.notify()

    def stop(self, watch: _Watch) -> None:
        """End ``watch`` (if it began); withdraw its exception if fired and not yet delivered."""
        with self._changed:
            if self._watches.get(watch.thread) is watch:
                del self._watches[watch.thread]
            if watch.fired:
                self._raise_in(watch.thread, None)

    def _run(self) -> None:
        with self._changed:
            while True:
                now = time.monotonic()
                for watch in self._watches.values():
                    if not watch.fired and watch.deadline <= now:
                        watch.fired = True
                        self._raise_in(watch.thread, _TimeUp)
                waiting = [w.deadline for w in self._watches.values() if not w.fired]
                self._changed.wait(min(waiting) - now if waiting else None)


_WATCHDOG_LOCK = threading.Lock()
_WATCHDOG: _Watchdog | None = None


def _watchdog() -> _Watchdog | None:
    """The process's watchdog, made on first use; None where CPython's async exceptions are missing."""
    global _WATCHDOG
    with _WATCHDOG_LOCK:
        if _WATCHDOG is None:
            raise_in = _async_raiser()
            if raise_in is None:
                return None
            _WATCHDOG = _Watchdog(raise_in)
        return _WATCHDOG


def _async_raiser() -> Callable[[int, type[BaseException] | None], None] | None:
    """``PyThreadState_SetAsyncExc``: raise an exception in another thread (None withdraws it)."""
    try:
        import ctypes

        set_async_exc = ctypes.pythonapi.PyThreadState_SetAsyncExc
    except (ImportError, AttributeError):  # not CPython
        return None

    def raise_in(thread: int, exception: type[BaseException] | None) -> None:
        # ctypes passes None as NULL, which withdraws a pending exception.
        set_async_exc(ctypes.c_ulong(thread), None if exception is None else ctypes.py_object(exception))

    return raise_in
