"""Control characters from articles made visible before they reach a terminal or a CI log.

An article (or a file name) can hold terminal escape sequences: ESC ``[2J`` clears a reviewer's
screen, ESC ``]0;…`` BEL retitles the window, and GitHub renders ANSI colour codes in job logs.
Text output and GitHub annotations show each C0 and C1 control character (but tab and line
breaks) as one visible character from Unicode's Control Pictures block (ESC as "␛"), so a
caret under ``--show-source`` stays aligned with what it points at.
"""

from __future__ import annotations

import re

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _picture(found: re.Match[str]) -> str:
    code = ord(found.group())
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"  # C1 controls have no picture of their own


def visible(text: str) -> str:
    """``text`` with every control character but tab, CR and LF replaced by a visible one."""
    return _CONTROL.sub(_picture, text) if _CONTROL.search(text) else text
