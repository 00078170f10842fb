"""Rule packs: YAML files under ``rules/`` turned into validated, typed rules.

Loading is pure Python (no spaCy), so ``medlint rules`` and ``medlint explain`` start instantly.
Every mistake stops the load with ``file:line: what is wrong``: a broken rule is never skipped.
All the mistakes of a load are reported together (one ``RulePackErrors``), so an author fixes a
pack in one pass instead of one error per run.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from medlint.errors import RuleFileError
from medlint.finding import SEVERITIES
from medlint.fixes import FixSpec, parse_fix_spec
from medlint.rulebook import schema
from medlint.rulebook.conditions import Conditions, parse_conditions
from medlint.rulebook.doses import DoseLimit, load_doses
from medlint.rulebook.lexicon import Drug, load_lexicon
from medlint.rulebook.sellers import load_sellers
from medlint.rulebook.treatments import Treatment, load_treatments
from medlint.rulebook.yamlio import Located, LocatedList, load_yaml

CATEGORIES: tuple[str, ...] = (
    "pharmacy-promotion",
    "missing-warning",
    "unestablished-claim",
    "overclaim",
    "dosing",
    "care-avoidance",
)
FORMATS: tuple[str, ...] = ("text", "markdown", "html")
_CODE = re.compile(r"^[A-Z]{2,8}[0-9]{3,4}$")
_NAME = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
COMMON_FIELDS = frozenset(
    {
        "code", "name", "category", "severity", "message", "fix", "source", "kind", "description",
        "last_verified", "examples", "context", "unless", "enabled", "superseded_by", "genre_confidence",
        "replacement", "fix_safety",
    }
)  # fmt: skip


_T = TypeVar("_T")


class RulePackErrors(RuleFileError):
    """Several mistakes at once; ``str()`` is one ``file:LINE: what`` line per mistake, in order."""

    def __init__(self, errors: list[RuleFileError]) -> None:
        self.errors = sorted(errors, key=lambda e: (e.path, e.line or 0))
        first = self.errors[0]
        super().__init__(first.path, first.line, first.detail)
        self.args = ("\n".join(str(e) for e in self.errors),)

    def __str__(self) -> str:
        return str(self.args[0])


def _raise_all(errors: list[RuleFileError]) -> None:
    """Raise nothing, the one error as it is, or all of them together."""
    flat = [e for err in errors for e in (err.errors if isinstance(err, RulePackErrors) else [err])]
    if len(flat) == 1:
        raise flat[0]
    if flat:
        raise RulePackErrors(flat)


def _collect(errors: list[RuleFileError], check: Callable[..., _T], *args: Any) -> _T | None:
    """Run one check; a mistake is kept for the report and the load goes on to find the next."""
    try:
        return check(*args)
    except RuleFileError as err:
        errors.append(err)
        return None


@dataclass(frozen=True)
class Example:
    """A text a rule must flag (``match`` is the exact text) or must leave alone."""

    text: str
    match: str | None
    format: str
    line: int


@dataclass(frozen=True)
class Rule:
    """One rule: what it is (data) plus its kind's parsed options."""

    code: str
    name: str
    category: str
    severity: str
    message: str
    fix: str
    source: str
    kind: str
    description: str
    last_verified: str | None
    conditions: Conditions
    options: Any
    bad: tuple[Example, ...]
    good: tuple[Example, ...]
    path: str
    line: int
    superseded_by: tuple[str, ...] = ()
    #: The highest confidence a finding of this rule may have in an article of a genre.
    genre_confidence: tuple[tuple[str, float], ...] = ()
    #: The exact edit the rule can make (``replacement:``) and whether it is "safe" or "suggested".
    replacement: FixSpec | None = None
    fix_safety: str = ""

    def confidence_cap(self, genres: frozenset[str]) -> float:
        """The lowest cap among the article's genres (1.0 when the rule names none of them)."""
        return min((cap for genre, cap in self.genre_confidence if genre in genres), default=1.0)


