"""The machinery every record kind shares: field declarations, specs and validation.

A field is declared once with `field(...)`; its `FieldSpec` (label, prompt, type,
required, audience, limits) drives the form, the store, the frame and the exports.
"""

from __future__ import annotations

import calendar
import copy
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from mentorkit.errors import ValidationProblem

#: The largest text one field may hold, in bytes of UTF-8. Tornado refuses
#: websocket messages near 10 MB, so the limit is checked here, with a message.
MAX_TEXT_BYTES = 1024 * 1024

FIELD_TYPES = (
    "text", "longtext", "date", "time", "number", "rating", "choice", "yesno", "items",
    "rows", "link",
)  # fmt: skip

#: Who may read a field: its owner only, both partners, assessors, coordinators, or everyone
#: in the cohort (a profile, so mentees can choose a mentor).
AUDIENCES = ("private", "partner", "assessor", "coordinator", "cohort")


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
    row: type[Row] | None = None
    link: str | None = None

    @property
    def is_text(self) -> bool:
        return self.type in ("text", "longtext")


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
) -> Any:
    """Declare a record field: the one place its label, prompt and rules are written."""
    assert type in FIELD_TYPES, type
    extra = {
        "mk_type": type,
        "mk_audience": audience,
        "mk_options": list(options),
        "mk_minimum": minimum,
        "mk_maximum": maximum,
        "mk_max_items": max_items,
        "mk_max_items_reason": max_items_reason,
        "mk_not_future": not_future,
        "mk_not_before": not_before,
        "mk_needed_when": needed_when,
        "mk_link": link,
    }
    if required:
        default: dict[str, Any] = {}
    elif type in ("items", "rows"):
        default = {"default_factory": list}
    elif type == "yesno":
        default = {"default": False}
    else:
        default = {"default": None}
    return Field(title=label, description=prompt, json_schema_extra=extra, **default)


def is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple):
        return all(is_empty(v) for v in value)
    if isinstance(value, dict):
        return all(is_empty(v) for v in value.values())
    return False


def _fail(message: str) -> PydanticCustomError:
    return PydanticCustomError("mentorkit", message)


def clean_text(value: Any) -> Any:
    """Refuse text that cannot be stored faithfully; keep everything else exactly."""
    if not isinstance(value, str):
        return value
    if "\x00" in value:
        raise _fail("contains a NUL character, which cannot be stored; please remove it")
    try:
        size = len(value.encode("utf-8"))
    except UnicodeEncodeError:
        raise _fail(
            "contains a broken character (a lone surrogate) that cannot be stored; "
            "please retype that part"
        ) from None
    if size > MAX_TEXT_BYTES:
        raise _fail(
            f"is too long to save ({size / 1_048_576:.1f} MB; the most one box holds is 1 MB). "
            "Please shorten it or split it into two entries"
        )
    return value


#: Tags on one entry: a few short words to find it by, not a second text box.
MAX_TAGS, MAX_TAG_LENGTH = 20, 40


def parse_tags(typed: str) -> list[str]:
    """Tags typed in one box, separated by commas; each named problem raises ValueError."""
    tags: list[str] = []
    for part in (typed or "").split(","):
        tag = " ".join(clean_text(part).split())
        if not tag or tag.casefold() in (t.casefold() for t in tags):
            continue  # "Feedback" and "feedback" are one tag, kept as first typed
        if len(tag) > MAX_TAG_LENGTH:
            raise _fail(
                f"“{tag[:20]}…” is {len(tag)} characters; keep each tag to {MAX_TAG_LENGTH} "
                "or fewer, and separate tags with commas"
            )
        tags.append(tag)
    if len(tags) > MAX_TAGS:
        raise _fail(f"has {len(tags)} tags; please keep to {MAX_TAGS} at most, so each helps")
    return tags


#: The years a mentoring record can be about; outside them a date is a slip of the keys.
EARLIEST_YEAR, LATEST_YEAR = 1900, 2100

_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_UK_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_WORDS_DATE = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([^\W\d_]+)\.?,?\s+(\d{4})")
_MONTHS = [(n, calendar.month_name[n].lower()) for n in range(1, 13)]


