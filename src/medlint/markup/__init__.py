"""Stage 2, parse markup: the text spaCy sees, with an exact map back to the source file."""

from __future__ import annotations

from pathlib import PurePath
from typing import TYPE_CHECKING

from medlint.markup.prose import Link, Prose

if TYPE_CHECKING:
    from medlint.markup.markdown import References

FORMATS: tuple[str, ...] = ("markdown", "html", "text")

_EXTENSIONS: dict[str, str] = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdx": "markdown",
    ".mdown": "markdown",
    ".mkd": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".txt": "text",
    ".text": "text",
}


def format_for(path: str | None, default: str = "text") -> str:
    """Pick the markup format from a file name; unknown extensions are read as plain text."""
    if not path:
        return default
    return _EXTENSIONS.get(PurePath(path).suffix.lower(), default)


def extract(text: str, fmt: str, references: References | None = None) -> Prose:
    """Extract the prose of ``text`` written in ``fmt`` ("markdown", "html" or "text").

    ``references``: Markdown link reference definitions made elsewhere in a long document.
    """
    if fmt == "markdown":
        from medlint.markup.markdown import extract_markdown

        return extract_markdown(text, references)
    if fmt == "html":
        from medlint.markup.html import extract_html

        return extract_html(text)
    if fmt == "text":
        from medlint.markup.plain import extract_plain

        return extract_plain(text)
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")


__all__ = ["FORMATS", "Link", "Prose", "extract", "format_for"]