@dataclass
class RuleBook:
    """Everything the packs define: rules plus the shared vocabularies rules refer to."""

    rules: list[Rule] = field(default_factory=list)
    drugs: list[Drug] = field(default_factory=list)
    treatments: list[Treatment] = field(default_factory=list)
    doses: list[DoseLimit] = field(default_factory=list)
    terms: dict[str, list[str]] = field(default_factory=dict)
    cues: dict[str, list[str]] = field(default_factory=dict)
    sections: dict[str, list[Located]] = field(default_factory=dict)

    def rule(self, code: str) -> Rule | None:
        """The rule with ``code`` (case-insensitive), or None."""
        wanted = code.upper()
        return next((r for r in self.rules if r.code == wanted), None)


def builtin_rules_dir() -> Path:
    """The packs shipped in the wheel, or the checkout's ``rules/`` in a development install."""
    packaged = Path(str(resources.files("medlint"))) / "rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "rules"


def load_rulebook(extra_dirs: list[Path] | tuple[Path, ...] = (), *, builtin: bool = True) -> RuleBook:
    """Load the built-in packs and any user folders, validating everything."""
    book = RuleBook()
    directories = ([builtin_rules_dir()] if builtin else []) + [Path(d) for d in extra_dirs]
    seen_codes: dict[str, str] = {}
    errors: list[RuleFileError] = []
    for directory in directories:
        if not directory.is_dir():
            errors.append(RuleFileError(str(directory), None, "rule folder does not exist"))
            continue
        for path in sorted(directory.rglob("*.y*ml")):
            _collect(errors, _load_file, path, _display(path, directory), book, seen_codes, errors)
    _raise_all(errors)
    book.drugs = load_lexicon(book.sections.get("drugs", []))
    book.treatments = load_treatments(book.sections.get("treatments", []), {d.id for d in book.drugs})
    book.doses = load_doses(book.sections.get("doses", []))
    load_sellers(book.sections.get("sellers", []))  # validated at load; link checks read it again
    _check_references(book)
    return book


def _display(path: Path, directory: Path) -> str:
    try:
        return (
            str(Path("rules") / path.relative_to(directory))
            if directory == builtin_rules_dir()
            else str(path)
        )
    except ValueError:
        return str(path)


_SECTIONS = ("pack", "rules", "terms", "cues", "drugs", "treatments", "doses", "sellers")


def _load_file(
    path: Path, name: str, book: RuleBook, seen_codes: dict[str, str], errors: list[RuleFileError]
) -> None:
    """Load one pack into ``book``; a broken rule is added to ``errors`` and the next is read."""
    data = load_yaml(path, name)
    if data is None:
        return
    if not isinstance(data, Located):
        raise RuleFileError(
            name, 1, "a rule file must be a mapping with sections such as 'rules:' or 'terms:'"
        )
    schema.only_keys(data, set(_SECTIONS), "a rule file")
    for key, value in data.items():
        if key == "rules":
            if not isinstance(value, LocatedList):
                raise schema.fail(data, key, "'rules' must be a list of rules")
            for item in value:
                rule = _collect(errors, parse_rule, item, data)
                if rule is None:
                    continue
                if rule.code in seen_codes:
                    errors.append(
                        RuleFileError(
                            name,
                            rule.line,
                            f"rule code {rule.code} already defined at {seen_codes[rule.code]}",
                        )
                    )
                    continue
                seen_codes[rule.code] = f"{rule.path}:{rule.line}"
                book.rules.append(rule)
        elif key in ("terms", "cues"):
            target = book.terms if key == "terms" else book.cues
            table = schema.mapping(value, data, key)
            for set_name in table:
                if set_name in target:
                    raise schema.fail(table, set_name, f"{key[:-1]} set '{set_name}' is defined twice")
                target[set_name] = schema.strings(table, set_name)
        elif key in ("drugs", "treatments", "doses", "sellers"):
            if not isinstance(value, LocatedList):
                raise schema.fail(data, key, f"'{key}' must be a list")
            book.sections.setdefault(key, []).extend(_mappings(value, key, data))


