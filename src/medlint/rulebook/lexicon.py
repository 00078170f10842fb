"""The drug lexicon (``drugs:`` sections of the rule packs): names, and the risks an article must state."""

from __future__ import annotations

import re
from dataclasses import dataclass

from medlint.errors import RuleFileError
from medlint.finding import SEVERITIES
from medlint.rulebook import schema
from medlint.rulebook.yamlio import Located, LocatedList

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class Risk:
    """A must-mention risk: the evidence that shows it is stated, and our sentence to add if not."""

    topic: str
    evidence: tuple[str, ...]
    severity: str
    source: str
    last_verified: str
    warning: str
    line: int
    applies_when: tuple[str, ...] = ()
    #: Population term sets the risk concerns ("population-women"): required only when the
    #: article's readers include them, or the article names no population at all.
    concerns: tuple[str, ...] = ()
    #: Any statement of side effects states this risk ("side effects", "adverse effects").
    general: bool = False


@dataclass(frozen=True)
class Drug:
    """One drug or class, under every name an article may use."""

    id: str
    generic: str
    names: tuple[str, ...]
    drug_class: str
    prescription: bool
    risks: tuple[Risk, ...]
    path: str
    line: int
    #: A combination product's ingredients (lexicon ids): it carries each member's risks and no
    #: risks of its own ("Percocet" is an opioid and paracetamol).
    members: tuple[str, ...] = ()

    @property
    def all_names(self) -> tuple[str, ...]:
        """Generic name first, then brands, synonyms and common misspellings."""
        return (self.generic, *[n for n in self.names if n.lower() != self.generic.lower()])


def load_lexicon(specs: list[Located]) -> list[Drug]:
    """Validate every ``drugs:`` entry; the same name may not belong to two drugs."""
    drugs: list[Drug] = []
    owner: dict[str, str] = {}
    for spec in specs:
        drug = _parse_drug(spec)
        if any(d.id == drug.id for d in drugs):
            raise schema.fail(spec, "id", f"drug id '{drug.id}' is defined twice")
        for name in drug.all_names:
            key = name.lower()
            if key in owner and owner[key] != drug.id:
                raise schema.fail(spec, "names", f"name {name!r} already belongs to drug '{owner[key]}'")
            owner[key] = drug.id
        drugs.append(drug)
    known = {d.id for d in drugs}
    for spec, drug in zip(specs, drugs, strict=True):
        for member in drug.members:
            if member not in known or member == drug.id:
                raise schema.fail(
                    spec, "members", f"member {member!r} of '{drug.id}' is not another lexicon entry"
                )
    return drugs


_DRUG_FIELDS = frozenset({"id", "generic", "names", "class", "prescription", "risks", "members"})
_RISK_FIELDS = frozenset(
    {
        "topic",
        "evidence",
        "severity",
        "source",
        "last_verified",
        "warning",
        "applies_when",
        "concerns",
        "general",
    }
)


def _parse_drug(spec: Located) -> Drug:
    schema.only_keys(spec, _DRUG_FIELDS, "a drug")
    drug_id = schema.string(spec, "id")
    if not _ID.match(drug_id):
        raise schema.fail(spec, "id", f"drug id {drug_id!r} must be lower-case words joined by hyphens")
    prescription = spec.get("prescription", True)
    if not isinstance(prescription, bool):
        raise schema.fail(spec, "prescription", "'prescription' must be true or false")
    risks_spec = spec.get("risks", LocatedList())
    if not isinstance(risks_spec, LocatedList):
        raise schema.fail(spec, "risks", "'risks' must be a list")
    risks = []
    for index, item in enumerate(risks_spec):
        if not isinstance(item, Located):
            raise RuleFileError(spec.path, risks_spec.item_lines[index], "each risk must be a mapping")
        schema.only_keys(item, _RISK_FIELDS, "a risk")
        risks.append(
            Risk(
                topic=schema.string(item, "topic"),
                evidence=_terms(item, "evidence"),
                severity=schema.choice(item, "severity", SEVERITIES),
                source=schema.string(item, "source"),
                last_verified=str(item.get("last_verified") or _missing(item, "last_verified")),
                warning=schema.string(item, "warning"),
                line=item.line,
                applies_when=_terms(item, "applies_when", required=False),
                concerns=_concerns(item),
                general=_general(item),
            )
        )
    return Drug(
        id=drug_id,
        generic=schema.string(spec, "generic"),
        names=tuple(schema.strings(spec, "names", required=False)),
        drug_class=schema.string(spec, "class", required=False),
        prescription=prescription,
        risks=tuple(risks),
        path=spec.path,
        line=spec.line,
        members=_members(spec, risks),
    )


def _members(spec: Located, risks: list[Risk]) -> tuple[str, ...]:
    members = tuple(schema.strings(spec, "members", required=False))
    if members and risks:
        raise schema.fail(
            spec, "members", "a combination takes its members' risks; it lists no risks of its own"
        )
    return members


#: Words that state side effects in general, not one risk: they may state only a `general` risk.
GENERAL_EVIDENCE = frozenset(
    {"side effect", "side effects", "side-effect", "adverse effect", "adverse effects", "adverse event",
     "adverse events", "adverse reaction", "adverse reactions", "harms", "risks"}
)  # fmt: skip


def _general(item: Located) -> bool:
    """``general: true``, or an error when a specific risk is "stated" by a general word."""
    general = item.get("general", False)
    if not isinstance(general, bool):
        raise schema.fail(item, "general", "'general' must be true or false")
    if not general:
        for term in schema.strings(item, "evidence"):
            if term.rstrip("*").strip().lower() in GENERAL_EVIDENCE:
                raise schema.fail(
                    item, "evidence",
                    f"{term!r} states side effects in general, not this risk; mark the risk `general: true` "
                    "if any statement of side effects should satisfy it",
                )  # fmt: skip
    return general


#: A wildcard needs a stem this long: "kid*" also matches "kidney", "men*" "menopause".
MIN_WILDCARD_STEM = 4


def _terms(item: Located, key: str, required: bool = True) -> tuple[str, ...]:
    """Evidence or population terms; a short wildcard stem would match unrelated words."""
    terms = tuple(schema.strings(item, key, required=required))
    for term in terms:
        if term.endswith("*") and len(term.rstrip("*").strip()) < MIN_WILDCARD_STEM:
            raise schema.fail(
                item,
                key,
                f"wildcard {term!r} is too short: it matches unrelated words; list the forms instead",
            )
    return terms


#: The population term sets a risk may name in ``concerns`` (defined in rules/vocabulary.yaml).
POPULATIONS = frozenset(
    {"population-children", "population-women", "population-men", "population-older", "population-adults"}
)


def _concerns(item: Located) -> tuple[str, ...]:
    names = tuple(schema.strings(item, "concerns", required=False))
    for name in names:
        if name not in POPULATIONS:
            raise schema.fail(
                item, "concerns", f"unknown population {name!r}; one of {', '.join(sorted(POPULATIONS))}"
            )
    return names


def _missing(spec: Located, key: str) -> str:
    raise schema.fail(spec, None, f"missing required field '{key}' (the date the source was last checked)")
