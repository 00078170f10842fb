"""The treatment × indication status table (``treatments:`` sections): what is approved, what is not."""

from __future__ import annotations

from dataclasses import dataclass

from medlint.errors import RuleFileError
from medlint.rulebook import schema
from medlint.rulebook.yamlio import Located, LocatedList


@dataclass(frozen=True)
class Indication:
    """An unproven use of a treatment, the words that name it, and our hedged wording."""

    name: str
    synonyms: tuple[str, ...]
    status: str
    source: str
    last_verified: str
    wording: str


@dataclass(frozen=True)
class Treatment:
    """A treatment under its names (or a lexicon drug's), with approved and unproven uses."""

    id: str
    drug: str | None
    names: tuple[str, ...]
    approved: tuple[str, ...]
    unproven: tuple[Indication, ...]
    path: str
    line: int


_FIELDS = frozenset({"id", "drug", "names", "approved", "unproven"})
_INDICATION_FIELDS = frozenset({"indication", "synonyms", "status", "source", "last_verified", "wording"})


def load_treatments(specs: list[Located], drug_ids: set[str]) -> list[Treatment]:
    """Validate every ``treatments:`` entry against the drug lexicon."""
    treatments: list[Treatment] = []
    for spec in specs:
        schema.only_keys(spec, _FIELDS, "a treatment")
        treatment_id = schema.string(spec, "id")
        if any(t.id == treatment_id for t in treatments):
            raise schema.fail(spec, "id", f"treatment id '{treatment_id}' is defined twice")
        drug = spec.get("drug")
        if drug is not None and drug not in drug_ids:
            raise schema.fail(spec, "drug", f"unknown drug '{drug}' (not in any 'drugs:' section)")
        names = tuple(schema.strings(spec, "names", required=drug is None))
        approved_value = spec.get("approved", [])
        if not isinstance(approved_value, list) or not all(isinstance(a, str) for a in approved_value):
            raise schema.fail(spec, "approved", "'approved' must be a list of indications")
        unproven = spec.get("unproven")
        if not isinstance(unproven, LocatedList) or not unproven:
            raise schema.fail(
                spec, "unproven" if "unproven" in spec else None, "'unproven' must be a non-empty list"
            )
        indications = []
        for index, item in enumerate(unproven):
            if not isinstance(item, Located):
                raise RuleFileError(
                    spec.path, unproven.item_lines[index], "each unproven use must be a mapping"
                )
            schema.only_keys(item, _INDICATION_FIELDS, "an unproven use")
            indications.append(
                Indication(
                    name=schema.string(item, "indication"),
                    synonyms=tuple(schema.strings(item, "synonyms")),
                    status=schema.string(item, "status"),
                    source=schema.string(item, "source"),
                    last_verified=str(item.get("last_verified") or schema.string(item, "last_verified")),
                    wording=schema.string(item, "wording"),
                )
            )
        treatments.append(
            Treatment(
                treatment_id, drug, names, tuple(approved_value), tuple(indications), spec.path, spec.line
            )
        )
    return treatments
