"""The content an ILM centre found missing: where the new pages sit, and what they must hold."""

from __future__ import annotations

import json
import re
from pathlib import Path

from mentorkit.course.catalogue import pages

COURSE = Path(__file__).resolve().parents[1] / "course"
GUIDES = COURSE / "guides"


def _markdown(path: Path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def _sections(text: str, level: str = "## ") -> dict[str, str]:
    parts = re.split(rf"^(?={level})", text, flags=re.M)
    return {part.splitlines()[0][len(level) :]: part for part in parts if part.startswith(level)}


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def test_a_new_topic_sits_straight_after_the_topic_it_extends():
    keys = [page.key for page in pages(COURSE)]
    for before, after in [
        ("04-contracting-and-agreement", "04a-stakeholders-and-contracting"),
        ("05-ethics-and-confidentiality", "05a-professional-codes"),
        ("05a-professional-codes", "05b-equality-and-inclusion"),
        ("08-conversation-model", "08a-models-and-stages"),
        ("11-feedback", "11a-one-session-two-ways"),
    ]:
        assert keys.index(after) == keys.index(before) + 1, (before, after)


def test_every_work_a_topic_cites_is_on_the_reading_list():
    listed = _markdown(GUIDES / "08-reading-list.ipynb")
    missing = []
    for path in sorted((COURSE / "topics").glob("*.ipynb")):
        references = _markdown(path).split("## References and further reading")[-1]
        for entry in re.findall(r"^- (.+)$", references, re.M):
            if entry not in listed:
                missing.append(f"{path.stem}: {entry}")
    assert missing == []


def test_each_case_study_is_a_longer_story_that_ends_with_questions():
    cases = {
        title: text
        for title, text in _sections(_markdown(GUIDES / "06-case-studies.ipynb")).items()
        if title.startswith("Case study")
    }
    assert len(cases) == 3
    for title, text in cases.items():
        story, _, questions = text.partition("### Questions to think about")
        assert 700 <= _words(story) <= 1000, (title, _words(story))
        assert len(re.findall(r"^\d\. .+\?$", questions, re.M)) >= 4, title


def test_the_toolkit_holds_questions_by_stage_an_agreement_a_plan_and_local_services():
    toolkit = _sections(_markdown(GUIDES / "07-mentors-toolkit.ipynb"))
    stages = _sections(toolkit["A question bank for each stage"], "### ")
    assert len([s for s in stages.values() if s.count("?") >= 4]) >= 5
    agreement = toolkit["A mentoring agreement template"]
    assert all(word in agreement for word in ("Confidentiality", "Limits of", "Ending"))
    assert "| **Close** |" in toolkit["A session plan"]
    services = toolkit["Local services a mentee might need"]
    for heading in ("Employee assistance programme", "Occupational health", "HR", "union",
                    "Samaritans", "NHS 111"):  # fmt: skip
        assert heading in services, heading
    assert services.count("______") >= 10  # headings the mentor fills in for their own area


def test_the_poorly_run_session_comes_before_its_critique_and_the_better_version_after():
    sections = list(_sections(_markdown(COURSE / "topics" / "11a-one-session-two-ways.ipynb")))
    order = ["Version one", "Activity: Critique the session", "Version two", "What changed"]
    assert [sections.index(name) for name in order] == sorted(sections.index(n) for n in order)
