"""The goal board: each goal with its tasks done, due and overdue, and the wins."""

from __future__ import annotations

import html
from datetime import date
from typing import Any

import ipywidgets as w

from mentorkit import figures
from mentorkit.apps.base import StoreView
from mentorkit.look import heading, plain
from mentorkit.page import when_requested


def _task_line(task: Any, today: date) -> str:
    when = f" by {task.deadline:%-d %b %Y}" if task.deadline else ""
    if task.done:
        return f"<li class='mk-win'>✓ {html.escape(task.what)}{when}</li>"
    css = " class='mk-overdue'" if task.deadline and task.deadline < today else ""
    note = " (overdue)" if css else ""
    return f"<li{css}>○ {html.escape(task.what)}{when}{note}</li>"


def goal_card(status: figures.GoalStatus, today: date | None = None) -> str:
    """One goal as an HTML card; every piece of learner text escaped."""
    today = today or date.today()
    goal = status.goal
    target = f"target {goal.target_date:%-d %B %Y}" if goal.target_date else "no target date"
    late = " <span class='mk-overdue'>(past its target date)</span>" if status.late else ""
    counts = f"{status.done} done · {status.due} to do · {status.overdue} overdue"
    tasks = "".join(_task_line(t, today) for t in goal.tasks)
    return (
        f"<div class='mk-card'><strong class='mk-value'>{html.escape(goal.specific)}</strong>"
        f"<div>{html.escape(goal.status)} · {html.escape(target)}{late}</div>"
        f"<div>Tasks: {counts}</div><ul>{tasks}</ul></div>"
    )


class GoalBoard(StoreView):
    """Goals, tasks and wins at a glance; `refresh()` reads the store again."""

    def __init__(self, store: Any = None):
        self.board = w.VBox()
        refresh = w.Button(description="Refresh", icon="refresh")
        refresh.on_click(lambda _: self.refresh())
        super().__init__([refresh, self.board], store)
        when_requested(self.refresh)

    def refresh(self) -> None:
        statuses = self.attempt(figures.goal_statuses, self.store)
        won = self.attempt(figures.wins, self.store)
        if statuses is None or won is None:
            return
        open_goals = [s for s in statuses if not s.achieved]
        parts = [heading("Goals under way", 2)]
        if open_goals:
            parts.append(w.HTML("".join(goal_card(s) for s in open_goals)))
        else:
            parts.append(plain("No goals under way. Set one in the Goal app."))
        parts.append(heading("Wins to celebrate", 2))
        if won:
            items = "".join(f"<li class='mk-win'>{html.escape(line)}</li>" for line in won)
            parts.append(w.HTML(f"<ul>{items}</ul>"))
        else:
            parts.append(plain("Your achieved goals and completed actions will appear here."))
        self.board.children = parts


def goal_board(store: Any = None) -> GoalBoard:
    """Goals with their tasks done, due and overdue, and the wins to celebrate."""
    return GoalBoard(store)
