"""What goes into a portfolio, as a plain document of headings, field lists and tables.

The learner's selection decides the sections and records; the record kinds decide the
fields. A field whose audience is not the portfolio's (the coordinator-only box) is
left out, whatever it is called. Every writer (DOCX, HTML, Markdown, PDF) reads this.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from mentorkit.course.catalogue import course_title, shown_value
from mentorkit.errors import RecordNotFound
from mentorkit.records import FieldSpec, Record, Row, kind_of
from mentorkit.records import field as declare

#: Sections a portfolio starts with; the private learning log is only added when chosen.
DEFAULT_KINDS = ("evidence", "goal", "reflective-log", "review")
#: Every kind a learner can put in a portfolio, in the order the builder offers them.
OFFERED_KINDS = (
    "evidence", "goal", "reflective-log", "review", "activity", "session-record", "feedback",
    "partnership", "learning-log",
)  # fmt: skip
#: Whose fields a portfolio may show. A field meant for someone else (the programme
#: coordinator) stays out unless this is widened on purpose; a cohort profile, which everyone
#: in the cohort reads already, may go in.
PORTFOLIO_AUDIENCES = ("private", "partner", "assessor", "cohort")
#: Kinds shown as one table per section rather than a heading per record.
TABLE_KINDS = ("evidence",)

SECTION_TITLES = {
    "evidence": "Evidence of achievement",
    "goal": "Goals and what came of them",
    "reflective-log": "Reflections on my practice",
    "review": "Progress reviews",
    "activity": "Course activities",
    "session-record": "Mentoring sessions",
    "feedback": "Feedback from my mentee",
    "partnership": "Mentoring partnerships",
    "learning-log": "From my learning log",
}


class Profile(Row):
    """The personal profile at the start of a portfolio."""

    personal_attributes: str | None = declare(
        "Personal attributes", "The qualities others would use to describe you.",
        type="longtext",
    )  # fmt: skip
    job_skills: str | None = declare(
        "Job skills", "What you can do well in your work, with an example or two.",
        type="longtext",
    )  # fmt: skip
    people_skills: str | None = declare(
        "People skills", "How you work with, support and develop others.", type="longtext"
    )


@dataclass(frozen=True)
class Heading:
    text: str
    level: int  # 0 the title, 1 a section, 2 a record


@dataclass(frozen=True)
class Paragraph:
    text: str
    quiet: bool = False  # a note, shown smaller


@dataclass(frozen=True)
class Fields:
    items: tuple[tuple[str, str], ...]  # (label, text); text may hold several lines


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""


Block = Heading | Paragraph | Fields | Table


@dataclass(frozen=True)
class Document:
    title: str
    author: str
    blocks: tuple[Block, ...]


@dataclass
class Selection:
    """What the learner chose: sections in order, records per section, profile, hours."""

    kinds: tuple[str, ...] = DEFAULT_KINDS
    #: kind -> chosen record ids, in order; a kind left out here brings all its records
    chosen: dict[str, tuple[str, ...]] = field(default_factory=dict)
    profile: dict[str, str] = field(default_factory=dict)
    hours: bool = True
    title: str = "Mentoring portfolio"
    name: str = ""
    audiences: tuple[str, ...] = PORTFOLIO_AUDIENCES


# text --------------------------------------------------------------------

_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def printable(text: str) -> str:
    """Text without control characters, which DOCX and PDF cannot hold."""
    return _UNPRINTABLE.sub("", text)


def day(value: date) -> str:
    return f"{value:%-d %B %Y}"


def plain(spec: FieldSpec, value: Any, store: Any = None) -> str:
    """A field's value as the text a reader sees; "" when there is nothing to show."""
    if value is None or value == "" or value == [] or value is False:
        return ""
    if spec.type == "yesno":
        return "Yes"
    if isinstance(value, date):
        return day(value)
    if isinstance(value, time):
        return f"{value:%H:%M}"
    if spec.type == "number":
        return f"{value:g}"
    if spec.type == "rating" and spec.maximum:
        return f"{value} out of {spec.maximum:g}"
    if spec.type == "items":
        return printable("\n".join(str(v) for v in value))
    if spec.type == "link":
        return linked(store, value)
    return printable(str(value))


