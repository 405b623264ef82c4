"""A record's fields: `field()` declares one, `FieldSpec` describes it, `FieldType` runs it.

A field is declared once with `field(...)`; its frozen `FieldSpec` (label, prompt, type,
required, audience, limits) drives the form, the store, the frame and the exports. What a
type of field does (read typed values, check them, go to and from JSON, show as plain
text) lives in one `FieldType` per type, found by `spec.field_type` or `field_type(spec)`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from pydantic import Field

from mentorkit.records.parsing import (
    EARLIEST_YEAR,
    LATEST_YEAR,
    clean_text,
    is_empty,
    parse_date,
    parse_time,
)

#: Who may read a field: its owner only, both partners, assessors, coordinators, or everyone
#: in the cohort (a profile, so mentees can choose a mentor).
AUDIENCES = ("private", "partner", "assessor", "coordinator", "cohort")
#: Audiences a field is kept apart for: it reaches that reader alone (and its owner),
#: whoever else its record reaches. The coordinator-only box is one.
APART = ("coordinator",)


@dataclass(frozen=True)
class FieldSpec:
    """What a form, a frame or an export needs to know about one field."""

    name: str
    label: str
    prompt: str
    type: str
    required: bool
    audience: str
    options: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    max_items: int | None = None
    max_items_reason: str = ""
    not_future: bool = False
    not_before: str | None = None
    needed_when: str | None = None
    row: type | None = None
    link: str | None = None
    #: what a number counts, e.g. "hours" (a session's duration): what adds up across records
    unit: str | None = None

    @property
    def field_type(self) -> FieldType:
        """How this field's type behaves (`TYPES[self.type]`)."""
        return TYPES[self.type]

    @property
    def is_text(self) -> bool:
        return TYPES[self.type].is_text

    def read_by(self, audience: str) -> bool:
        """Whether a reader in `audience`, whom the field's record reaches, reads the field.

        The one audience rule: the owner ("private") reads every field; a field kept apart
        for one audience (`APART`) reaches that audience only; any other field reaches
        whoever its record reaches.
        """
        return audience == "private" or self.audience == audience or self.audience not in APART


def _blank(value: Any) -> bool:
    return value is None or value == "" or value == []


class FieldType:
    """How one type of field behaves, whichever record holds it.

    The base is a plain value shown as it is; each subclass changes what its type does
    differently. Every method takes the field's spec, for its limits, options and rows.
    """

    #: what the type is called in `field(type=...)`, in `spec.type` and in an archive
    name = ""
    #: whether `field()` may declare it (the envelope's times are not typed in a form)
    declared = True
    #: words the learner wrote: stored exactly, and where a list looks for first words
    is_text = False
    #: a list of values: an optional field starts as an empty list, not None
    many = False
    #: where `Record.excerpt` looks for first words: 1 first, 2 after them, 0 never
    excerpt = 0

    def __init__(self, name: str = ""):
        self.name = name or self.name

    def __repr__(self) -> str:
        return f"<FieldType {self.name}>"

    def empty(self) -> Any:
        """What an optional field holds when nothing is given."""
        return [] if self.many else None

    def row_of(self, annotation: Any) -> type | None:
        """The kind of row a field of this type holds, from its annotation (`list[Task]`)."""
        return None

    def parse(self, spec: FieldSpec, value: Any) -> Any:
        """What was typed or drafted, as the Python value the record holds (may raise)."""
        return value

    def check(self, spec: FieldSpec, value: Any) -> str | None:
        """What is wrong with a parsed value under the field's rules, in words; None if fine."""
        if spec.not_future and value > date.today():
            return (
                f"can't be in the future (today is {date.today():%-d %B %Y}): "
                "this entry is about something that has happened"
            )
        if spec.minimum is not None and value < spec.minimum:
            return f"must be at least {spec.minimum:g}"
        if spec.maximum is not None and value > spec.maximum:
            return f"must be at most {spec.maximum:g}"
        if spec.max_items is not None and len(value) > spec.max_items:
            return f"has {len(value)} items; {spec.max_items_reason or 'too many'}"
        return None

    def reader(self, spec: FieldSpec) -> Callable[[Any], Any] | None:
        """What turns the field's stored JSON back into its value; None: it is used as it is.

        Made once per field, as loading a list of records runs it for each one."""
        return None

    def from_json(self, spec: FieldSpec, value: Any) -> Any:
        """A stored JSON value as the record holds it (no rule is re-run)."""
        read = self.reader(spec)
        return value if read is None or value is None else read(value)

    def to_json(self, spec: FieldSpec, value: Any) -> Any:
        """The value as JSON holds it."""
        return value

    def text(self, spec: FieldSpec, value: Any, name_of: Callable[[str], str] | None = None) -> str:
        """The value as plain text (not HTML); "" when there is nothing to show.

        `name_of` names a linked record by its id (a link shows its id without it)."""
        return "" if _blank(value) else str(value)


