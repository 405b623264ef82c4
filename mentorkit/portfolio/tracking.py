"""The criteria-tracking table: the coverage of the learner's track, for the assessor.

The same rows as the coverage page's CSV (course/coverage.py), shorter: a row per criterion
with ILM's number where a source confirmed it, what evidences it and what is still missing.
"""

from __future__ import annotations

from typing import Any

from mentorkit.course.catalogue import track
from mentorkit.course.coverage import EVIDENCED, NOT_YET, coverage_rows, track_of
from mentorkit.portfolio.blocks import Block, Heading, Paragraph, Table
from mentorkit.render.values import printable

HEADER = ("Criterion", "ILM number", "What it asks (mentorkit's words)", "Evidence", "Status")
UNVERIFIED = "not confirmed"


def tracking_blocks(store: Any, root=None) -> list[Block]:
    """A heading, the track and its hours, the table, and what could not be verified."""
    rows = coverage_rows(store, root)
    chosen = track(track_of(store))
    done = sum(r["evidenced"] for r in rows)
    hours = next((r for r in rows if r["hours_needed"]), None)
    said = (
        f"Qualification: the {chosen.title} in Workplace Mentoring, ILM's level 3 (units "
        f"{', '.join(chosen.units)}). {done} of {len(rows)} criteria have all their evidence"
        + (f"; {hours['hours']:g} of {hours['hours_needed']} hours of mentoring." if hours else ".")
    )
    table = Table(
        HEADER,
        tuple(
            (
                row["criterion"],
                row["ilm"] or UNVERIFIED,
                printable(row["text"]),
                printable("; ".join([*row["answered"], *row["records_kept"]])),
                EVIDENCED if row["evidenced"] else f"{NOT_YET}: " + "; ".join(row["missing"]),
            )
            for row in rows
        ),
    )
    note = (
        "ILM's unit numbers, the units of each track and its hours come from public sources. "
        f"An ILM number marked “{UNVERIFIED}” is mentorkit's own grouping: no public source "
        "gave ILM's number for that criterion, so the assessor maps it to the centre's "
        "result sheet."
    )
    return [Heading("Criteria tracking", 1), Paragraph(said), table, Paragraph(note, quiet=True)]