def linked(store: Any, record_id: str) -> str:
    """A linked record by its kind, date and first words, never by its id."""
    try:
        other = store.get(record_id)
    except (RecordNotFound, AttributeError):
        return "(no longer in the store)"
    return printable(other.label() + (" (deleted)" if other.deleted else ""))


def visible(kind: type[Record], audiences: tuple[str, ...]) -> list[FieldSpec]:
    """The kind's fields a portfolio shows: those whose audience is one of `audiences`."""
    return [s for s in kind.specs() if s.audience in audiences]


def heading_of(record: Record) -> str:
    """A record's heading: its first words if it opens with text, else its kind and date."""
    if record.course_keys:
        return printable(course_title(record))
    first = record.specs()[0]
    if first.is_text and record.excerpt(70):
        return printable(record.excerpt(70))
    return f"{record.title}, {day(record.when)}"


# blocks ------------------------------------------------------------------


def record_blocks(record: Record, audiences: tuple[str, ...], store: Any) -> list[Block]:
    """One record: a heading, its fields in declared order, and a table per list of rows."""
    blocks: list[Block] = [Heading(heading_of(record), 2)]
    pending: list[tuple[str, str]] = []
    for spec in visible(type(record), audiences):
        value = shown_value(record, spec)
        if spec.type == "rows":
            if value:
                blocks += [Fields(tuple(pending))] if pending else []
                blocks.append(rows_table(spec, value, store))
                pending = []
        elif text := plain(spec, value, store):
            pending.append((spec.label, text))
    return blocks + ([Fields(tuple(pending))] if pending else [])


def rows_table(spec: FieldSpec, rows: list[Row], store: Any) -> Table:
    columns = spec.row.specs()
    return Table(
        header=tuple(c.label for c in columns),
        rows=tuple(tuple(plain(c, getattr(r, c.name), store) for c in columns) for r in rows),
        caption=spec.label,
    )


def records_table(kind: type[Record], records: list[Record], audiences, store) -> Table:
    """A section as one table: a row per record, a column per field it shows."""
    columns = [s for s in visible(kind, audiences) if s.type != "rows"]
    return Table(
        header=tuple(c.label for c in columns),
        rows=tuple(tuple(plain(c, shown_value(r, c), store) for c in columns) for r in records),
    )


def chosen_records(store: Any, kind: type[Record], ids: tuple[str, ...] | None) -> list[Record]:
    """The records of a section: the chosen ones in the chosen order, else all, newest first."""
    # a partner's partnership, turned the reader's way
    from mentorkit.cohort.proposals import seen_by

    live = seen_by(store, store.find(kind))
    if ids is None:
        return live
    by_id = {r.id: r for r in live}
    return [by_id[i] for i in ids if i in by_id]


def section_blocks(store: Any, kind_name: str, selection: Selection) -> list[Block]:
    kind = kind_of(kind_name)
    records = chosen_records(store, kind, selection.chosen.get(kind.kind))
    blocks: list[Block] = [Heading(SECTION_TITLES.get(kind.kind, kind.title), 1)]
    if not records:
        return blocks + [Paragraph("Nothing here yet.", quiet=True)]
    if kind.kind in TABLE_KINDS:
        return blocks + [records_table(kind, records, selection.audiences, store)]
    for record in records:
        blocks += record_blocks(record, selection.audiences, store)
    return blocks


def profile_blocks(profile: dict[str, str]) -> list[Block]:
    items = tuple(
        (s.label, printable(profile[s.name].strip()))
        for s in Profile.specs()
        if (profile.get(s.name) or "").strip()
    )
    return [Heading("Personal profile", 1), Fields(items)] if items else []


def build(store: Any, selection: Selection | None = None) -> Document:
    """The portfolio as a document, ready for any writer."""
    from mentorkit.portfolio.hours import hours_blocks

    selection = selection or Selection()
    author = printable(selection.name.strip() or store.owner)
    blocks: list[Block] = [
        Heading(printable(selection.title.strip() or "Mentoring portfolio"), 0),
        Paragraph(f"{author} · {day(date.today())}", quiet=True),
        *profile_blocks(selection.profile),
    ]
    for kind_name in selection.kinds:
        blocks += section_blocks(store, kind_name, selection)
    if selection.hours:
        blocks += hours_blocks(store)
    return Document(title=blocks[0].text, author=author, blocks=tuple(blocks))
