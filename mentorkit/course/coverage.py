"""Which criteria of the learner's track their own work evidences, part by part.

Evidence comes from two places, each declaring what it evidences: an activity's criteria
(mentorkit/data/activities.json) and a record kind's `evidences` (records/kinds/). A
reference names a whole criterion ("305-3.2") or one part of it ("305-3.2#mentee-feedback").
Naming the whole covers every part but hours; and a course activity never covers a part
only a kept record can evidence (what a witness saw, a mentee's feedback). A criterion of
the Certificate's practice unit (306) takes the references to its twin in the Award's (305).

A criterion counts as evidenced only when every part of it is: the hours part when the
learner's own records of the kinds that name it add up to the track's minimum, any other
part when an activity naming it is answered or a record of a kind naming it is kept (a
record that can be confirmed, such as a witness testimony, only once it is). A criterion
without parts that both activities and record kinds name needs one of each. Only the
learner's own records count, never a partner's shared with them.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from mentorkit.course.catalogue import all_activities, course_label
from mentorkit.course.qualification import (
    DEFAULT_TRACK,
    Criterion,
    Part,
    criteria_for,
    split_ref,
    track,
    unit,
)
from mentorkit.records import KINDS, ActivityResponse, QualificationTrack, Record
from mentorkit.store import neutralise

EVIDENCED, NOT_YET = "Evidenced", "Not yet"


@dataclass
class PartStatus:
    key: str
    text: str
    evidenced: bool = False
    #: what evidences it so far: answered activities, kept records, or the hours
    by: list[str] = field(default_factory=list)


def own(store: Any, kind: type[Record]) -> list[Record]:
    """The learner's own records of a kind (a partner's, shared with them, are not theirs)."""
    return [r for r in store.find(kind) if r.owner == store.owner]


def counts(record: Record) -> bool:
    """Whether a kept record counts as evidence: one that can be confirmed, once it is."""
    return getattr(record, "confirmed", True) is not False


def current_track(store: Any) -> str | None:
    """The track the learner chose ("award" or "certificate"), or None if not chosen yet."""
    mine = own(store, QualificationTrack)
    if not mine:
        return None
    latest = max(mine, key=lambda r: (r.updated or r.created, r.revision))
    return track(latest.track).id


def track_of(store: Any, chosen: str | None = None) -> str:
    """The track to show: the one asked for, else the learner's, else the Award."""
    return track(chosen or current_track(store) or DEFAULT_TRACK).id


def _hours(records: list[Record], today: date) -> float:
    """Hours of mentoring held so far (entries dated in the future are plans, not hours)."""
    return float(sum(r.hours() or 0 for r in records if r.when <= today))


def hours_so_far(store: Any, today: date | None = None) -> float:
    """Hours of mentoring the learner's own records add up to, from the kinds that count
    towards a practice unit's hours (those naming an "hours" part)."""
    today = today or date.today()
    kinds = [k for k in KINDS.values() if any(split_ref(r)[1] == "hours" for r in k.evidences)]
    return sum(_hours([r for r in own(store, k) if counts(r)], today) for k in kinds)


def _refs(refs: tuple[str, ...] | list[str], criterion: Criterion) -> list[str | None]:
    """The parts (None for the whole) of `criterion` that these references name."""
    found = [split_ref(r) for r in refs]
    return [part for cid, part in found if cid in criterion.answers_to]


def coverage_rows(
    store: Any, root=None, chosen: str | None = None, today: date | None = None
) -> list[dict[str, Any]]:
    """For every criterion of the track: its evidence, part by part, and what is done."""
    today = today or date.today()
    track_id = track_of(store, chosen)
    answered = {(a.topic, a.activity) for a in own(store, ActivityResponse)}
    activities = all_activities(root)
    kinds = [k for k in KINDS.values() if k.evidences]
    kept = {k.kind: [r for r in own(store, k) if counts(r)] for k in kinds}
    rows = []
    for criterion in criteria_for(track_id):
        parts = criterion.parts or (Part("", criterion.text),)
        status = {p.key: PartStatus(p.key, p.text) for p in parts}
        where, done_by = [], []
        hours, needed = None, None
        for ref in activities:
            named = _refs(ref.criteria, criterion)
            if not named:
                continue
            label = f"{course_label(ref.topic)}, “{ref.title}”"
            where.append(label)
            if (ref.topic, ref.activity) in answered:
                done_by.append(label)
                _tick(status, parts, named, label, record=False)
        for kind in kinds:
            named = _refs(kind.evidences, criterion)
            if not named:
                continue
            where.append(f"{kind.title} (workbook)")
            if any(p.hours and p.key in named for p in parts):
                hours = (hours or 0.0) + _hours(kept[kind.kind], today)
            if kept[kind.kind]:
                done_by.append(f"{kind.title} (workbook)")
                _tick(status, parts, named, f"{kind.title} (workbook)", record=True)
        if not criterion.parts:  # one whole: the course's answer and the record kept, both
            _both_kinds(status[""], where, done_by)
        for part in parts:
            if part.hours:
                needed = unit(criterion.unit).hours or 0
                hours = hours or 0.0
                status[part.key].evidenced = hours >= needed
                status[part.key].by = [f"{hours:g} of {needed} hours"]
        shown = [status[p.key] for p in parts]
        rows.append({
            "criterion": criterion.id,
            "text": criterion.text,
            "unit": criterion.unit,
            "unit_title": criterion.unit_title,
            "ilm": criterion.ilm,
            "verified": criterion.verified,
            "reason": criterion.reason,
            "source": criterion.source.url if criterion.source else "",
            "parts": [s for s in shown if s.key],
            "missing": [s.text for s in shown if not s.evidenced],
            "hours": hours,
            "hours_needed": needed,
            "activities": where_of(where, "activity"),
            "answered": where_of(done_by, "activity"),
            "records": where_of(where, "record"),
            "records_kept": where_of(done_by, "record"),
            "evidenced": all(s.evidenced for s in shown),
        })  # fmt: skip
    return rows


