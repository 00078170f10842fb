"""Fixes that edit text: what a rule may replace (parsed from its YAML), and applying the edits.

A rule's ``fix`` is a sentence for a human. A rule that can also give an exact edit says so
with ``replacement:`` and classes it with ``fix_safety:``, as ruff does:

* ``safe``: mechanical, the meaning the writer intended survives (dropping an affiliate
  parameter from a link keeps its destination); ``--fix`` applies it;
* ``suggested``: the edit changes what the article says (a safety claim reworded, a coupon line
  removed), so a human must look; only ``--unsafe-fixes`` applies it.

``replacement`` is one of:

* a string: the text that replaces the match (the rule's placeholders may be used);
* ``{text: "...", when_match: [...]}``: the same, only when the match is one of those phrases
  (compared case- and space-insensitively), so a rule with many phrasings edits only the ones
  the wording fits grammatically;
* ``{drop_query: [names]}``: remove those query parameters from the matched URL;
* ``{delete: line}``: remove the source line(s) holding the match.

Edits are applied from the end of the file so earlier offsets stay valid; two edits that
overlap cannot both be right, so the later one is skipped and reported. Files are written
atomically (a temporary file in the same folder, the mode copied, then ``os.replace``).
"""

from __future__ import annotations

import difflib
import os
import re
import stat
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from string import Formatter
from typing import Any

from medlint.errors import RuleFileError
from medlint.finding import FIX_SAFETIES, Edit, Finding
from medlint.rulebook.schema import template_fields
from medlint.rulebook.yamlio import Located, LocatedList

_LINE_END = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class FixSpec:
    """A rule's exact edit, as parsed from ``replacement:``."""

    kind: str  # "text", "drop_query" or "delete_line"
    text: str = ""
    when_match: tuple[str, ...] = ()
    params: tuple[str, ...] = ()


def parse_fix_spec(spec: Located, placeholders: frozenset[str] | None) -> tuple[FixSpec | None, str]:
    """Read ``replacement`` and ``fix_safety`` of one rule; a mistake names the file and line."""
    safety = spec.get("fix_safety")
    if "replacement" not in spec:
        if safety is not None:
            raise _fail(spec, "fix_safety", "'fix_safety' needs a 'replacement' to classify")
        return None, ""
    if safety not in FIX_SAFETIES:
        where = "fix_safety" if "fix_safety" in spec else "replacement"
        raise _fail(spec, where, f"'fix_safety' must be one of: {', '.join(FIX_SAFETIES)} (got {safety!r})")
    value = spec["replacement"]
    if isinstance(value, str):
        _check_template(spec, value, placeholders)
        return FixSpec("text", text=value), str(safety)
    if not isinstance(value, Located):
        raise _fail(spec, "replacement", "'replacement' must be a string or a mapping")
    keys = set(value)
    if keys <= {"text", "when_match"} and "text" in keys:
        text = value["text"]
        if not isinstance(text, str):
            raise _fail(value, "text", "'text' must be a string")
        _check_template(value, text, placeholders)
        return FixSpec("text", text=text, when_match=_strings(value, "when_match")), str(safety)
    if keys == {"drop_query"}:
        return FixSpec("drop_query", params=_strings(value, "drop_query", required=True)), str(safety)
    if keys == {"delete"}:
        if value["delete"] != "line":
            raise _fail(value, "delete", "'delete' must be 'line'")
        return FixSpec("delete_line"), str(safety)
    raise _fail(
        spec,
        "replacement",
        "'replacement' mapping must be {text, when_match}, {drop_query: [names]} or {delete: line}",
    )


def _fail(spec: Located, key: str, message: str) -> RuleFileError:
    return RuleFileError(spec.path, spec.line_of(key), message)


def _strings(spec: Located, key: str, *, required: bool = False) -> tuple[str, ...]:
    value = spec.get(key, [])
    if isinstance(value, str):
        value = [value]
    ok = isinstance(value, (list, LocatedList)) and all(isinstance(v, str) and v.strip() for v in value)
    if not ok or (required and not value):
        raise _fail(spec, key, f"'{key}' must be a non-empty list of strings")
    return tuple(v.strip() for v in value)


