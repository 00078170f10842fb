"""Guards around linting one text: lone surrogates, a time limit, and unexpected errors.

A CMS feeds medlint whatever its users typed, and one bad article must neither crash the
host nor stop the other files of a run: each failure becomes a ``SourceError`` naming the file.
"""

from __future__ import annotations

import re
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
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
    """Raise TimeLimitError in the body once ``seconds`` have passed (main thread only).

    A SIGALRM timer is the only way to stop pure-Python work from outside, and it exists only
    in the main thread of a POSIX process: elsewhere (a CMS worker thread, Windows) the body
    runs unbounded, which the linear-time tokenizing makes safe in practice. An outer timer
    that is already running is left alone.
    """
    usable = (
        seconds is not None
        and seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL)[0] == 0
    )
    if not usable:
        yield
        return
    assert seconds is not None

    def expire(signum: int, frame: FrameType | None) -> None:
        raise TimeLimitError(f"{name}: not linted: took longer than the {seconds:g} s time limit")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
