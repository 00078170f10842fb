"""HTML: text nodes with exact positions from the standard library parser.

``html.parser`` reports the line and column of every text node and entity, which neither lxml
nor selectolax do; with ``convert_charrefs=False`` entities arrive separately, so a decoded
"&amp;" still maps back to the ampersand that started it.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from medlint.markup.prose import Prose, ProseBuilder

NOT_PROSE = frozenset({"script", "style", "noscript", "template", "pre", "code", "svg", "math", "head"})
BLOCK = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "div", "dl", "dt",
        "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hr", "li", "main", "nav", "ol", "option", "p", "section", "summary", "table", "td", "th", "title",
        "tr", "ul", "body", "button", "label", "select", "textarea",
    }
)  # fmt: skip
HEADINGS = frozenset({"title", "h1", "h2", "h3", "h4", "h5", "h6"})
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
# What may stand in <head>; any other start tag means the head is over, as browsers decide
# (HTML Living Standard, "in head" insertion mode), even when neither </head> nor <body> says so.
HEAD_CONTENT = frozenset({"title", "meta", "link", "style", "script", "base", "noscript", "template"})
# Skipped elements that a block-level tag ends, so an unclosed <code>, <pre> or <svg> cannot
# hide the rest of the page. For <svg>/<math> this is the standard's "breakout" rule for
# foreign content; for <code>/<pre> a block inside them is broken markup: we read it as prose.
CLOSED_BY_BLOCKS = frozenset({"code", "pre", "svg", "math"})
_BREAKERS = BLOCK - {"br"}
# html.parser retries an unfinished construct ("<a " or "<!--" that never ends) at each later
# "<", scanning to the end of the input every time: O(n²) ("<a " × 20,000 took 82 s). An opener
# with no possible closer after it is hidden from the parser by a same-length stand-in, so
# every position holds; its text is still prose, read back from the source in handle_data.
_HOPELESS: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = (
    (re.compile(r"<!--"), re.compile(r"--\s*>")),  # html.parser's own comment end
    (re.compile(r"<!\["), re.compile(r"\]\s*>")),  # any marked-section end implies this
    (re.compile(r"<[A-Za-z/!?]"), re.compile(r">")),  # every tag, declaration and PI needs ">"
)
_STAND_IN = "\ufffc"
_LINK_ATTRIBUTES = {"a": "href", "area": "href", "form": "action"}
_NEWLINE = re.compile(r"\n")


class _Extractor(HTMLParser):
    def __init__(self, source: str, base: int, builder: ProseBuilder) -> None:
        super().__init__(convert_charrefs=False)
        self._source = source
        self._base = base
        self._builder = builder
        # html.parser counts lines by "\n" only; mirror that exactly (CR-only files included).
        self._line_starts = [0] + [m.end() for m in _NEWLINE.finditer(source)]
        self._skip: list[str] = []
        # <title> sits inside <head> but is the article's title: prose, and the best sign of its subject.
        self._in_title = False

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._base + self._line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCK:
            self._builder.break_block()
        if "head" in self._skip and (tag == "body" or tag not in HEAD_CONTENT):
            self._skip.clear()  # an unclosed <head> must not hide the whole article
        if tag in _BREAKERS:
            self._close_broken()
        if tag in NOT_PROSE and tag not in VOID:
            self._skip.append(tag)
        if tag == "title":
            self._in_title = True
        if tag in HEADINGS:
            self._builder.start_heading()
        attribute = _LINK_ATTRIBUTES.get(tag)
        if attribute and not self._skip:
            self._record_link(attribute, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCK:
            self._builder.break_block()
        attribute = _LINK_ATTRIBUTES.get(tag)
        if attribute and not self._skip:
            self._record_link(attribute, attrs)

    def _close_broken(self) -> None:
        """Pop unclosed code/pre/svg/math elements that a block-level tag has just ended."""
        while self._skip and self._skip[-1] in CLOSED_BY_BLOCKS:
            self._skip.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag in _BREAKERS and tag not in self._skip:
            self._close_broken()
        if tag in HEADINGS:
            self._builder.end_heading()
        if tag == "title":
            self._in_title = False
        if tag in self._skip:
            # Close the innermost matching element; broken nesting must not swallow the rest.
            while self._skip and self._skip.pop() != tag:
                pass
        if tag in BLOCK:
            self._builder.break_block()

    def _record_link(self, attribute: str, attrs: list[tuple[str, str | None]]) -> None:
        value = dict(attrs).get(attribute)
        if not value:
            return
        start = self._offset()
        tag_text = self.get_starttag_text() or ""
        found = re.search(rf"""\b{attribute}\s*=\s*["']?""", tag_text, re.IGNORECASE)
        where = start + (found.end() if found else 0)
        self._builder.link(value, where, where + len(value))

    def _is_prose(self) -> bool:
        return not self._skip or (self._in_title and self._skip == ["head"])

    def handle_data(self, data: str) -> None:
        if self._is_prose() and not (data.isspace() and self._builder.at_block_start):
            start = self._offset()
            local = start - self._base
            self._builder.add(self._source[local : local + len(data)], start)  # stand-ins undone

    def handle_entityref(self, name: str) -> None:
        self._add_reference(f"&{name};", f"&{name}")

    def handle_charref(self, name: str) -> None:
        self._add_reference(f"&#{name};", f"&#{name}")

    def _add_reference(self, with_semicolon: str, without: str) -> None:
        if not self._is_prose():
            return
        start = self._offset()
        raw = with_semicolon if self._source.startswith(with_semicolon, start - self._base) else without
        decoded = html.unescape(raw)
        self._builder.add_mapped(decoded, start)


def feed_html(source: str, base: int, builder: ProseBuilder) -> None:
    """Feed one HTML fragment that starts at ``base`` in the file (Markdown's raw HTML blocks too)."""
    parser = _Extractor(source, base, builder)
    parser.feed(_defuse(source))
    parser.close()


def _defuse(source: str) -> str:
    """``source`` with every opener that cannot be closed replaced by a stand-in character."""
    hopeless: list[int] = []
    for opener, closer in _HOPELESS:
        last = -1
        for last_close in closer.finditer(source):
            last = last_close.start()
        hopeless.extend(match.start() for match in opener.finditer(source, last + 1))
    if not hopeless:
        return source
    chars = list(source)
    for index in hopeless:
        chars[index] = _STAND_IN
    return "".join(chars)


def extract_html(text: str) -> Prose:
    """Extract the prose of an HTML document or fragment; broken markup degrades, never fails."""
    builder = ProseBuilder()
    feed_html(text, 0, builder)
    return builder.build()