def _check_template(spec: Located, text: str, placeholders: frozenset[str] | None) -> None:
    try:
        names = set(template_fields(text))  # plain names only: no {x:>99999999} (issue 10)
    except ValueError as err:
        raise _fail(
            spec, "replacement" if "replacement" in spec else "text", f"bad placeholder: {err}"
        ) from None
    if placeholders is not None and names - placeholders:
        unknown = sorted(names - placeholders)[0]
        key = "replacement" if "replacement" in spec else "text"
        raise _fail(spec, key, f"unknown placeholder {{{unknown}}} in replacement")


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def plan_edit(fix: FixSpec, text: str, start: int, end: int, values: dict[str, Any]) -> Edit | None:
    """The exact edit ``fix`` makes to the match at ``start``..``end`` of ``text``, or None.

    None means the rule's wording does not fit this match (a phrase outside ``when_match``, a
    link with none of the parameters): the finding then keeps only its ``fix`` sentence.
    """
    match = text[start:end]
    if fix.kind == "text":
        if fix.when_match and _normal(match) not in {_normal(m) for m in fix.when_match}:
            return None
        replacement = Formatter().vformat(fix.text, (), _Values(values, match))
        return None if replacement == match else Edit(start, end, replacement)
    if fix.kind == "drop_query":
        cleaned = drop_query(match, fix.params)
        return None if cleaned == match else Edit(start, end, cleaned)
    return Edit(*_paragraph_line(text, start, end), "")