def parse_date(value: Any) -> Any:
    """Accept a date, `2026-11-23`, `23/11/2026` or `23 Nov 2026`; name an impossible day."""
    if isinstance(value, datetime):
        return value.date()
    if not isinstance(value, str):
        return value
    text = value.strip()
    if m := _ISO_DATE.fullmatch(text):
        year, month, day = (int(g) for g in m.groups())
    elif m := _UK_DATE.fullmatch(text):
        day, month, year = (int(g) for g in m.groups())
    elif m := _WORDS_DATE.fullmatch(text):
        day, year = int(m.group(1)), int(m.group(3))
        word = m.group(2).lower()
        month = next((n for n, name in _MONTHS if len(word) >= 3 and name.startswith(word)), 0)
        if not month:
            raise _fail(f"“{text[:40]}” is not a date: “{m.group(2)}” is not a month")
    else:
        raise _fail(f"“{text[:40]}” is not a date; write it like 23/11/2026")
    if year < 1:
        raise _fail(f"“{text}” has the year {year}, which looks mistyped; write it like 23/11/2026")
    if not 1 <= month <= 12:
        day_first = " (write the day first)" if 1 <= day <= 12 and month <= 31 else ""
        raise _fail(f"“{text}” is not a date: there is no month {month}{day_first}")
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        days = calendar.monthrange(year, month)[1]
        name = f"{calendar.month_name[month]} {year}"
        raise _fail(f"{day} {name} is not a date: {name} has {days} days")
    return date(year, month, day)


def parse_time(value: Any) -> Any:
    """Accept a time or `14:30`; name an impossible time in words."""
    if not isinstance(value, str):
        return value
    m = re.fullmatch(r"(\d{1,2})[:.](\d{2})(?::\d{2})?", value.strip())
    if not m:
        raise _fail(f"“{value.strip()[:40]}” is not a time; write it like 14:30")
    hour, minute = int(m.group(1)), int(m.group(2))
    if hour > 23 or minute > 59:
        raise _fail(f"{value.strip()} is not a time of day")
    return time(hour, minute)


_SPECS: dict[type, tuple[FieldSpec, ...]] = {}
_BY_NAME: dict[type, dict[str, FieldSpec]] = {}
_NAMES: dict[type, set[str]] = {}


