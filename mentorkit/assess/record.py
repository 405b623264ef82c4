"""The decision record a centre keeps and an external verifier reads: CSV and HTML.

One row per learner, unit and criterion of the learner's track (the Award or the
Certificate, as their latest hand-in names it; every unit when none does): the decision, its
rationale and what to do next, who decided and when, and the evidence it stands on (the
submission's time and the SHA-256 of the criterion's answers as handed in). A unit a
learner never handed in says "not submitted"; a criterion handed in but not decided yet,
"awaiting a decision". Each criterion shows its latest IQA outcome and, where it was
decided before, its history: every earlier decision with its date, assessor, IQA outcome
and, for a reopening, the reason. CSV cells a spreadsheet could run are neutralised as the
store's own tables are.
"""

from __future__ import annotations

import csv
import html
import io
import os
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

from mentorkit.assess import decisions as made
from mentorkit.assess import ledger
from mentorkit.assess.attempts import archive, attempts, cells
from mentorkit.assess.declaration import learner_track, qualification, track_criteria
from mentorkit.assess.grades import AWAITING

COLUMNS = [
    "learner", "unit", "unit_title", "criterion", "criterion_text", "assignment", "decision",
    "rationale", "next_steps", "assessor", "decided_at", "submitted_at", "evidence_sha256",
    "carried_forward", "to_review", "declared_own_work", "unit_achieved", "qualification",
    "iqa", "history",
]  # fmt: skip


def learners(course_dir: str | os.PathLike) -> list[str]:
    """Everyone who handed anything in, and everyone the gradebook knows."""
    root = Path(course_dir)
    archive(root)
    found = {p.name for p in (root / "attempts").glob("*") if p.is_dir()}
    return sorted(found | set(_gradebook_students(root)))


def _gradebook_students(root: Path) -> list[str]:
    from nbgrader.api import Gradebook
    from nbgrader.coursedir import CourseDirectory

    from mentorkit.assess.course import load_config
    from mentorkit.assess.grades import _gradebook_problems  # its words, shared

    coursedir = CourseDirectory(config=load_config(root))
    if coursedir.db_url.startswith("sqlite") and not (root / "gradebook.db").exists():
        return []
    with (
        _gradebook_problems(coursedir.db_url),
        Gradebook(coursedir.db_url, coursedir.course_id) as gb,
    ):
        return [s.id for s in gb.students]


def rows(course_dir: str | os.PathLike) -> list[dict[str, str]]:
    """The whole record, learner by learner, unit by unit, in the qualification's order."""
    from mentorkit.course.catalogue import criteria

    root = Path(course_dir)
    where: dict[str, str] = {}
    for folder in sorted((root / "source").glob("*")):
        for cell in cells(root, folder.name):
            for criterion in cell.criteria:
                where.setdefault(criterion, folder.name)
    from mentorkit.assess.iqa import outcomes

    checked = outcomes(root)
    chains = _chains(root)
    found = []
    for learner in learners(root):
        standing = {}
        for assignment in sorted(set(where.values())):
            if attempts(root, learner, assignment, refresh=False):
                for one in made.decisions_for(root, learner, assignment, refresh=False):
                    standing[one.criterion] = (assignment, one)
        mine = learner_track(root, learner)
        wanted = track_criteria(mine)
        by_unit = defaultdict(list)
        for criterion in criteria():
            if wanted is None or criterion.id in wanted:
                by_unit[(criterion.unit, criterion.unit_title)].append(criterion)
        met = {c for c, (_, one) in standing.items() if one.decision == made.MET}
        said = qualification(mine, met)
        for (unit, title), listed in by_unit.items():
            achieved = all(c.id in standing and standing[c.id][1].decision == made.MET
                           for c in listed)  # fmt: skip
            for criterion in listed:
                row = _row(learner, unit, title, criterion, standing.get(criterion.id), root)
                row["unit_achieved"] = "yes" if achieved else "no"
                row["qualification"] = said
                if criterion.id in standing:
                    assignment, one = standing[criterion.id]
                    chain = chains.get((learner, assignment, criterion.id), [])
                    _trail(row, chain, one.decision_id, checked)
                found.append(row)
    return found


def _chains(root: Path) -> dict[tuple[str, str, str], list]:
    """Every decision recorded, by learner, assignment and criterion, oldest first."""
    if not ledger.path_of(root).exists():
        return {}
    db = ledger.connect(root, read_only=True)
    try:
        found = defaultdict(list)
        for r in db.execute("SELECT * FROM decisions ORDER BY id"):
            found[(r["student"], r["assignment"], r["criterion"])].append(ledger.Row(**dict(r)))
        return dict(found)
    finally:
        db.close()


def _said(one: dict) -> str:
    return f"{one['outcome']} ({one['iqa']}, {one['recorded_at'][:10]}): {one['comment']}"


