"""What goes in each answer cell of an assignment: the learner's saved answers and the log
entries they choose as evidence, exactly as saved (nothing is retyped).

Only the activities the assignment names, and the log entries the learner picks as
evidence, are copied in: no other record leaves the store.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mentorkit.assess import answers
from mentorkit.assess.checks import EVIDENCE_HEADING, LOG_HEADING
from mentorkit.errors import EvidenceProblem, MissingAnswers, RecordNotFound
from mentorkit.records import ActivityResponse, Record, kind_of
from mentorkit.render.values import day, field_text


@dataclass
class Filled:
    """What was put into a notebook: the activities answered and the evidence entries."""

    activities: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)


def takes_evidence(notebook: str | os.PathLike) -> bool:
    """Whether the notebook has a cell for evidence entries."""
    cells = json.loads(Path(notebook).read_text(encoding="utf-8"))["cells"]
    return any("evidence" in answers.key(c) for c in cells if answers.is_answer(c))


def cell_texts(
    cells: Sequence[Mapping[str, Any]], store: Any, evidence: Sequence[str] = ()
) -> tuple[dict[int, str], Filled]:
    """Each answer cell's new source, by its index, and what went in; raise before any
    cell is changed if an answer the assignment takes is not saved, or evidence is wrong.

    `evidence` lists the ids of log entries the learner chooses to hand in.
    """
    latest = latest_responses(store)
    slots = [(i, answers.key(c)) for i, c in enumerate(cells) if answers.is_answer(c)]
    slots = [(i, spec, latest.get((spec["topic"], spec["activity"])))
             for i, spec in slots if "activity" in spec]  # fmt: skip
    missing = [gap for _, spec, record in slots if (gap := missing_from(spec, record))]
    if missing:
        raise MissingAnswers(list(dict.fromkeys(missing)))
    filled = Filled(activities=[spec["activity"] for _, spec, _ in slots])
    pieces: dict[int, list[str]] = {index: [activity_text(spec, r)] for index, spec, r in slots}
    # A criterion's one cell may hold, after the answers, a practice log and chosen records.
    for index, text in _hours_texts(cells, store).items():
        pieces.setdefault(index, []).append(_headed(LOG_HEADING, text, pieces, index))
    for index, text in _evidence_texts(cells, store, evidence, filled).items():
        pieces.setdefault(index, []).append(_headed(EVIDENCE_HEADING, text, pieces, index))
    return {index: "\n\n".join(texts) for index, texts in pieces.items()}, filled


def _headed(heading: str, text: str, pieces: dict[int, list[str]], index: int) -> str:
    """The text under its heading when it follows something else in the same cell."""
    return f"{heading}\n\n{text}" if pieces.get(index) else text


def latest_responses(store: Any) -> dict[tuple[str, str], Record]:
    """The newest saved answers to each activity, by (topic, activity)."""
    latest: dict[tuple[str, str], Record] = {}
    for record in store.find(ActivityResponse):
        known = latest.get((record.topic, record.activity))
        if known is None or record.updated > known.updated:
            latest[(record.topic, record.activity)] = record
    return latest


def _wanted(spec: dict[str, Any], record: Record) -> list[int]:
    """The question numbers a cell takes: one, or every question of the activity."""
    if "question" in spec:
        return [spec["question"]]
    return list(range(1, max(len(record.answers), spec.get("questions", 0)) + 1))


def _given(record: Record) -> dict[int, str]:
    return {n: a.answer for n, a in enumerate(record.answers, 1) if (a.answer or "").strip()}


def missing_from(spec: dict[str, Any], record: Record | None) -> str | None:
    """What the learner still has to answer for this cell, in words (None: nothing)."""
    where = spec.get("topic_title") or _topic(spec["topic"])
    title = f"“{spec.get('title') or spec['activity']}” in {where}"
    if record is None:
        return f"{title}: no answers saved"
    empty = [n for n in _wanted(spec, record) if n not in _given(record)]
    return f"{title}: {_questions(empty)} not answered" if empty else None


def activity_text(spec: dict[str, Any], record: Record) -> str:
    """The cell's new source: the saved answers exactly as written, each in a fence."""
    given = _given(record)
    if "question" in spec:
        return answers.fenced(given[spec["question"]])
    return answers.numbered([(n, given[n]) for n in _wanted(spec, record)])


def _topic(topic: str) -> str:
    """A topic as a learner knows it ("Topic 4a (stakeholders and contracting)") from its
    key, whether or not the course folder is at hand to read its title."""
    number, _, name = topic.partition("-")
    digits = number.rstrip("abcdefghijklmnopqrstuvwxyz")
    if not digits.isdigit():
        return topic
    return f"Topic {int(digits)}{number[len(digits) :]} ({name.replace('-', ' ')})"


def _questions(numbers: list[int]) -> str:
    if len(numbers) == 1:
        return f"question {numbers[0]}"
    return "questions " + ", ".join(map(str, numbers[:-1])) + f" and {numbers[-1]}"


def _evidence_texts(
    cells: Sequence[Mapping[str, Any]], store: Any, ids: Sequence[str], filled: Filled
) -> dict[int, str]:
    slots = [(i, answers.key(c)) for i, c in enumerate(cells) if answers.is_answer(c)]
    slots = [(i, spec) for i, spec in slots if "evidence" in spec]
    if ids and not slots:
        raise EvidenceProblem(
            "Nothing has been handed in: this assignment takes no records as evidence. "
            "Submit again without --evidence."
        )
    accepted = sorted({k for _, spec in slots for k in spec["evidence"]})
    found = [_evidence_record(store, rid, accepted) for rid in dict.fromkeys(ids)]
    chosen = [r for r in found if not isinstance(r, str)]
    problems = [r for r in found if isinstance(r, str)]
    short: list[str] = []
    texts = {}
    for index, spec in slots:
        mine = [r for r in chosen if r.kind in spec["evidence"]]
        for kinds, wanted in _wanted_counts(spec):
            if (given := sum(r.kind in kinds for r in mine)) < wanted:
                short.append(_too_few(kinds, wanted, given))
        texts[index] = "\n\n".join(entry_text(r) for r in mine) or NO_EVIDENCE
        filled.evidence += [r.id for r in mine if r.id not in filled.evidence]
    if short or problems:
        raise EvidenceProblem(_not_handed_in(short, problems))
    return texts


