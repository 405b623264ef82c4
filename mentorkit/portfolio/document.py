"""What goes into a portfolio, as a plain document of headings, field lists and tables.

The learner's selection decides the sections and records; the record kinds decide the
fields and their sections (`Record.portfolio`). A field its reader may not read (the
coordinator-only box) is left out, whatever it is called. Every writer (DOCX, HTML,
Markdown, PDF) reads this.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from mentorkit.course.catalogue import course_title, shown_value
from mentorkit.errors import SettingProblem
from mentorkit.portfolio.blocks import PAPERS, Block, Document, Fields, Heading, Paragraph, Table
from mentorkit.portfolio.hours import hours_blocks
from mentorkit.portfolio.tracking import tracking_blocks
from mentorkit.records import KINDS, FieldSpec, PersonalProfile, Record, Row, kind_of
from mentorkit.render.values import day, names_in, printable, value_text
from mentorkit.render.values import linked as linked  # named here before render had it

#: Every kind a learner can put in a portfolio, in the order the builder offers them.
OFFERED_KINDS = tuple(
    k.kind
    for k in sorted((k for k in KINDS.values() if k.portfolio), key=lambda k: k.portfolio.place)
)
#: Sections a portfolio starts with; the private learning log is only added when chosen.
DEFAULT_KINDS = tuple(k for k in OFFERED_KINDS if KINDS[k].portfolio.default)
#: Each offered kind's section heading, by kind.
SECTION_TITLES = {k: KINDS[k].portfolio.title for k in OFFERED_KINDS}
#: Who reads a portfolio: an assessor, who reads every field but one kept for someone else
#: (the programme coordinator's box); a cohort profile, read in the cohort already, may go in.
READER = "assessor"
#: The name apps/portfolio.py knows the portfolio's personal profile by (records declares it).
Profile = PersonalProfile


PAPER_SETTING = "MENTORKIT_PAPER"


def paper_named(name: str) -> str:
    """The paper size a name asks for ("a4", "Letter"), as PAPERS spells it."""
    for paper in PAPERS:
        if name.strip().lower() == paper.lower():
            return paper
    raise SettingProblem(
        f"There is no paper size {name!r} for a portfolio; choose {' or '.join(PAPERS)} "
        f"(or unset {PAPER_SETTING} for A4)."
    )


def default_paper() -> str:
    """A4, unless MENTORKIT_PAPER asks for another size (Letter)."""
    return paper_named(os.environ.get(PAPER_SETTING) or "A4")


@dataclass
class Selection:
    """What the learner chose: sections in order, records per section, profile, hours."""

    kinds: tuple[str, ...] = DEFAULT_KINDS
    #: kind -> chosen record ids, in order; a kind left out here brings all its records
    chosen: dict[str, tuple[str, ...]] = field(default_factory=dict)
    profile: dict[str, str] = field(default_factory=dict)
    hours: bool = True
    #: the criteria-tracking table of the learner's track (Award or Certificate)
    tracking: bool = True
    title: str = "Mentoring portfolio"
    name: str = ""
    #: who reads it, which decides the fields it shows (`Record.visible_to`)
    reader: str = READER
    #: the paper the DOCX and the PDF are laid out on: A4, or Letter (one of PAPERS)
    paper: str = field(default_factory=default_paper)

    def __post_init__(self) -> None:
        self.paper = paper_named(self.paper)


# text --------------------------------------------------------------------


def plain(spec: FieldSpec, value: Any, store: Any = None) -> str:
    """A field's value as `mentorkit.render` shows it, without the control characters DOCX
    and PDF cannot hold; "" when there is nothing to show."""
    return printable(value_text(spec, value, names_in(store)))


def visible(kind: type[Record], reader: str) -> tuple[FieldSpec, ...]:
    """The kind's fields a portfolio shows: those its reader may read."""
    return kind.visible_to(reader)


def heading_of(record: Record) -> str:
    """A record's heading: its first words if it opens with text, else its kind and date."""
    if record.course_keys:
        return printable(course_title(record))
    first = record.specs()[0]
    if first.is_text and record.excerpt(70):
        return printable(record.excerpt(70))
    return f"{record.title}, {day(record.when)}"


# blocks ------------------------------------------------------------------


def record_blocks(record: Record, reader: str, store: Any) -> list[Block]:
    """One record: a heading, its fields in declared order, and a table per list of rows."""
    blocks: list[Block] = [Heading(heading_of(record), 2)]
    pending: list[tuple[str, str]] = []
    for spec in visible(type(record), reader):
        value = shown_value(record, spec)
        if spec.row is not None:
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


def records_table(kind: type[Record], records: list[Record], reader: str, store) -> Table:
    """A section as one table: a row per record, a column per field it shows."""
    columns = [s for s in visible(kind, reader) if s.row is None]
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
    section = kind.portfolio
    blocks: list[Block] = [Heading(section.title if section else kind.title, 1)]
    if not records:
        return blocks + [Paragraph("Nothing here yet.", quiet=True)]
    if section and section.table:
        return blocks + [records_table(kind, records, selection.reader, store)]
    for record in records:
        blocks += record_blocks(record, selection.reader, store)
    return blocks


def profile_blocks(profile: dict[str, str]) -> list[Block]:
    items = tuple(
        (s.label, printable(profile[s.name].strip()))
        for s in PersonalProfile.specs()
        if (profile.get(s.name) or "").strip()
    )
    return [Heading("Personal profile", 1), Fields(items)] if items else []


def build(store: Any, selection: Selection | None = None) -> Document:
    """The portfolio as a document, ready for any writer."""
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
    if selection.tracking:
        blocks += tracking_blocks(store)
    return Document(
        title=blocks[0].text, author=author, blocks=tuple(blocks), paper=selection.paper
    )
