"""What every record kind shares: `Record` (the envelope, then the kind's fields) and `Row`.

A kind is a subclass of `Record` with a `kind` name; defining it registers it in `KINDS`.
Its class variables say what is otherwise listed by hand elsewhere: its portfolio section,
whether it is course bookkeeping or a step of the cohort's proposals, and so on.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_core import InitErrorDetails

from mentorkit.records import envelope
from mentorkit.records.fields import FieldSpec, spec_on
from mentorkit.records.loading import loader_of
from mentorkit.records.parsing import fail, is_empty
from mentorkit.records.problems import between_problems, problem_from

_SPECS: dict[type, tuple[FieldSpec, ...]] = {}
_BY_NAME: dict[type, dict[str, FieldSpec]] = {}
_NAMES: dict[type, set[str]] = {}


class _Model(BaseModel):
    """Shared behaviour of records and of the rows inside them."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    #: the fields a list shows the first words of, when not the first text fields
    excerpt_from: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        _settle(cls)

    @classmethod
    def specs(cls) -> tuple[FieldSpec, ...]:
        """The declared fields, in order, as frozen specs."""
        return _SPECS[cls]

    @classmethod
    def spec_names(cls) -> set[str]:
        """The declared fields' names (the same set each time: do not change it)."""
        return _NAMES[cls]

    @classmethod
    def spec(cls, name: str) -> FieldSpec:
        return _BY_NAME[cls][name]

    @classmethod
    def visible_to(cls, audience: str) -> tuple[FieldSpec, ...]:
        """The fields a reader in `audience` reads of an entry shown to them (the rule is
        `FieldSpec.read_by`): to an assessor, every field but the coordinator's box."""
        return tuple(spec for spec in cls.specs() if spec.read_by(audience))

    @model_validator(mode="before")
    @classmethod
    def _drop_empty(cls, data: Any) -> Any:
        """An empty box is an absent value, so a required one is reported as missing."""
        if not isinstance(data, dict):
            return data
        names = cls.spec_names()
        return {k: v for k, v in data.items() if k not in names or not is_empty(v)}

    @field_validator("*", mode="before")
    @classmethod
    def _clean(cls, value: Any, info: Any) -> Any:
        spec = cls._spec_or_none(info.field_name)
        if spec is None or (spec.is_text and _stored(info)):
            return value
        return spec.field_type.parse(spec, value)

    @field_validator("*", mode="after")
    @classmethod
    def _rules(cls, value: Any, info: Any) -> Any:
        spec = cls._spec_or_none(info.field_name)
        if spec is None or value is None or _stored(info):
            return value
        problem = spec.field_type.check(spec, value)
        if problem:
            raise fail(problem)
        return value

    @model_validator(mode="after")
    def _in_order(self, info: Any) -> Any:
        """A date that cannot come before another of the same entry (a next meeting before
        this one, a sign-off before the start) is named at its own box."""
        if _stored(info):
            return self
        problems = between_problems(type(self), self.__dict__)
        if problems:
            raise ValidationError.from_exception_data(type(self).__name__, [
                InitErrorDetails(type=fail(message), loc=(name,), input=getattr(self, name))
                for name, message in problems.items()
            ])  # fmt: skip
        return self

    @classmethod
    def from_stored(cls, data: dict[str, Any]) -> Any:
        """A record (or row) from values the store checked when they were saved.

        Only the JSON types are turned back into Python ones; no rule is re-run, so an
        entry saved under older rules always loads, and loading a list stays cheap.
        """
        return loader_of(cls)(data)

    @classmethod
    def _spec_or_none(cls, name: str) -> FieldSpec | None:
        return _BY_NAME[cls].get(name)


def _settle(cls: type[_Model]) -> None:
    """Complete each spec `field()` declared with what only the class knows: the field's
    name, its row kind, and the class's audience where the field names none."""
    specs = []
    for name, info in cls.model_fields.items():
        declared = spec_on(info)
        if declared is None:
            continue
        row = declared.field_type.row_of(info.annotation)
        kind_audience = getattr(cls, "audience", None)
        spec = replace(declared, name=name, row=row,
                       audience=declared.audience or kind_audience or "private")  # fmt: skip
        specs.append(spec)
        # What an archive's published schema says of the field (mentorkit.transfer.schema).
        note: dict[str, Any] = {"type": spec.type}
        if declared.audience or kind_audience:
            note["audience"] = spec.audience
        if spec.options:
            note["options"] = list(spec.options)
        info.json_schema_extra = {"x-mentorkit": note}
    _SPECS[cls] = tuple(specs)
    _BY_NAME[cls] = {s.name: s for s in specs}
    _NAMES[cls] = set(_BY_NAME[cls])


def _stored(info: Any) -> bool:
    """Values read back from the store were checked when saved; rules are not re-run."""
    return bool(info.context and info.context.get("stored"))


@dataclass(frozen=True)
class Section:
    """How a kind appears in a portfolio: its section's heading and place among the others."""

    title: str
    #: where the portfolio builder offers it, first to last
    place: int
    #: a new portfolio has this section until the learner leaves it out
    default: bool = False
    #: one table for the section, a row per record, rather than a heading per record
    table: bool = False


#: Every record kind by its name, in the order the kinds were defined (an archive's schema
#: lists them in this order, so a new kind goes last). Filled as each kind is defined.
KINDS: dict[str, type[Record]] = {}


