"""Bare URLs and domain names in prose ("see cheap-meds.com/buy", "www.example.org"), in linear time.

The former single regular expression (labels, then "com", "net"…, then a word boundary) backtracked over every
label of a dotted run at every start position, so ``"a." * 16000`` took half a minute: the
domain part is found here by splitting each maximal run of ``[a-z0-9.-]`` into labels once and
picking, per stretch of valid labels, the furthest top-level domain, which is what the greedy
regex would have matched. URLs with a scheme or ``www.`` keep a regex whose only backtracking
is over trailing punctuation.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

#: Top-level domains that make a bare "name.tld" a link (spam and shop TLDs included).
TLDS = frozenset(
    {"com", "net", "org", "biz", "info", "ru", "su", "to", "io", "co", "cc", "ws", "me", "shop", "store",
     "online", "pharmacy", "top", "xyz", "in", "ca", "us", "uk", "eu"}
)  # fmt: skip
#: ``https?://|www\.`` without case: a plain first-letter class lets the C engine skip ahead
#: (3× faster over prose than the case-insensitive alternation; no other letter folds to h or w),
#: and a look-behind pairs each first letter with its own rest.
_SCHEME = re.compile(r"[hHwW](?:(?<=[hH])(?i:ttps?://)|(?<=[wW])(?i:ww\.))")
_SCHEME_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'()\[\]]+[^\s<>\"'()\[\].,;:!?]", re.IGNORECASE)
#: A top-level domain follows a dot and starts with a letter. The scanner looks for this first:
#: the C engine finds a literal "." fast, and most dots in prose end a sentence ("died. The")
#: or a number ("2.5"), where no domain can be.
_DOT_LETTER = re.compile(r"\.[a-z]", re.IGNORECASE)
_RUN_CHARS = re.compile(r"[a-z0-9.-]*", re.IGNORECASE)
_ALNUM = re.compile(r"[a-z0-9]", re.IGNORECASE)
_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?", re.IGNORECASE)
_PATH = re.compile(r"/[^\s<>\"'()\[\]]*[^\s<>\"'()\[\].,;:!?]")
_WORD = re.compile(r"\w")


def find_bare_urls(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every bare URL or domain name, left to right, without overlaps."""
    scheme = _next_scheme_url(text, 0)
    domains = _domains(text)
    domain = next(domains, None)
    position = 0
    while scheme is not None or domain is not None:
        if scheme is not None and (domain is None or scheme[0] <= domain[0]):
            found = scheme
        else:
            assert domain is not None
            found = domain
        if found[0] >= position:
            yield found
            position = found[1]
        if scheme is not None and scheme[0] < position:
            scheme = _next_scheme_url(text, position)
        while domain is not None and domain[0] < position:
            domain = next(domains, None)


def _next_scheme_url(text: str, start: int) -> tuple[int, int] | None:
    """The next ``http(s)://`` or ``www.`` URL at or after ``start``."""
    for prefix in _SCHEME.finditer(text, start):
        found = _SCHEME_URL.match(text, prefix.start())
        if found:
            return found.span()
    return None


def _runs(text: str) -> Iterator[tuple[int, int]]:
    r"""Dotted runs: matches of ``(?<!\w)[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]*)+`` that hold ``.[a-z]``.

    A search for that pattern retries at every start inside a long undotted run ("a-" × n), which
    is quadratic, and a scan for where runs start reads every character of the text. Here each
    dot before a letter is found first; the maximal run of ``[a-z0-9.-]`` around it is read once
    (backwards to its start, forwards to its end) and its one possible start found directly.
    """
    position = 0
    while (dot := _DOT_LETTER.search(text, position)) is not None:
        start, end = _run_start(text, dot.start()), _run_length(text, dot.start()) + dot.start()
        position = end
        glued = start > 0 and _WORD.match(text, start - 1) is not None
        entry = start
        while entry < end:
            after_break = entry > start or not glued
            if after_break and _ALNUM.match(text, entry) and (entry == start or text[entry - 1] in ".-"):
                break
            entry += 1
        if entry < end and _DOT_LETTER.search(text, entry, end):
            yield entry, end


def _run_start(text: str, index: int) -> int:
    """Start of the run of ``[a-z0-9.-]`` that ends at ``index``, read backwards.

    The text before ``index`` is reversed in windows that grow fourfold, so a run of any length
    costs a bounded multiple of its length, and a word of a few letters one short slice.
    """
    window = 64
    while True:
        low = max(0, index - window)
        behind = text[low:index][::-1]
        length = _run_length(behind, 0)
        if length < len(behind) or low == 0:
            return index - length
        window *= 4


def _run_length(text: str, index: int) -> int:
    """How many characters of ``[a-z0-9.-]`` start at ``index`` (the pattern always matches)."""
    found = _RUN_CHARS.match(text, index)
    return found.end() - index if found else 0


def _domains(text: str) -> Iterator[tuple[int, int]]:
    """Domain names (with an optional path) in each dotted run, one pass over the run's labels."""
    for run_start, run_end in _runs(text):
        labels = text[run_start:run_end].split(".")
        starts = []
        offset = run_start
        for label in labels:
            starts.append(offset)
            offset += len(label) + 1
        glued = run_end < len(text) and _WORD.match(text, run_end) is not None
        first = 0
        while first < len(labels):
            skip = _entry(labels[first])
            if skip is None:
                first += 1
                continue
            last = first
            while last + 1 < len(labels) and _LABEL.fullmatch(labels[last + 1]):
                last += 1
            found = _furthest_tld(labels, first, last, glued)
            if found is not None:
                tld, length = found
                end = starts[tld] + length
                if end == run_end:
                    path = _PATH.match(text, end)
                    if path:
                        end = path.end()
                yield starts[first] + skip, end
            first = last + 1


def _entry(label: str) -> int | None:
    """Where a domain may start in ``label``: 0 if it is valid, else just after a hyphen, or None.

    A hyphen is a word boundary, so "-pills.com" starts a domain at "pills"; an invalid label
    can only begin a stretch, never continue one.
    """
    if _LABEL.fullmatch(label):
        return 0
    hyphen = label.find("-")
    while hyphen != -1:
        if _LABEL.fullmatch(label, hyphen + 1):
            return hyphen + 1
        hyphen = label.find("-", hyphen + 1)
    return None


def _furthest_tld(labels: list[str], first: int, last: int, glued: bool) -> tuple[int, int] | None:
    """(label index, length) of the last top-level domain after at least one valid label.

    The label just after the stretch may be one that is invalid only after its TLD ("com-"):
    the TLD must end at a word boundary, and a hyphen is one.
    """
    for index in range(min(last + 1, len(labels) - 1), first, -1):
        head = labels[index].split("-", 1)[0]
        if head.lower() not in TLDS:
            continue
        if head != labels[index] or not (glued and index == len(labels) - 1):
            return index, len(head)
    return None