class _Model(BaseModel):
    """Shared behaviour of records and of the rows inside them."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    #: the fields a list shows the first words of, when not the first text fields
    excerpt_from: ClassVar[tuple[str, ...]] = ()
    #: fields that hold a course key (`topic`, then `activity`), shown by the course's titles;
    #: a kind with them is saved by the course's own boxes and changed there
    course_keys: ClassVar[tuple[str, ...]] = ()
    #: kept by the course for itself (a quiz score, a topic ticked off), not an entry the
    #: learner writes: the journal leaves it out
    bookkeeping: ClassVar[bool] = False
    #: a step of the proposal story (mentorkit.cohort.proposals), which places it in its partnership
    cohort_step: ClassVar[bool] = False

    @classmethod
    def specs(cls) -> tuple[FieldSpec, ...]:
        """The declared fields, in order, as frozen specs."""
        found = _SPECS.get(cls)
        if found is None:
            found = _SPECS[cls] = tuple(
                _spec(name, info, cls) for name, info in cls.model_fields.items()
                if info.json_schema_extra and "mk_type" in info.json_schema_extra
            )  # fmt: skip
        return found

    @classmethod
    def spec_names(cls) -> set[str]:
        """The declared fields' names (the same set each time: do not change it)."""
        names = _NAMES.get(cls)
        if names is None:
            names = _NAMES[cls] = {s.name for s in cls.specs()}
        return names

    @classmethod
    def spec(cls, name: str) -> FieldSpec:
        by_name = _BY_NAME.get(cls)
        if by_name is None:
            by_name = _BY_NAME[cls] = {s.name: s for s in cls.specs()}
        return by_name[name]

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
        if spec is None:
            return value
        if spec.is_text:
            return value if _stored(info) else clean_text(value)
        if spec.type == "date":
            return parse_date(value)
        if spec.type == "time":
            return parse_time(value)
        if spec.type == "items" and isinstance(value, list | tuple):
            items = [clean_text(v.strip() if isinstance(v, str) else v) for v in value]
            return [v for v in items if not is_empty(v)]
        if spec.type == "rows" and isinstance(value, list | tuple):
            return [row for row in value if not is_empty(row)]
        return value

    @field_validator("*", mode="after")
    @classmethod
    def _rules(cls, value: Any, info: Any) -> Any:
        spec = cls._spec_or_none(info.field_name)
        if spec is None or value is None or _stored(info):
            return value
        if spec.type == "date" and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
            raise _fail(
                f"the year {value.year} looks mistyped: give a date between "
                f"{EARLIEST_YEAR} and {LATEST_YEAR}, like 23/11/2026"
            )
        if spec.not_future and value > date.today():
            raise _fail(
                f"can't be in the future (today is {date.today():%-d %B %Y}): "
                "this entry is about something that has happened"
            )
        if spec.minimum is not None and value < spec.minimum:
            raise _fail(f"must be at least {spec.minimum:g}")
        if spec.maximum is not None and value > spec.maximum:
            raise _fail(f"must be at most {spec.maximum:g}")
        if spec.max_items is not None and len(value) > spec.max_items:
            raise _fail(f"has {len(value)} items; {spec.max_items_reason or 'too many'}")
        if spec.options and spec.type == "choice" and value not in spec.options:
            raise _fail(f"choose one of: {', '.join(spec.options)}")
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
                InitErrorDetails(type=_fail(message), loc=(name,), input=getattr(self, name))
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
        by_name = _BY_NAME.get(cls)
        if by_name is None:
            by_name = _BY_NAME[cls] = {s.name: s for s in cls.specs()}
        return by_name.get(name)


class _Loader:
    """Builds one model class from stored values, as `model_construct` would, but faster.

    A journal or a search loads hundreds of records at once. `model_construct` looks up
    each field's default and inspects its factory on every call (20 µs a record); this
    works out once per class which fields need converting and what the defaults are, and
    fills the instance the way pydantic itself does (tests/test_records.py checks that the
    two give equal records).
    """

    def __init__(self, cls: type[_Model]):
        self.cls = cls
        self.names = tuple(cls.model_fields)
        self.count = len(self.names)
        self.all_given = set(self.names)
        self.convert = {
            name: converter
            for name in self.names
            if (converter := _converter(cls, name)) is not None
        }
        self.defaults = {
            name: (info.default_factory, info.default)
            for name, info in cls.model_fields.items()
            if not info.is_required()
        }
        #: the conversions left once the store has parsed the envelope's times itself
        self.convert_content = {n: c for n, c in self.convert.items() if n not in _WHEN}
        # Anything pydantic would do beyond filling fields: leave it to model_construct.
        self.plain = not cls.__private_attributes__ and cls.model_config.get("extra") != "allow"

    def __call__(self, data: dict[str, Any]) -> Any:
        return self.owned(dict(data), self.convert)

    def owned(self, values: dict[str, Any], convert: dict[str, Any]) -> Any:
        """The record from `values`, which it keeps (the caller made them for it).

        `convert`: the fields whose stored values still need turning into Python ones.
        """
        # The store gives every field in the model's order; an older entry may not.
        if len(values) == self.count and tuple(values) == self.names:
            given = self.all_given.copy()
        else:
            given = {n for n in values if n in self.names}
            values = self._values(values)
        for name, converter in convert.items():
            value = values.get(name)
            if value is not None:
                values[name] = converter(value)
        if not self.plain:
            return self.cls.model_construct(given, **values)
        record = _new(self.cls)
        _set(record, "__dict__", values)
        _set(record, "__pydantic_fields_set__", given)
        _set(record, "__pydantic_extra__", None)
        _set(record, "__pydantic_private__", None)
        return record

    def _values(self, data: dict[str, Any]) -> dict[str, Any]:
        """The fields in order, with defaults for any saved before the field existed."""
        values = {}
        for name in self.names:
            if name in data:
                values[name] = data[name]
            elif name in self.defaults:
                factory, default = self.defaults[name]
                values[name] = factory() if factory is not None else copy.deepcopy(default)
        return values