def _mappings(items: LocatedList, key: str, parent: Located) -> list[Located]:
    for index, item in enumerate(items):
        if not isinstance(item, Located):
            raise RuleFileError(
                parent.path, items.item_lines[index], f"each item of '{key}' must be a mapping"
            )
    return list(items)


def parse_rule(spec: Any, parent: Located) -> Rule:
    """Validate one rule mapping and parse its kind's options."""
    from medlint.checks import KINDS

    if not isinstance(spec, Located):
        raise schema.fail(parent, "rules", "each rule must be a mapping")
    problems: list[RuleFileError] = []
    code = _collect(problems, _rule_code, spec) or ""
    name = _collect(problems, _rule_name, spec) or ""
    category = _collect(problems, schema.choice, spec, "category", CATEGORIES) or ""
    severity = _collect(problems, schema.choice, spec, "severity", SEVERITIES) or ""
    kind_name = _collect(problems, schema.choice, spec, "kind", tuple(sorted(KINDS))) or ""
    kind = KINDS.get(kind_name)
    if kind is not None:
        _collect(problems, schema.only_keys, spec, COMMON_FIELDS | kind.fields, f"a '{kind_name}' rule")
    placeholders = kind.placeholders if kind is not None else None
    message = _collect(problems, _template, spec, "message", placeholders) or ""
    fix = _collect(problems, _template, spec, "fix", placeholders) or ""
    source = _collect(problems, schema.string, spec, "source") or ""
    enabled = spec.get("enabled", True)
    if not isinstance(enabled, bool):
        problems.append(schema.fail(spec, "enabled", "'enabled' must be true or false"))
    examples = _collect(problems, _parse_examples, spec)
    replacement = _collect(problems, parse_fix_spec, spec, placeholders) or (None, "")
    _raise_all(problems)
    assert kind is not None and examples is not None  # _raise_all raised otherwise
    bad, good = examples
    last_verified = spec.get("last_verified")
    return Rule(
        code=code,
        name=name,
        category=category,
        severity=severity,
        message=message,
        fix=fix,
        source=source,
        kind=kind_name,
        description=schema.string(spec, "description", required=False),
        last_verified=str(last_verified) if last_verified is not None else None,
        conditions=parse_conditions(spec),
        options=kind.parse(spec),
        bad=bad,
        good=good,
        path=spec.path,
        line=spec.line,
        superseded_by=tuple(schema.strings(spec, "superseded_by", required=False)),
        genre_confidence=_parse_genre_confidence(spec),
        replacement=replacement[0],
        fix_safety=replacement[1],
    )


def _template(spec: Located, key: str, placeholders: frozenset[str] | None) -> str:
    """A message or fix: a non-empty string whose placeholders the kind fills (when known)."""
    text = schema.string(spec, key)
    if placeholders is not None:
        _check_placeholders(spec, key, text, placeholders)
    return text


def _rule_code(spec: Located) -> str:
    code = schema.string(spec, "code")
    if not _CODE.match(code):
        raise schema.fail(
            spec, "code", f"rule code {code!r} must look like MED101 (capitals then 3-4 digits)"
        )
    return code


def _rule_name(spec: Located) -> str:
    name = schema.string(spec, "name")
    if not _NAME.match(name):
        raise schema.fail(spec, "name", f"rule name {name!r} must be kebab-case, e.g. buy-medicine-online")
    return name


def _parse_genre_confidence(spec: Located) -> tuple[tuple[str, float], ...]:
    """``genre_confidence: {news-report: 0.4}``: genre names from ``GENRES``, caps from 0 to 1."""
    from medlint.analysis.genre import GENRES

    if "genre_confidence" not in spec:
        return ()
    table = schema.mapping(spec["genre_confidence"], spec, "genre_confidence")
    caps = []
    for genre, cap in table.items():
        if genre not in GENRES:
            raise schema.fail(table, genre, f"unknown genre {genre!r}; expected one of: {', '.join(GENRES)}")
        if not isinstance(cap, (int, float)) or isinstance(cap, bool) or not 0 <= cap <= 1:
            raise schema.fail(table, genre, "a genre's confidence cap must be a number from 0 to 1")
        caps.append((str(genre), float(cap)))
    return tuple(caps)