def _paragraph_line(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the line(s) holding ``start``..``end``, with their line break.

    When the line is a paragraph of its own (a blank line or the start of the file before it,
    a blank line after it) that blank line goes too, so no double gap is left behind.
    """
    first = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1
    after = _LINE_END.search(text, end)
    last = after.end() if after else len(text)
    before = text[:first]
    alone = not before.strip() or re.search(r"(?:\r\n|\r|\n)[ \t]*(?:\r\n|\r|\n)\Z", before)
    blank = re.compile(r"[ \t]*(?:\r\n|\r|\n)").match(text, last)
    if alone and blank:
        last = blank.end()
    return first, last


class _Values(dict[str, Any]):
    def __init__(self, values: dict[str, Any], match: str) -> None:
        super().__init__(values)
        self.setdefault("match", match)

    def __missing__(self, key: str) -> str:
        return "this medicine" if key == "drug" else key


def drop_query(url: str, params: Iterable[str]) -> str:
    """``url`` without the named query parameters (names compared case-insensitively).

    Done on the text, not by parsing and re-encoding: every other parameter keeps its exact
    bytes (``%20`` stays ``%20``), its order and its separator (``&``, or ``&amp;`` in HTML
    source); a query left empty loses its ``?``. Anything else comes back unchanged.
    """
    question = url.find("?")
    if question == -1:
        return url
    hash_at = url.find("#", question)
    query_end = len(url) if hash_at == -1 else hash_at
    query = url[question + 1 : query_end]
    separator = "&amp;" if "&amp;" in query else "&"
    names = {p.lower() for p in params}
    pieces = query.split(separator)
    kept = [piece for piece in pieces if piece.split("=", 1)[0].lower() not in names]
    if len(kept) == len(pieces):
        return url
    rebuilt = separator.join(kept)
    return url[:question] + (f"?{rebuilt}" if rebuilt else "") + url[query_end:]


@dataclass(frozen=True)
class FixResult:
    """What fixing one file's text did: the new text, edits applied, and findings skipped."""

    text: str
    applied: tuple[Finding, ...]
    overlapping: tuple[Finding, ...]


def fixable(finding: Finding, unsafe: bool) -> bool:
    """Whether ``--fix`` (or ``--fix --unsafe-fixes``) would apply this finding's edit."""
    return finding.edit is not None and (finding.fix_safety == "safe" or unsafe)


def apply_fixes(text: str, findings: Iterable[Finding], *, unsafe: bool = False) -> FixResult:
    """Apply every applicable edit; an edit overlapping one already taken is skipped.

    Edits are taken in source order (so the first of two overlapping edits wins, whatever
    their rules) and applied from the end. Identical edits from two findings count once.
    """
    chosen = sorted(
        ((f.edit, f) for f in findings if f.edit is not None and fixable(f, unsafe)),
        key=lambda pair: (pair[0].start, pair[0].end),
    )
    taken: list[tuple[Edit, Finding]] = []
    overlapping: list[Finding] = []
    for edit, finding in chosen:
        if taken and edit == taken[-1][0]:
            continue
        if taken and edit.start < taken[-1][0].end:
            overlapping.append(finding)
            continue
        taken.append((edit, finding))
    for edit, _ in reversed(taken):
        text = text[: edit.start] + edit.text + text[edit.end :]
    return FixResult(text, tuple(f for _, f in taken), tuple(overlapping))


def unified_diff(name: str, before: str, after: str) -> str:
    """A unified diff of one file, ``a/NAME`` to ``b/NAME``, as ``git diff`` prints it."""
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), f"a/{name}", f"b/{name}"
    )
    return "".join(
        line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines
    )


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` by ``data`` in one step: a reader sees the old file or the new, never half.

    The temporary file is made in the same folder (``os.replace`` is atomic only within one
    file system) and given the original's permission bits before the rename.
    """
    mode = stat.S_IMODE(path.stat().st_mode)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".medlint", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


_UTF8_BOM = b"\xef\xbb\xbf"


def exact_text(data: bytes) -> tuple[str, bytes] | None:
    """The text of a file that can be written back byte for byte (strict UTF-8), and its BOM.

    A file medlint decoded with replacements (invalid UTF-8, UTF-16) is never rewritten: the
    write would change bytes nobody asked to change.
    """
    bom = _UTF8_BOM if data.startswith(_UTF8_BOM) else b""
    try:
        return data[len(bom) :].decode("utf-8"), bom
    except UnicodeDecodeError:
        return None


@dataclass
class FixRun:
    """The outcome of ``--fix``/``--diff`` over all files: what changed, what is left."""

    findings: list[Finding]
    fixed: int = 0
    files: int = 0
    diffs: list[str] | None = None
    notes: list[str] | None = None


def fix_paths(
    findings: list[Finding],
    relint: Callable[[str, str], list[Finding]],
    *,
    unsafe: bool = False,
    write: bool = True,
    passes: int = 10,
    stdin: str | None = None,
) -> FixRun:
    """Fix every file that has an applicable edit, re-linting after each pass (as ruff does).

    A fix can reveal or cause another finding, so the fixed text is linted again and fixed
    again, up to ``passes`` times; the findings returned are those of the final text, so the
    report shows what is left. With ``write`` False nothing is written and ``diffs`` holds one
    unified diff per file that would change (``--diff``). Standard input is never rewritten,
    whether it is reported as ``-`` or under ``stdin`` (its ``--stdin-filename``), even when a
    file of that name exists.
    """
    by_path: dict[str, list[Finding]] = {}
    for finding in findings:
        by_path.setdefault(finding.path, []).append(finding)
    run = FixRun([], diffs=[], notes=[])
    assert run.diffs is not None and run.notes is not None
    for name, found in by_path.items():
        path = Path(name)
        wanted = [f for f in found if f.suppressed is None and fixable(f, unsafe)]
        if not wanted or name in ("-", stdin) or not path.is_file():
            run.findings.extend(found)
            continue
        data = path.read_bytes()
        exact = exact_text(data)
        if exact is None:
            run.notes.append(f"{name}: not fixed: the file is not plain UTF-8")
            run.findings.extend(found)
            continue
        original, bom = exact
        text, current, fixed = original, found, 0
        for _ in range(passes):
            result = apply_fixes(text, [f for f in current if f.suppressed is None], unsafe=unsafe)
            if not result.applied:
                break
            for skipped in result.overlapping:
                run.notes.append(
                    f"{name}:{skipped.line}:{skipped.column}: {skipped.rule} fix skipped: "
                    "it overlaps another fix (the file is re-linted and fixed again)"
                )
            fixed += len(result.applied)
            text = result.text
            current = relint(text, name)
        if text == original:
            run.findings.extend(found)
            continue
        run.files += 1
        run.fixed += fixed
        if write:
            write_atomic(path, bom + text.encode("utf-8"))
            run.findings.extend(current)
        else:
            run.diffs.append(unified_diff(name, original, text))
            run.findings.extend(found)
    return run