_new, _set = object.__new__, object.__setattr__  # looked up once: loading runs per record
_LOADERS: dict[type, _Loader] = {}


def loader_of(cls: type[_Model]) -> _Loader:
    """The loader of one model class, made the first time it is asked for."""
    loader = _LOADERS.get(cls)
    if loader is None:
        loader = _LOADERS[cls] = _Loader(cls)
    return loader


_WHEN = ("created", "updated", "deleted")


def _converter(cls: type[_Model], name: str) -> Any:
    """What turns a field's stored JSON value back into its Python value (None: as it is)."""
    spec = cls._spec_or_none(name)
    type_ = spec.type if spec else name
    if type_ == "date":
        return _parsed(date.fromisoformat)
    if type_ == "time":
        return _parsed(time.fromisoformat)
    if type_ in _WHEN:
        return _parsed(datetime.fromisoformat)
    if type_ == "rows" and spec is not None:
        row = spec.row
        return lambda rows: [row.from_stored(r) for r in rows] if isinstance(rows, list) else rows
    return None


def _parsed(parse: Any) -> Any:
    """A parser for text that leaves anything already parsed as it is."""
    return lambda value: parse(value) if isinstance(value, str) else value


def _stored(info: Any) -> bool:
    """Values read back from the store were checked when saved; rules are not re-run."""
    return bool(info.context and info.context.get("stored"))


def _spec(name: str, info: Any, owner: type[_Model]) -> FieldSpec:
    extra = info.json_schema_extra
    row = None
    if extra["mk_type"] == "rows":
        row = info.annotation.__args__[0]
    return FieldSpec(
        name=name,
        label=info.title or name,
        prompt=info.description or "",
        type=extra["mk_type"],
        required=info.is_required(),
        audience=extra["mk_audience"] or getattr(owner, "audience", "private"),
        options=tuple(extra["mk_options"]),
        minimum=extra["mk_minimum"],
        maximum=extra["mk_maximum"],
        max_items=extra["mk_max_items"],
        max_items_reason=extra["mk_max_items_reason"],
        not_future=extra["mk_not_future"],
        not_before=extra.get("mk_not_before"),
        needed_when=extra.get("mk_needed_when"),
        row=row,
        link=extra["mk_link"],
    )


#: What every record has around its kind's own fields, in the order the store keeps it:
#: `kind` is the class's, the rest are fields of every record.
ENVELOPE = (
    "id", "kind", "owner", "created", "updated", "revision", "deleted", "tags", "partnership",
    "links",
)  # fmt: skip
#: The part of the envelope each revision has of its own; the rest is the record's.
PER_REVISION = ("updated", "revision", "tags")


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
    ENVELOPE: ClassVar[tuple[str, ...]] = ENVELOPE

    def content(self) -> dict[str, Any]:
        """The kind's own fields as JSON-ready values (no envelope)."""
        return self.model_dump(mode="json", include=self.spec_names())

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
        ordered = [s for s in specs if s.is_text] + [
            s for s in specs if s.type in ("items", "rows", "choice")
        ]
        if self.excerpt_from:  # the fields the learner wrote come after bookkeeping ones
            ordered = [self.spec(name) for name in self.excerpt_from]
        for spec in ordered:
            text = _first_text(getattr(self, spec.name))
            if text:
                text = " ".join(text.split())
                return text if len(text) <= length else text[: length - 1] + "…"
        return ""


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


def between_problems(kind: type[_Model], values: dict[str, Any]) -> dict[str, str]:
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


def validate(kind: type[Record], data: dict[str, Any]) -> Record:
    """Build a record from what a learner typed, or raise ValidationProblem naming each field."""
    try:
        return kind.model_validate(data)
    except ValidationError as exc:
        raise problem_from(kind, exc, data) from None


def problem_from(
    kind: type[_Model], exc: ValidationError, data: dict[str, Any] | None = None
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
