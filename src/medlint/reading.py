"""Bytes to text. Never refuses a text file: bad bytes become U+FFFD and a warning names them."""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from .errors import SourceError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass(frozen=True)
class SourceText:
    """Decoded text plus what the reader had to forgive, so the CLI can say so on stderr."""

    text: str
    warnings: tuple[str, ...] = ()


def decode(data: bytes, name: str) -> SourceText:
    """Decode a file's bytes; a BOM picks the encoding, otherwise UTF-8 with replacement.

    A NUL byte outside a UTF-16/32 file means the file is binary (an image, a PDF, a zip
    saved with a .txt name): linting it would only produce noise, so it is refused.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            if encoding != "utf-8":
                return SourceText(body.decode(encoding, errors="replace"))
            data = body
            break
    if b"\x00" in data:
        raise SourceError(f"{name}: binary file (contains NUL bytes), skipped")
    text, bad_offsets = _decode_utf8_recording(data)
    if not bad_offsets:
        return SourceText(text)
    more = f" and {len(bad_offsets) - 1} more place(s)" if len(bad_offsets) > 1 else ""
    warning = (
        f"{name}: invalid UTF-8 at byte {bad_offsets[0]}{more}; decoded with replacement characters (U+FFFD)"
    )
    return SourceText(text, (warning,))


def _decode_utf8_recording(data: bytes) -> tuple[str, list[int]]:
    """Decode like ``errors="replace"`` but remember where each bad run starts.

    Works on a memoryview so a huge file with many bad bytes stays linear in time.
    """
    view = memoryview(data)
    parts: list[str] = []
    bad: list[int] = []
    position = 0
    while position < len(data):
        try:
            parts.append(codecs.utf_8_decode(view[position:], "strict", True)[0])
            break
        except UnicodeDecodeError as err:
            parts.append(codecs.utf_8_decode(view[position : position + err.start], "strict", True)[0])
            parts.append("\ufffd")
            bad.append(position + err.start)
            position += err.end
    return "".join(parts), bad


def read_path(path: Path, display: str | None = None) -> SourceText:
    """Read and decode one file; any OS error becomes a SourceError naming the path."""
    name = display or str(path)
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise SourceError(f"{name}: is a directory") from None
    except FileNotFoundError:
        raise SourceError(f"{name}: no such file") from None
    except OSError as err:
        raise SourceError(f"{name}: cannot read ({err.strerror})") from None
    return decode(data, name)