class Row(_Model):
    """One row of a list-of-rows field (an action, a task, a rating)."""


class Record(_Model):
    """A saved thing: the envelope every kind shares, then the kind's own fields."""

    kind: ClassVar[str] = ""
    title: ClassVar[str] = ""
    audience: ClassVar[str] = "private"
    #: the field that dates the entry; `find(since=, until=)` filters on it
    date_field: ClassVar[str | None] = "date"
    #: assessment criteria (ids in mentorkit/data/criteria.json) this kind of record evidences
    evidences: ClassVar[tuple[str, ...]] = ()
    #: fields that hold a course key (`topic`, then `activity`), shown by the course's titles;
    #: a kind with them is saved by the course's own boxes and changed there
    course_keys: ClassVar[tuple[str, ...]] = ()
    #: kept by the course for itself (a quiz score, a topic ticked off), not an entry the
    #: learner writes: the journal leaves it out
    bookkeeping: ClassVar[bool] = False
    #: a step of the proposal story (mentorkit.cohort.proposals), which places it in its
    #: partnership: where the step is changed, as the journal says it ("" if not a step)
    cohort_step: ClassVar[str] = ""
    #: its section in a portfolio, if a learner can put it in one
    portfolio: ClassVar[Section | None] = None
    #: a log entry (learning or reflective), which an assignment may take as evidence
    log_entry: ClassVar[bool] = False
    #: it plans the next meeting (`next_date`, `next_time`), which a calendar can be given
    plans_next_meeting: ClassVar[bool] = False

    id: str | None = None
    owner: str | None = None
    created: datetime | None = None
    updated: datetime | None = None
    revision: int = 0
    deleted: datetime | None = None
    tags: list[str] = Field(default_factory=list)
    partnership: str | None = None
    links: list[str] = Field(default_factory=list)

    #: the envelope's names (`kind` is the class's, the rest are fields)
    ENVELOPE: ClassVar[tuple[str, ...]] = envelope.ENVELOPE

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        if "kind" not in cls.__dict__:
            return
        if cls.kind in KINDS:
            raise TypeError(f"two record kinds are called {cls.kind!r}: {KINDS[cls.kind]}, {cls}")
        KINDS[cls.kind] = cls

    @classmethod
    def envelope_specs(cls) -> tuple[FieldSpec, ...]:
        """The envelope's fields as specs, in the order the store keeps them (`ENVELOPE`);
        they reach whoever the record reaches."""
        return tuple(replace(spec, audience=cls.audience) for spec in envelope.SPECS)

    def content(self) -> dict[str, Any]:
        """The kind's own fields as JSON-ready values (no envelope)."""
        return self.model_dump(mode="json", include=self.spec_names())

    def hours(self) -> float | None:
        """The hours this entry accounts for (its fields in hours); None if it gives none."""
        found = [v for s in self.specs() if s.unit == "hours" and (v := getattr(self, s.name))]
        return sum(found) if found else None

    @property
    def when(self) -> date:
        """The date the entry is about, falling back to the day it was saved."""
        value = getattr(self, self.date_field, None) if self.date_field else None
        if value is None and self.created is not None:
            return self.created.date()
        return value or date.today()

    def line(self, length: int = 60) -> str:
        """The record as a line in a list of its own kind (plain text): date and first
        words, or the kind where there are no words."""
        return f"{self.when:%-d %b %Y} · {self.excerpt(length) or self.title}"

    def label(self, length: int = 50) -> str:
        """How another record names this one (plain text): kind, date and first words,
        never the id."""
        about = self.excerpt(length)
        return f"{self.title} of {self.when:%-d %B %Y}" + (f": {about}" if about else "")

    def excerpt(self, length: int = 80) -> str:
        """The first words the learner wrote, for lists (plain text, not HTML)."""
        specs = self.specs()
        if self.excerpt_from:  # the fields the learner wrote come after bookkeeping ones
            ordered = [self.spec(name) for name in self.excerpt_from]
        else:  # text first, then lists and choices
            ordered = sorted((s for s in specs if s.field_type.excerpt), key=_excerpt_rank)
        for spec in ordered:
            text = _first_text(getattr(self, spec.name))
            if text:
                text = " ".join(text.split())
                return text if len(text) <= length else text[: length - 1] + "…"
        return ""


def _excerpt_rank(spec: FieldSpec) -> int:
    return spec.field_type.excerpt


def _first_text(value: Any) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list):
        return next((t for t in map(_first_text, value) if t), "")
    if isinstance(value, _Model) and value.excerpt_from:
        return next((t for name in value.excerpt_from
                     for t in [_first_text(getattr(value, name))] if t), "")  # fmt: skip
    if isinstance(value, _Model):
        return next((t for s in value.specs() if s.is_text
                     for t in [_first_text(getattr(value, s.name))] if t), "")  # fmt: skip
    return ""


def validate(kind: type[Record], data: dict[str, Any]) -> Record:
    """Build a record from what a learner typed, or raise ValidationProblem naming each field."""
    try:
        return kind.model_validate(data)
    except ValidationError as exc:
        raise problem_from(kind, exc, data) from None


def kind_of(name: str | type[Record]) -> type[Record]:
    """The record kind for a name like `learning-log` (or the class itself)."""
    if isinstance(name, type):
        return name
    try:
        return KINDS[name]
    except KeyError:
        known = ", ".join(KINDS)
        raise KeyError(f"no record kind called {name!r}; the kinds are {known}") from None