class _Text(FieldType):
    is_text = True
    excerpt = 1

    def parse(self, spec: FieldSpec, value: Any) -> Any:
        return clean_text(value)


class _When(FieldType):
    """A date, a time or a moment: ISO text in JSON."""

    #: how the text is read back (`date.fromisoformat`…)
    iso: Callable[[str], Any]
    #: how it is shown
    shown = ""

    def reader(self, spec: FieldSpec) -> Callable[[Any], Any]:
        iso = type(self).iso
        return lambda value: iso(value) if isinstance(value, str) else value

    def to_json(self, spec: FieldSpec, value: Any) -> Any:
        return None if value is None else value.isoformat()

    def text(self, spec: FieldSpec, value: Any, name_of: Callable[[str], str] | None = None) -> str:
        return "" if _blank(value) else format(value, self.shown)


class _Date(_When):
    name, iso, shown = "date", date.fromisoformat, "%-d %B %Y"

    def parse(self, spec: FieldSpec, value: Any) -> Any:
        return parse_date(value)

    def check(self, spec: FieldSpec, value: Any) -> str | None:
        if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
            return (
                f"the year {value.year} looks mistyped: give a date between "
                f"{EARLIEST_YEAR} and {LATEST_YEAR}, like 23/11/2026"
            )
        return super().check(spec, value)


class _Time(_When):
    name, iso, shown = "time", time.fromisoformat, "%H:%M"

    def parse(self, spec: FieldSpec, value: Any) -> Any:
        return parse_time(value)


class _Moment(_When):
    """A date and time the store gives (the envelope's created, updated, deleted)."""

    name, iso, shown, declared = "datetime", datetime.fromisoformat, "%-d %B %Y at %H:%M", False


class _Number(FieldType):
    name = "number"

    def text(self, spec: FieldSpec, value: Any, name_of: Callable[[str], str] | None = None) -> str:
        if isinstance(value, float):
            return f"{value:g}"
        return super().text(spec, value)


class _Rating(_Number):
    """A mark on a scale, read against its top mark: "4 out of 5"."""

    name = "rating"

    def text(self, spec: FieldSpec, value: Any, name_of: Callable[[str], str] | None = None) -> str:
        text = super().text(spec, value)
        return f"{text} out of {spec.maximum:g}" if text and spec.maximum else text


class _Choice(FieldType):
    name, excerpt = "choice", 2

    def check(self, spec: FieldSpec, value: Any) -> str | None:
        problem = super().check(spec, value)
        if problem is None and spec.options and value not in spec.options:
            return f"choose one of: {', '.join(spec.options)}"
        return problem


class _YesNo(FieldType):
    name = "yesno"

    def empty(self) -> Any:
        return False

    def text(self, spec: FieldSpec, value: Any, name_of: Callable[[str], str] | None = None) -> str:
        return "" if value is None else "Yes" if value else "No"


class _Items(FieldType):
    """Lines of text, one item each."""

    name, many, excerpt = "items", True, 2

    def parse(self, spec: FieldSpec, value: Any) -> Any:
        if not isinstance(value, list | tuple):
            return value
        items = [clean_text(v.strip() if isinstance(v, str) else v) for v in value]
        return [v for v in items if not is_empty(v)]

    def text(self, spec: FieldSpec, value: Any, name_of: Callable[[str], str] | None = None) -> str:
        return "\n".join(str(item) for item in value or ())


