"""The labelled maximum daily doses (``doses:`` sections of the rule packs)."""

from __future__ import annotations

from dataclasses import dataclass

from medlint.finding import SEVERITIES
from medlint.rulebook import schema
from medlint.rulebook.yamlio import Located


@dataclass(frozen=True)
class DoseLimit:
    """One substance's labelled adult maximum per day."""

    id: str
    names: tuple[str, ...]
    maximum: float
    unit: str
    iu_per_mg: float | None
    severity: str
    source: str
    advice: str


def load_doses(specs: list[Located]) -> list[DoseLimit]:
    """Validate every ``doses:`` entry."""
    limits = []
    for spec in specs:
        schema.only_keys(
            spec, {"id", "names", "max", "unit", "iu_per_mg", "severity", "source", "advice"}, "a dose"
        )
        maximum, iu = spec.get("max"), spec.get("iu_per_mg")
        if not isinstance(maximum, int | float) or maximum <= 0:
            raise schema.fail(spec, "max", "'max' must be a positive number")
        if iu is not None and (not isinstance(iu, int | float) or iu <= 0):
            raise schema.fail(spec, "iu_per_mg", "'iu_per_mg' must be a positive number")
        limits.append(
            DoseLimit(
                id=schema.string(spec, "id"),
                names=tuple(schema.strings(spec, "names")),
                maximum=float(maximum),
                unit=schema.choice(spec, "unit", ("mg", "mg/kg")),
                iu_per_mg=float(iu) if iu is not None else None,
                severity=schema.choice(spec, "severity", SEVERITIES),
                source=schema.string(spec, "source"),
                advice=schema.string(spec, "advice"),
            )
        )
    return limits