def _check_placeholders(spec: Located, key: str, text: str, allowed: frozenset[str]) -> None:
    """Every ``{field}`` must be one of the kind's plain names (see ``schema.template_fields``)."""
    try:
        names = schema.template_fields(text)
    except schema.TemplateFieldError as err:
        bare = err.name.split(".")[0].split("[")[0]
        hint = f"write {{{bare}}}" if bare in allowed else f"available: {', '.join(sorted(allowed))}"
        raise schema.fail(
            spec, key, str(err).replace(err.written, f"{err.written} in '{key}'", 1) + f"; {hint}"
        ) from None
    except ValueError as err:
        raise schema.fail(
            spec, key, f"bad placeholder in '{key}': {err} (write {{{{ for a literal brace)"
        ) from None
    for name in names:
        if name not in allowed:
            raise schema.fail(
                spec,
                key,
                f"unknown placeholder {{{name}}} in '{key}'; available: {', '.join(sorted(allowed))}",
            )


def _parse_examples(spec: Located) -> tuple[tuple[Example, ...], tuple[Example, ...]]:
    examples = schema.mapping(spec.get("examples"), spec, "examples") if "examples" in spec else None
    if examples is None:
        raise schema.fail(
            spec, None, "missing required field 'examples' (at least one 'bad' and one 'good' text)"
        )
    schema.only_keys(examples, {"bad", "good"}, "'examples'")
    parsed: dict[str, list[Example]] = {"bad": [], "good": []}
    for group in ("bad", "good"):
        items = examples.get(group)
        if not isinstance(items, LocatedList) or not items:
            raise schema.fail(
                examples, group if group in examples else None, f"'examples' needs a non-empty '{group}' list"
            )
        for index, item in enumerate(items):
            line = items.item_lines[index]
            if isinstance(item, str):
                if group == "bad":
                    raise RuleFileError(
                        spec.path, line, "a 'bad' example needs 'text' and 'match' (the text to flag)"
                    )
                parsed[group].append(Example(item, None, "text", line))
                continue
            if not isinstance(item, Located):
                raise RuleFileError(spec.path, line, f"each '{group}' example must be a string or a mapping")
            schema.only_keys(item, {"text", "match", "format"}, f"a '{group}' example")
            text = schema.string(item, "text")
            match = schema.string(item, "match") if group == "bad" else None
            if match is not None and match not in text:
                raise schema.fail(item, "match", f"'match' {match!r} does not occur in the example text")
            fmt = schema.choice(item, "format", FORMATS, default="text")
            parsed[group].append(Example(text, match, fmt, line))
    return tuple(parsed["bad"]), tuple(parsed["good"])


def _check_references(book: RuleBook) -> None:
    """Every term set a rule names must exist: a typo would silently drop a condition."""
    known = set(book.terms) | {"drug", "rx-drug", "citation"}
    drugs = {drug.id: drug for drug in book.drugs}
    codes = {rule.code for rule in book.rules}
    errors: list[RuleFileError] = []
    for rule in book.rules:
        for code in rule.superseded_by:
            if code not in codes:
                errors.append(RuleFileError(rule.path, rule.line, f"superseded_by names unknown rule {code}"))
        for drug_id in getattr(rule.options, "drugs", ()):
            if drug_id not in drugs:
                errors.append(
                    RuleFileError(
                        rule.path, rule.line, f"unknown drug '{drug_id}' (not in any 'drugs:' section)"
                    )
                )
        names = rule.conditions.term_sets() + [(n, rule.line) for n in getattr(rule.options, "term_sets", ())]
        for name, line in names:
            if name not in known:
                errors.append(
                    RuleFileError(
                        rule.path,
                        line,
                        f"unknown term set '{name}'; defined sets: {', '.join(sorted(known))}",
                    )
                )
    _raise_all(errors)
