"""Markdown (CommonMark + GFM tables): prose from inline tokens, positions by in-order alignment.

markdown-it-py gives each block's line range but no columns, and its text tokens have escapes
and entities already decoded. So each block's source is walked once, left to right, and every
prose character is aligned to the source character it came from. Unlike searching the whole
file for a string again, a repeated phrase can never be reported at its first occurrence.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from typing import Any

from medlint.markup import positions
from medlint.markup.alignment import BlockCursor
from medlint.markup.html import feed_html
from medlint.markup.prose import Prose, ProseBuilder

_BLOCK_OPENERS = frozenset(
    {"paragraph_open", "heading_open", "list_item_open", "blockquote_open", "th_open", "td_open", "tr_open"}
)
_SKIPPED_BLOCKS = frozenset({"fence", "code_block", "front_matter", "hr"})
_HREF = re.compile(r"""\bhref\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)


#: markdown-it options: raw HTML kept (its text is linted), and each extension markdown-it's
#: rules ask about turned off by name. Left unset, each is a failed key lookup (an exception)
#: per paragraph or list item: about 1 % of linting a Markdown file.
_OPTIONS = {
    "html": True,
    "strikethrough_single_tilde": False,
    "tasklists": False,
    "inline_definitions": False,
    "alerts": False,
    "store_labels": False,
}


@lru_cache(maxsize=1)
def _parser() -> Any:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    return MarkdownIt("commonmark", _OPTIONS).enable(["table", "strikethrough"]).use(front_matter_plugin)


#: Link reference definitions (``[1]: https://…``) by normalised label, as markdown-it keeps
#: them: ``href``, ``title`` and the definition's line range in its piece (``map``).
References = dict[str, dict[str, Any]]


def reference_definitions(text: str) -> References:
    """The link reference definitions of a Markdown text, from markdown-it's block pass alone.

    A long file is linted in pieces, and a reference link in one piece (``[order here][1]``) may
    be defined in another; so the definitions of every piece are collected first.
    """
    from markdown_it.rules_core import block, normalize
    from markdown_it.rules_core.state_core import StateCore

    env: dict[str, Any] = {}
    state = StateCore(text, _parser(), env)
    normalize(state)
    block(state)
    return dict(env.get("references", {}))


def extract_markdown(text: str, references: References | None = None) -> Prose:
    """Extract the prose of a Markdown document; link targets are kept for the link rules.

    ``references``: every definition of the document, its own included (see
    ``reference_definitions``); as in CommonMark, the first definition of a label wins, in
    document order. markdown-it then finds each of this text's labels defined already and
    leaves the mapping as it was, so the pieces of a long file share one.
    """
    builder = ProseBuilder()
    line_starts = [*positions.line_starts(text), len(text)]
    # markdown-it normalises line endings itself; it sees the same lines we index.
    tokens = _parser().parse(text, {"references": references} if references else {})
    cursor = BlockCursor(text)
    max_nesting = int(_parser().options["maxNesting"])
    for token in tokens:
        if token.type == "heading_open":
            builder.break_block()
            builder.start_heading()
        elif token.type == "heading_close":
            builder.end_heading()
        elif token.type in _BLOCK_OPENERS or token.type in _SKIPPED_BLOCKS:
            builder.break_block()
            if token.type == "list_item_open" and token.map:
                # "1. Buy…": the item's number is alphanumeric, so skip it before aligning text.
                cursor.enter(line_starts[token.map[0]], line_starts[token.map[0] + 1])
                cursor.skip_past(token.info + token.markup)
            if token.nesting == 1 and token.level == max_nesting - 1 and token.map:
                _too_deep(text, line_starts, token.map, builder)
        elif token.type == "html_block" and token.map:
            builder.break_block()
            start = line_starts[token.map[0]]
            end = line_starts[min(token.map[1], len(line_starts) - 1)]
            feed_html(text[start:end], start, builder)
            builder.break_block()
        elif token.type == "inline" and token.map:
            start = line_starts[token.map[0]]
            end = line_starts[min(token.map[1], len(line_starts) - 1)]
            cursor.enter(start, end)
            _inline(token.children or [], cursor, builder)
    return builder.build()


def _inline(children: list[Any], cursor: BlockCursor, builder: ProseBuilder) -> None:
    # (prose anchor, href) of each open link. Kept on a stack, never looked up again: tokens
    # compare equal by value, so a second identical link_close would find the first opener.
    open_links: list[tuple[int, str]] = []
    for child in children:
        kind = child.type
        if kind == "text":
            for source_offset, piece in cursor.align(child.content):
                builder.add(piece, source_offset)
        elif kind in ("softbreak", "hardbreak"):
            newline = cursor.skip_to_newline()
            builder.add_mapped(" ", newline)
        elif kind == "code_inline":
            # markdown-it strips padding and turns line breaks into spaces: skip the raw span.
            cursor.skip_code_span(child.markup)
            builder.add_mapped(" ", max(cursor.position - 1, 0))
        elif kind == "link_open":
            open_links.append((builder.position, str(child.attrs.get("href", ""))))
            if child.markup == "autolink":
                cursor.skip_past("<")
            else:
                cursor.skip_past("[")
        elif kind == "link_close":
            anchor, href = open_links.pop() if open_links else (builder.position, "")
            span = cursor.skip_link_destination()
            if span is not None:
                builder.link(cursor.text[span[0] : span[1]], span[0], span[1], anchor)
            elif href:
                builder.link(href, *cursor.last_text_span(), anchor)
        elif kind == "image":
            cursor.skip_image()
        elif kind == "html_inline":
            found = _HREF.search(child.content)
            start = cursor.skip_past(child.content)
            if found and start is not None:
                target_start = start + found.start(1)
                builder.link(html.unescape(found.group(1)), target_start, target_start + len(found.group(1)))


# Container markers at a line start: blockquote ">", bullets, ordered-list numbers.
_CONTAINER_PREFIX = re.compile(r"(?:[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]|$)))*[ \t]*")


def _too_deep(text: str, line_starts: list[int], line_map: list[int], builder: ProseBuilder) -> None:
    """Lint, as plain paragraphs, the lines of a container nested at markdown-it's ``maxNesting``.

    The parser drops everything inside it ("not an ordinary situation"), so a pitch wrapped in
    21 ">" would go unseen. Each line's container markers are skipped; blank lines end blocks.
    """
    builder.break_block()
    for number in range(line_map[0], min(line_map[1], len(line_starts) - 1)):
        start, end = line_starts[number], line_starts[number + 1]
        line = text[start:end]
        prefix = _CONTAINER_PREFIX.match(line)
        skip = prefix.end() if prefix else 0
        if not line[skip:].strip():
            builder.break_block()
            continue
        builder.add(line[skip:], start + skip)
    builder.break_block()