def _trail(row: dict, chain: list, standing_id: int | None, checked: dict) -> None:
    """The criterion's latest IQA outcome, and every earlier decision on it."""
    on = [(o, r) for r in chain for o in checked.get(r.id, [])]
    if on:
        last, about = max(on, key=lambda pair: pair[0]["id"])
        earlier = "" if about.id == standing_id else f" (on earlier decision #{about.id})"
        row["iqa"] = _said(last) + earlier
    history = []
    for r in chain:
        if r.id == standing_id and r.decision != ledger.REOPENED:
            continue  # the decision that stands is the row itself
        said = f"#{r.id} {r.decided_at[:10]} {r.assessor}: {r.decision}"
        if r.decision == ledger.REOPENED:
            said += f", reason: {r.rationale}"
        said += "".join(f"; IQA {_said(o)}" for o in checked.get(r.id, []))
        history.append(said)
    row["history"] = " | ".join(history)


def _row(learner, unit, title, criterion, standing, root) -> dict[str, str]:
    row = dict.fromkeys(COLUMNS, "")
    row.update(learner=learner, unit=unit, unit_title=title, criterion=criterion.id,
               criterion_text=criterion.text, decision=made.NOT_SUBMITTED)  # fmt: skip
    if standing is None:
        return row
    assignment, one = standing
    tried = attempts(root, learner, assignment, refresh=False)
    declared = tried[-1].declaration if tried else None
    decision = AWAITING if one.decision == made.UNDECIDED else one.decision
    row.update(
        assignment=assignment, decision=decision, rationale=one.rationale,
        next_steps=one.next_steps, assessor=one.assessor, decided_at=one.decided_at,
        submitted_at=one.submitted_at, evidence_sha256=one.evidence_sha256,
        carried_forward="yes" if one.carried_forward else "no", to_review=one.review or "",
        declared_own_work=f"yes, {declared['declared_at']}" if declared else "no",
    )  # fmt: skip
    return row


def csv_text(found: list[dict[str, str]]) -> str:
    from mentorkit.store import neutralise

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in found:
        writer.writerow([neutralise(str(row[c])) for c in COLUMNS])
    return out.getvalue()


_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;"
    "color:#1a1a1a}table{border-collapse:collapse;width:100%;margin-bottom:1.5rem}"
    "th,td{border:1px solid #999;padding:.3rem .5rem;text-align:left;vertical-align:top}"
    "caption{text-align:left;font-weight:600;padding:.3rem 0}.hash{font-family:monospace;"
    "font-size:.8em;word-break:break-all}"
)


def html_text(found: list[dict[str, str]], course: str = "") -> str:
    """A page a verifier reads in any browser: no script, no outside asset, all text inert."""
    esc = html.escape
    now = datetime.now(UTC).strftime("%-d %B %Y, %H:%M UTC")
    parts = [
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">',
        f"<title>Decision record{esc(' · ' + course) if course else ''}</title>",
        f"<style>{_STYLE}</style></head><body><main>",
        f"<h1>Decision record{esc(': ' + course) if course else ''}</h1>",
        f"<p>Made {esc(now)}. Each criterion shows the assessor's decision (met or not yet), "
        "its rationale, who decided and when, and the evidence it rests on: when the work "
        "was handed in, and a SHA-256 fingerprint of the answers handed in for it. A unit "
        "is achieved only when every one of its criteria is met.</p>",
    ]
    by_learner: dict[str, dict[tuple[str, str], list]] = defaultdict(lambda: defaultdict(list))
    for row in found:
        by_learner[row["learner"]][(row["unit"], row["unit_title"])].append(row)
    heads = ["Criterion", "Decision", "Rationale and what to do next", "Assessor, date",
             "Evidence version"]  # fmt: skip
    for learner, units in by_learner.items():
        parts.append(f"<h2>{esc(learner)}</h2>")
        first = next(iter(units.values()))[0]
        parts.append(f"<p>Qualification: {esc(first['qualification'])}.</p>")
        for (unit, title), listed in units.items():
            status = "achieved" if listed[0]["unit_achieved"] == "yes" else "not achieved"
            parts.append(f"<table><caption>Unit {esc(unit)}: {esc(title)} ({status})</caption>")
            parts.append("<tr>" + "".join(f'<th scope="col">{h}</th>' for h in heads) + "</tr>")
            parts += [_html_row(row) for row in listed]
            parts.append("</table>")
    parts.append("</main></body></html>")
    return "\n".join(parts)


def _html_row(row: dict[str, str]) -> str:
    esc = html.escape
    said = esc(row["rationale"])
    if row["next_steps"]:
        said += f"<br><strong>Next:</strong> {esc(row['next_steps'])}"
    if row["to_review"]:
        said += f"<br><em>To review: {esc(row['to_review'])}</em>"
    if row["iqa"]:
        said += f"<br><strong>IQA:</strong> {esc(row['iqa'])}"
    if row["history"]:
        earlier = "".join(f"<li>{esc(one)}</li>" for one in row["history"].split(" | "))
        said += f"<br><strong>Earlier decisions:</strong><ul>{earlier}</ul>"
    who = f"{esc(row['assessor'])}, {esc(row['decided_at'][:10])}" if row["assessor"] else ""
    version = ""
    if row["submitted_at"]:
        version = (f"handed in {esc(row['submitted_at'])}"
                   f'<br><span class="hash">{esc(row["evidence_sha256"])}</span>')  # fmt: skip
    return (
        f'<tr><th scope="row">{esc(row["criterion"])} {esc(row["criterion_text"])}</th>'
        f"<td>{esc(row['decision'])}</td><td>{said}</td><td>{who}</td><td>{version}</td></tr>"
    )
