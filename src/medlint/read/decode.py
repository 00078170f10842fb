"""Bytes to text. Never refuses a text file: bad bytes become U+FFFD and a warning names them."""

from __future__ import annotations

import codecs
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from medlint.errors import SourceError

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


# Bytes no text file holds (NUL and the C0 controls but tab, line breaks, form feed and ESC).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27))
_TEXT_BYTES = bytes(b for b in range(256) if b not in _CONTROL_BYTES)
# Formats whose first bytes are printable, so the control-byte count alone could miss them.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF"),
    (b"\x89PNG", "PNG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"PK\x03\x04", "zip"),
    (b"\x1f\x8b", "gzip"),
    (b"\x7fELF", "executable"),
)


def decode(data: bytes, name: str) -> SourceText:
    """Decode a file's bytes; a BOM picks the encoding, otherwise UTF-8 with replacement.

    Without a BOM, UTF-16 is recognised by its pattern of NUL bytes (one in every other byte
    for Latin text). A file is refused as binary only when it starts with a known binary
    signature or control bytes are more than 1% of it: one stray NUL in an article (a CMS
    export glitch) becomes U+FFFD with a warning, and the rest is still linted.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            if encoding != "utf-8":
                return SourceText(body.decode(encoding, errors="replace"))
            data = body
            break
    else:
        utf16 = _sniff_utf16(data)
        if utf16:
            note = f"{name}: no byte-order mark; decoded as {utf16.upper()} from its NUL-byte pattern"
            return SourceText(data.decode(utf16, errors="replace"), (note,))
    kind = _binary_kind(data)
    if kind:
        raise SourceError(f"{name}: binary file ({kind}), skipped")
    text, bad_offsets = _decode_utf8_recording(data)
    warnings: list[str] = []
    if bad_offsets:
        more = f" and {len(bad_offsets) - 1} more place(s)" if len(bad_offsets) > 1 else ""
        warnings.append(
            f"{name}: invalid UTF-8 at byte {bad_offsets[0]}{more}; "
            "decoded with replacement characters (U+FFFD)"
        )
    if "\x00" in text:
        count = text.count("\x00")
        where = data.index(b"\x00")
        warnings.append(f"{name}: {count} NUL byte(s), the first at byte {where}; replaced with U+FFFD")
        text = text.replace("\x00", "\ufffd")
    return SourceText(text, tuple(warnings))


def _sniff_utf16(data: bytes) -> str | None:
    """UTF-16 LE or BE when NULs fill one byte of each pair and almost none of the other."""
    sample = data[: min(len(data), 8192) // 2 * 2]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    encoding = None
    if odd >= 0.3 * pairs and even <= 0.02 * pairs:
        encoding = "utf-16-le"
    elif even >= 0.3 * pairs and odd <= 0.02 * pairs:
        encoding = "utf-16-be"
    if encoding is None:
        return None
    # Binary data can show the same pattern by chance; UTF-16 text decodes to printable text.
    decoded = sample.decode(encoding, errors="replace")
    junk = sum(1 for char in decoded if char == "\ufffd" or (char < " " and char not in "\t\n\r\f\v\x1b"))
    return encoding if junk * 100 < len(decoded) else None


def _binary_kind(data: bytes) -> str | None:
    """What makes ``data`` binary, or None for text (stray control bytes are forgiven)."""
    controls = len(data.translate(None, _TEXT_BYTES))
    if controls >= 2 and controls * 100 >= len(data):
        return "contains NUL bytes" if b"\x00" in data else "contains control bytes"
    return next((kind for signature, kind in _SIGNATURES if data.startswith(signature)), None)


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
    """Read and decode one regular file; anything else becomes a SourceError naming the path.

    The file is opened non-blocking and checked with ``fstat`` before a byte is read: a FIFO
    named ``a.md`` would otherwise block forever, and a symlink to ``/dev/zero`` would be read
    until memory runs out. Checking the open descriptor (not the name) leaves no race.
    """
    name = display or str(path)
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except IsADirectoryError:
        raise SourceError(f"{name}: is a directory") from None
    except FileNotFoundError:
        raise SourceError(f"{name}: no such file") from None
    except OSError as err:
        raise SourceError(f"{name}: cannot read ({err.strerror})") from None
    try:
        mode = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(mode):
            raise SourceError(f"{name}: is a directory")
        if not stat.S_ISREG(mode):
            raise SourceError(f"{name}: not a regular file ({_file_kind(mode)}), skipped")
        with os.fdopen(descriptor, "rb", closefd=False) as handle:
            data = handle.read()
    except OSError as err:
        raise SourceError(f"{name}: cannot read ({err.strerror})") from None
    except MemoryError:
        raise SourceError(f"{name}: too large to read into memory") from None
    finally:
        os.close(descriptor)
    return decode(data, name)


def _file_kind(mode: int) -> str:
    """A human name for a non-regular file type, for the skip message."""
    kinds = (
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    )
    return next((label for test, label in kinds if test(mode)), "not a file")
