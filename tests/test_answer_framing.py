"""An answer cell as the assessor reads it (`assess/shown.py`): the framing `cells.py`
writes (question labels, headings, the practice log's table, chosen records' labels) shown
as framing, the learner's words as text, whatever markup they hold."""

from __future__ import annotations

from factories import sample

from mentorkit.assess.answers import numbered
from mentorkit.assess.cells import entry_text, hours_log
from mentorkit.assess.checks import EVIDENCE_HEADING, LOG_HEADING
from mentorkit.assess.shown import as_html, as_text
from mentorkit.records import kind_of
from mentorkit.store import Store

TYPED = "I <b>bold</b> <script>alert(1)</script> **stars** | pipe\n```\nnot a fence's end"


def _cell(tmp_path) -> str:
    with Store.open(tmp_path / "mine.db", owner="ana") as store:
        kind = kind_of("session-record")
        chosen = store.add(sample(kind, 1))
        store.add(sample(kind, 2))
        log = hours_log(store, {"hours": "session-record", "columns": ["mode"]})
        return "\n\n".join([numbered([(1, TYPED), (2, "Two.")]), LOG_HEADING, log,
                            EVIDENCE_HEADING, entry_text(chosen)])  # fmt: skip


def test_the_framing_is_html_and_the_learners_words_are_text(tmp_path):
    shown = as_html(_cell(tmp_path), {1: "What <went> well?"})
    assert '<p class="mk-question"><strong>1. What &lt;went&gt; well?</strong></p>' in shown
    assert "<strong>Question 2</strong>" in shown  # no words known for it
    assert "I &lt;b&gt;bold&lt;/b&gt; &lt;script&gt;" in shown and "<b>" not in shown
    assert "**stars** | pipe\n```\nnot a fence's end" in shown  # as typed, lines kept
    assert "<script" not in shown
    assert '<th scope="col"' in shown and ">Date</th>" in shown and shown.count("<tr>") == 3
    assert "<strong>Practice log, from your session records</strong>" in shown
    assert "```" not in shown.replace(TYPED.split("\n")[1], "")


def test_in_a_terminal_the_cell_is_plain_text_without_markdown_signs(tmp_path):
    lines = as_text(_cell(tmp_path), {1: "What went well?"})
    assert lines[0] == "1. What went well?"
    assert "    I <b>bold</b> <script>alert(1)</script> **stars** | pipe" in lines
    framing = [line for line in lines if not line.startswith("    ")]
    assert not any("**" in line or "```" in line or line.startswith("|") for line in framing)
    header = next(line for line in framing if line.startswith("Date"))
    assert header.split() == ["Date", "Hours", "Mode"]