NO_EVIDENCE = "*No entries were chosen as evidence.*"


def _not_handed_in(short: list[str], problems: list[str]) -> str:
    """Every shortfall and every wrong choice, in one message, with what to do."""
    said = ["Nothing has been handed in."]
    if short:
        said.append(f"This assignment needs, besides your answers: {_listed(short)}.")
    said += problems
    said.append(
        "Choose your records by id (`mentorkit assess evidence` lists yours, with their "
        "ids), then submit again."
    )
    return " ".join(said)


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _named(kind: str, number: int) -> str:
    """ "1 session record", "4 reflective log entries", "1 mentee feedback record"."""
    title = kind_of(kind).title.lower()
    if title.endswith("feedback"):
        title += " record"
    if number == 1:
        return f"1 {title}"
    if title.endswith("y") and title[-2:-1] not in "aeiou":
        return f"{number} {title[:-1]}ies"
    return f"{number} {title}s"


def _kind_names(kinds: Iterable[str]) -> str:
    return _listed([kind_of(k).title.lower() for k in kinds]).replace(" and ", " or ")


def _wanted_counts(spec: Mapping[str, Any]) -> list[tuple[list[str], int]]:
    """How many entries a cell asks for: `at_least` N of its kinds together, or, as
    `{"kind": N, ...}`, at least N of each kind named."""
    wanted = spec.get("at_least", 0)
    if isinstance(wanted, Mapping):
        return [([kind], n) for kind, n in wanted.items()]
    return [(list(spec["evidence"]), wanted)]


def _too_few(kinds: list[str], wanted: int, given: int) -> str:
    """ "4 session records (you chose 2)"; of several kinds, "4 entries, reflective log
    entries or learning log entries together (you chose none)"."""
    chose = f"you chose {given or 'none'}"
    if len(kinds) == 1:
        return f"{_named(kinds[0], wanted)} ({chose})"
    what = _listed([_named(k, 2)[2:] for k in kinds]).replace(" and ", " or ")
    return f"{wanted} {'record' if wanted == 1 else 'records'}, {what} together ({chose})"


def _evidence_record(store: Any, record_id: str, accepted: list[str]) -> Record | str:
    """The chosen record, or what is wrong with choosing it."""
    try:
        record = store.get(record_id)
    except RecordNotFound:
        return f"No record with id {record_id} is in your store: check the id, or leave it out."
    if record.deleted is not None:
        return f"The record {record_id} is in your trash: restore it first, or leave it out."
    if record.kind not in accepted:
        return (
            f"The record {record_id} is a {record.title.lower()}, which this assignment does "
            f"not take (it takes {_kind_names(accepted)}): leave it out."
        )
    return record


def entry_text(record: Record) -> str:
    """A log entry as Markdown: its title and date, then each filled field under its label,
    each value as `mentorkit.render` shows it. A link shows the linked entry's id, not its
    words: only the chosen entries leave the store."""
    parts = [f"**{record.title}, {day(record.when)}**"]
    for spec in record.visible_to("assessor"):
        if spec.name == record.date_field:
            continue
        text = field_text(record, spec)
        if text.strip():
            parts.append(f"*{spec.label}*\n\n{answers.fenced(text)}")
    return "\n\n".join(parts)


def _hours_texts(cells: Sequence[Mapping[str, Any]], store: Any) -> dict[int, str]:
    """Each practice-log cell: the learner's own entries of the kind it names, with hours."""
    slots = [(i, answers.key(c)) for i, c in enumerate(cells) if answers.is_answer(c)]
    return {i: hours_log(store, spec) for i, spec in slots if "hours" in spec}


def hours_log(store: Any, spec: Mapping[str, Any], today: dt.date | None = None) -> str:
    """A practice log as a Markdown table: every entry of the kind `spec["hours"]` names
    (its date, the hours it accounts for, and the fields `spec["columns"]` names), dated
    today or earlier, oldest first; then the total. A session still to come is not practice,
    so it is left out; so are the entries' words, which stay in the store."""
    today = today or dt.date.today()
    kind = kind_of(spec["hours"])
    held = sorted((r for r in store.find(kind) if r.when <= today), key=lambda r: r.when)
    columns = [kind.spec(name) for name in spec.get("columns", ())]
    lines = [
        "| " + " | ".join(["Date", HOURS, *(c.label for c in columns)]) + " |",
        "|" + "---|" * (2 + len(columns)),
    ]
    for record in held:
        hours = record.hours()
        shown = [" ".join(field_text(record, c).split()).replace("|", "/") for c in columns]
        row = [day(record.when), _hours(hours) if hours else NO_HOURS, *shown]
        lines.append("| " + " | ".join(row) + " |")
    total = sum(r.hours() or 0 for r in held)
    count = f"{len(held)} {kind.title.lower()}{'' if len(held) == 1 else 's'}"
    return "\n".join(lines) + f"\n\n**{TOTAL} {_hours(total)} hours, in {count}.**"


HOURS, NO_HOURS, TOTAL = "Hours", "not recorded", "Total:"


def _hours(value: float) -> str:
    return f"{value:g}"
