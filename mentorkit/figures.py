"""Figures over the learner's store: sessions, hours, actions, goals, ratings.

Plain functions returning numbers or pandas frames, so the dashboard, the landing
page and the tests all read the same figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from mentorkit.records import Goal, MenteeFeedback, Partnership, ProgressReview, SessionRecord

#: The ILM Level 3 Award asks for at least this many hours of mentoring (the Certificate, 36).
AWARD_HOURS = 6


def sessions_by_month(store: Any):
    """Sessions and hours per calendar month, oldest first (past sessions only)."""
    import pandas as pd

    rows = [
        {"month": s.date.strftime("%Y-%m"), "hours": s.hours() or 0.0}
        for s in store.find(SessionRecord)
        if s.date <= date.today()
    ]
    frame = pd.DataFrame(rows, columns=["month", "hours"])
    grouped = frame.groupby("month").agg(sessions=("hours", "size"), hours=("hours", "sum"))
    return grouped.sort_index()


def total_hours(store: Any) -> float:
    """Hours of the sessions held so far, each the session's own (`Record.hours`)."""
    return float(sum(s.hours() or 0 for s in store.find(SessionRecord) if s.date <= date.today()))


def agreed_monthly_hours(store: Any) -> float | None:
    """Hours a month from the newest partnership agreement that says, else None: how
    often to meet is the partners' to agree (one scheme's hour a month is no norm)."""
    for partnership in store.find(Partnership):
        if partnership.hours_per_month:
            return float(partnership.hours_per_month)
    return None


@dataclass(frozen=True)
class ActionSummary:
    done: int
    open: int
    overdue: int


def actions_summary(store: Any, today: date | None = None) -> ActionSummary:
    """Actions agreed in sessions: done, still open, and open past their due date."""
    today = today or date.today()
    actions = [a for s in store.find(SessionRecord) for a in s.actions]
    done = sum(a.done for a in actions)
    overdue = sum(not a.done and a.due is not None and a.due < today for a in actions)
    return ActionSummary(done=done, open=len(actions) - done, overdue=overdue)


def next_meeting(store: Any, today: date | None = None) -> tuple[date, Any] | None:
    """The soonest planned meeting from today on, with its time (or None)."""
    today = today or date.today()
    planned = [
        (s.next_date, s.next_time) for s in store.find(SessionRecord)
        if s.next_date is not None and s.next_date >= today
    ]  # fmt: skip
    planned += [(s.date, s.start) for s in store.find(SessionRecord) if s.date > today]
    return min(planned, key=lambda p: p[0]) if planned else None


def feedback_ratings(store: Any):
    """Feedback ratings by the date of the session they are about (else when given)."""
    import pandas as pd

    sessions = {s.id: s.date for s in store.find(SessionRecord)}
    rows = [
        {"date": sessions.get(f.session) or f.created.date(), "rating": f.rating}
        for f in store.find(MenteeFeedback)
    ]
    return pd.DataFrame(rows, columns=["date", "rating"]).sort_values("date")


def competency_changes(store: Any):
    """Each competency's latest before and after ratings from progress reviews."""
    import pandas as pd

    latest: dict[str, dict[str, Any]] = {}
    for review in reversed(store.find(ProgressReview)):  # oldest first: newer overwrite
        for rating in review.ratings:
            entry = latest.setdefault(rating.competency, {"before": None, "after": None})
            if rating.before is not None:
                entry["before"] = rating.before
            if rating.after is not None:
                entry["after"] = rating.after
    rows = [{"competency": name, **values} for name, values in latest.items()]
    return pd.DataFrame(rows, columns=["competency", "before", "after"])


@dataclass(frozen=True)
class GoalStatus:
    goal: Goal
    done: int
    due: int
    overdue: int
    late: bool  # past its target date and not achieved

    @property
    def achieved(self) -> bool:
        return self.goal.achieved or self.goal.status == "Achieved"


def goal_statuses(store: Any, today: date | None = None) -> list[GoalStatus]:
    today = today or date.today()
    statuses = []
    for goal in store.find(Goal):
        done = sum(t.done for t in goal.tasks)
        overdue = sum(not t.done and t.deadline is not None and t.deadline < today
                      for t in goal.tasks)  # fmt: skip
        status = GoalStatus(goal, done, len(goal.tasks) - done - overdue, overdue, False)
        late = (goal.target_date is not None and goal.target_date < today
                and not status.achieved)  # fmt: skip
        statuses.append(GoalStatus(goal, done, status.due, overdue, late))
    return statuses


def wins(store: Any) -> list[str]:
    """Achieved goals and completed actions, as sentences to celebrate (plain text)."""
    found = [f"Goal achieved: {s.goal.excerpt(90)}" for s in goal_statuses(store) if s.achieved]
    for session in store.find(SessionRecord):
        for action in session.actions:
            if action.done:
                who = f" ({action.who})" if action.who else ""
                found.append(f"Action done: {action.what}{who}")
    return found