def _both_kinds(whole: PartStatus, where: list[str], done_by: list[str]) -> None:
    """A criterion with no parts of its own, named both by course activities and by record
    kinds, asks for both: what the learner says about it (an activity answered) and what
    they did (a record kept), as the assignment that assesses it does. One alone ticked
    the whole criterion before: a session record met "plan sessions" with no plan written."""
    asked = {what: bool(where_of(where, what)) for what in ("activity", "record")}
    given = {what: bool(where_of(done_by, what)) for what in ("activity", "record")}
    lacking = [what for what in asked if asked[what] and not given[what]]
    if whole.evidenced and lacking:
        whole.evidenced = False
        whole.text += f" (still needs {' and '.join(LACKING[what] for what in lacking)})"


#: What a criterion's whole still needs, in words.
LACKING = {"activity": "an answer to one of its activities", "record": "a record kept"}


def where_of(labels: list[str], what: str) -> list[str]:
    """The activities (topic: title) or the record kinds (without "(workbook)") in `labels`."""
    suffix = " (workbook)"
    if what == "record":
        return list(dict.fromkeys(x.removesuffix(suffix) for x in labels if x.endswith(suffix)))
    return list(dict.fromkeys(x for x in labels if not x.endswith(suffix)))


def _tick(
    status: dict[str, PartStatus],
    parts: tuple[Part, ...],
    named: list[str | None],
    by: str,
    record: bool,
) -> None:
    """Mark the parts a piece of evidence names (all but hours, when it names the whole);
    a part only a record can evidence is left to records."""
    for part in parts:
        if part.hours or (part.record and not record):
            continue
        if None in named or part.key in named:
            status[part.key].evidenced = True
            if by not in status[part.key].by:
                status[part.key].by.append(by)


# the criteria-tracking table ---------------------------------------------

TRACKING_HEADER = (
    "ILM unit", "Unit title", "Criterion id", "ILM criterion number", "Number verified",
    "Criterion (mentorkit's words)", "Parts", "Parts not yet evidenced", "Hours",
    "Evidence", "Status", "Source", "Why not verified", "Assessor: met?", "Assessor: notes",
)  # fmt: skip


def tracking_rows(rows: list[dict[str, Any]]) -> list[tuple[str, ...]]:
    """The coverage as the rows of a criteria-tracking table for the assessor."""
    table = []
    for row in rows:
        hours = f"{row['hours']:g} of {row['hours_needed']}" if row["hours_needed"] else ""
        evidence = [*row["answered"], *row["records_kept"]]
        table.append((
            row["unit"], row["unit_title"], row["criterion"],
            row["ilm"].split(" ")[-1] if row["ilm"] else "",
            "yes" if row["verified"] else "no",
            row["text"],
            "; ".join(p.text for p in row["parts"]),
            "; ".join(row["missing"]) if not row["evidenced"] else "",
            hours, "; ".join(evidence),
            EVIDENCED if row["evidenced"] else NOT_YET,
            row["source"], row["reason"], "", "",
        ))  # fmt: skip
    return table


def tracking_csv(rows: list[dict[str, Any]]) -> bytes:
    """The criteria-tracking table as CSV (UTF-8 with a BOM, for spreadsheets); every cell
    a spreadsheet could take for a formula is neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(TRACKING_HEADER)
    for line in tracking_rows(rows):
        writer.writerow([neutralise(cell) for cell in line])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def tracking_filename(track_id: str) -> str:
    return f"criteria-tracking-{track_id}-{date.today():%Y-%m-%d}.csv"
