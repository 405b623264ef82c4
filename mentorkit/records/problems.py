"""What is wrong with an entry, one message per field, in words a learner reads."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import ValidationError

from mentorkit.errors import ValidationProblem
from mentorkit.records.loading import Model
from mentorkit.records.parsing import is_empty, parse_date


def between_problems(kind: Model, values: dict[str, Any]) -> dict[str, str]:
    """Problems between two fields, by field name: a date before the date it must follow,
    or a box left empty that a ticked box needs. Typed text is read as the form would; a
    date that cannot be read is left to its own message."""

    def day(name: str) -> date | None:
        try:
            found = parse_date(values.get(name))
        except ValueError:
            return None
        return found if isinstance(found, date) else None

    problems = {}
    for spec in kind.specs():
        if spec.needed_when and values.get(spec.needed_when) is True:
            if is_empty(values.get(spec.name)):
                ticked = kind.spec(spec.needed_when).label
                problems[spec.name] = f"please fill this in: “{ticked}” is ticked"
        if spec.not_before:
            later, earlier = day(spec.name), day(spec.not_before)
            if later is not None and earlier is not None and later < earlier:
                other = kind.spec(spec.not_before).label
                problems[spec.name] = (
                    f"is earlier than “{other}” ({earlier:%-d %B %Y}): please check the two dates"
                )
    return problems


def problem_from(
    kind: Model, exc: ValidationError, data: dict[str, Any] | None = None
) -> ValidationProblem:
    """Turn pydantic's errors into one message per field, in words a learner reads."""
    problems: dict[str, str] = {}
    rows: dict[str, dict[tuple[int, str], str]] = {}
    for err in exc.errors():
        loc = err["loc"]
        name = str(loc[0]) if loc else "record"
        message = _message(err)
        if len(loc) >= 3 and isinstance(loc[1], int):
            rows.setdefault(name, {}).setdefault((loc[1], str(loc[2])), message)
            spec = kind.spec(name)
            sub = spec.row.spec(str(loc[2])).label if spec.row else str(loc[2])
            message = f"row {loc[1] + 1}, {sub}: {message}"
        problems.setdefault(name, message)
    for name, message in between_problems(kind, data or {}).items():
        problems.setdefault(name, message)  # said with the rest, not only on the next Save
    labels = {s.name: s.label for s in kind.specs()}
    return ValidationProblem(problems, labels, rows)


def _message(err: dict[str, Any]) -> str:
    kind, ctx = err["type"], err.get("ctx") or {}
    if kind == "mentorkit":
        return err["msg"]
    if kind == "missing":
        return "please fill this in"
    if kind in ("greater_than_equal", "greater_than"):
        return f"must be at least {ctx.get('ge', ctx.get('gt'))}"
    if kind in ("less_than_equal", "less_than"):
        return f"must be at most {ctx.get('le', ctx.get('lt'))}"
    if kind in ("int_parsing", "float_parsing", "int_from_float", "int_type", "float_type"):
        return "please give a number"
    if kind.startswith("date") or kind.startswith("datetime"):
        return "is not a date; write it like 23/11/2026"
    if kind.startswith("time"):
        return "is not a time; write it like 14:30"
    if kind == "extra_forbidden":
        return "is not a field of this form"
    return err["msg"]