class _Rows(FieldType):
    """A list of rows, each a `Row` of the spec's `row` kind with specs of its own."""

    name, many, excerpt = "rows", True, 2

    def row_of(self, annotation: Any) -> type | None:
        return annotation.__args__[0]

    def parse(self, spec: FieldSpec, value: Any) -> Any:
        if not isinstance(value, list | tuple):
            return value
        return [row for row in value if not is_empty(row)]

    def reader(self, spec: FieldSpec) -> Callable[[Any], Any]:
        row = spec.row
        return lambda rows: [row.from_stored(r) for r in rows] if isinstance(rows, list) else rows

    def to_json(self, spec: FieldSpec, value: Any) -> Any:
        return [row.model_dump(mode="json") for row in value or ()]

    def text(self, spec: FieldSpec, value: Any, name_of: Callable[[str], str] | None = None) -> str:
        """One line per row: `1. Label: text · Label: text`."""
        lines = []
        for n, row in enumerate(value or (), 1):
            cells = [(c.label, c.field_type.text(c, getattr(row, c.name), name_of))
                     for c in spec.row.specs()]  # fmt: skip
            lines.append(f"{n}. " + " · ".join(f"{label}: {text}" for label, text in cells if text))
        return "\n".join(lines)


class _Link(FieldType):
    """The id of another record (of the kind `spec.link`), named by its words when shown."""

    name = "link"

    def text(self, spec: FieldSpec, value: Any, name_of: Callable[[str], str] | None = None) -> str:
        if _blank(value):
            return ""
        return name_of(value) if name_of is not None else str(value)


#: Every type of field, by name: the one place a type's behaviour lives.
TYPES: dict[str, FieldType] = {
    t.name: t
    for t in (
        _Text("text"), _Text("longtext"), _Date(), _Time(), _Number(), _Rating(),
        _Choice(), _YesNo(), _Items(), _Rows(), _Link(), _Moment(),
    )
}  # fmt: skip
#: The types `field()` declares (the rest belong to the envelope).
FIELD_TYPES = tuple(name for name, t in TYPES.items() if t.declared)


def field_type(spec: FieldSpec | str) -> FieldType:
    """The behaviour of a field's type, from its spec or the type's name."""
    return TYPES[spec if isinstance(spec, str) else spec.type]


def field(
    label: str,
    prompt: str = "",
    *,
    type: str = "text",
    required: bool = False,
    audience: str | None = None,
    options: tuple[str, ...] = (),
    minimum: float | None = None,
    maximum: float | None = None,
    max_items: int | None = None,
    max_items_reason: str = "",
    not_future: bool = False,
    not_before: str | None = None,
    needed_when: str | None = None,
    link: str | None = None,
    unit: str | None = None,
) -> Any:
    """Declare a record field: the one place its label, prompt and rules are written.

    The spec is kept on the pydantic field; its name, its row kind and (when not given)
    its audience are filled in from the class that declares it.
    """
    kind = TYPES[type]
    assert kind.declared, type
    assert audience is None or audience in AUDIENCES, audience
    spec = FieldSpec(
        name="", label=label, prompt=prompt, type=type, required=required,
        audience=audience or "", options=tuple(options), minimum=minimum, maximum=maximum,
        max_items=max_items, max_items_reason=max_items_reason, not_future=not_future,
        not_before=not_before, needed_when=needed_when, link=link, unit=unit,
    )  # fmt: skip
    if required:
        default: dict[str, Any] = {}
    elif kind.many:
        default = {"default_factory": list}
    else:
        default = {"default": kind.empty()}
    info = Field(title=label, description=prompt, **default)
    info.metadata.append(spec)
    return info


def spec_on(info: Any) -> FieldSpec | None:
    """The spec `field()` keeps on a pydantic field, if it was declared with `field()`."""
    return next((m for m in info.metadata if isinstance(m, FieldSpec)), None)
