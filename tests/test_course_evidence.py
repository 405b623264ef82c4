"""Evidence only from real practice: no activity, quiz or assignment offers a made-up mentee.

A practice criterion is met by what the learner did with a real mentee. The course's
characters (Grace and Ellie, Helen and Daniel…) teach; they may not stand in for a mentee
the learner does not have yet.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from mentorkit.course.catalogue import activities, criteria, data_file, quiz

ROOT = Path(__file__).resolve().parents[1]
COURSE = ROOT / "course"
TOPICS = sorted((COURSE / "topics").glob("*.ipynb"))
QUIZZES = sorted(data_file("quizzes").glob("*.json"))
ASSIGNMENTS = sorted((ROOT / "workbook" / "assignments").rglob("*.ipynb"))

#: A stand-in for a real mentee, whatever the sentence around it
STAND_INS = re.compile(
    r"(someone|one) you expect to (mentor|work with)|invent(ing|ed)? (sensible|some|a|the)"
    r"|from the scenario|make up|imaginary|made-up|pretend",
    re.I,
)
#: A learner without a mentee yet: such a sentence may only send them back later
NOT_YET = re.compile(
    r"not (yet )?mentoring|if you are not\b|have not (yet )?(started|mentored|had|been)"
    r"|if you do not have|if (none|your mentoring has not)",
    re.I,
)


def stand_in(words: str) -> str | None:
    """The first sentence that offers something in place of a real mentee, if any."""
    for sentence in re.split(r"(?<=[.?!])\s+", words):
        if STAND_INS.search(sentence):
            return sentence
        if NOT_YET.search(sentence) and not re.search(r"come back", sentence, re.I):
            return sentence
    return None


#: What a practice prompt draws on: the learner's own saved records
OWN_RECORDS = re.compile(
    r"\b(saved|session records?|reflective logs?|learning log|mentee feedback|feedback"
    r"|hours|goal records?|the mentoring you are doing now|a session you have had)\b",
    re.I,
)
#: How the course brings in a character: "Grace is…", "Ellie's…", "Mei, a…", "mentoring Ellie"
_VERBS = (
    "is|has|had|was|says|said|asks|asked|mentors|replies|explains|agrees|leaves|writes|"
    "wants|became|keeps|notices|pauses|tells|feels|decides|arrives"
)
_INTRODUCED = [
    rf"\b([A-Z][a-z]{{2,}})\s+(?:{_VERBS})\b",
    r"\b([A-Z][a-z]{2,})(?:'s|’s)\s",
    r"\b([A-Z][a-z]{2,}), an? ",
    r"\b(?:mentored by|mentoring|mentors|with|and) ([A-Z][a-z]{2,})\b",
]


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _markdown(path: Path) -> str:
    return "\n".join("".join(c["source"]) for c in _cells(path) if c["cell_type"] == "markdown")


def _teaching_and_references() -> tuple[str, str]:
    """The course's words, split into its teaching text and its references sections."""
    teaching, references = [], []
    for path in sorted(COURSE.rglob("*.ipynb")):
        for part in re.split(r"^(?=## )", _markdown(path), flags=re.M):
            is_references = part.startswith("## References")
            (references if is_references else teaching).append(part)
    return "\n".join(teaching), "\n".join(references)


def example_names() -> set[str]:
    """The names of the course's characters, read from the course's own text: a capitalised
    word introduced as a person that is never written in lower case and is no author."""
    teaching, references = _teaching_and_references()
    found = {name for pattern in _INTRODUCED for name in re.findall(pattern, teaching)}
    lower = set(re.findall(r"\b[a-z]+\b", teaching))
    return {name for name in found if name.lower() not in lower and name not in references}


def practice_criteria() -> set[str]:
    """Criteria met by doing (the reflecting and practice units), not by understanding."""
    return {c.id for c in criteria() if not c.unit_title.lower().startswith("understanding")}


def prompts() -> dict[str, str]:
    """Each activity's words as a learner reads them: the cell above its call, and its
    questions."""
    questions = {ref.activity: "\n".join(ref.questions) for ref in activities()}
    found = {}
    for path in TOPICS:
        cells = _cells(path)
        for before, cell in zip(cells, cells[1:], strict=False):
            call = re.fullmatch(r'activity\("([a-z0-9-]+)"\)', "".join(cell["source"]).strip())
            if call:
                found[call[1]] = "".join(before["source"]) + "\n" + questions.get(call[1], "")
    return found


PRACTICE = sorted(ref.activity for ref in activities() if set(ref.criteria) & practice_criteria())


def test_the_course_names_its_characters_and_the_practice_activities_are_known():
    names = example_names()
    assert {"Grace", "Ellie", "Helen", "Daniel"} <= names or len(names) >= 10, names
    assert len(PRACTICE) >= 10 and set(PRACTICE) <= set(prompts())


@pytest.mark.parametrize("activity", PRACTICE)
def test_a_practice_activity_draws_on_the_learners_own_records_only(activity):
    words = prompts()[activity]
    assert stand_in(words) is None
    borrowed = sorted(n for n in example_names() if re.search(rf"\b{n}\b", words))
    assert borrowed == [], f"{activity} offers the course's characters: {borrowed}"
    assert OWN_RECORDS.search(words), f"{activity} does not say which saved records it uses"


@pytest.mark.parametrize("activity", PRACTICE)
def test_a_learner_without_a_mentee_is_told_to_come_back_after_their_first_sessions(activity):
    words = prompts()[activity]
    assert re.search(r"come back", words, re.I), activity


@pytest.mark.parametrize("path", QUIZZES, ids=[p.stem for p in QUIZZES])
def test_no_quiz_item_offers_a_stand_in_mentee(path):
    items = quiz(path.stem)["items"]
    for item in items:
        words = " ".join([item["question"], *(o["text"] + " " + o["why"] for o in item["options"])])
        assert stand_in(words) is None


@pytest.mark.parametrize("path", ASSIGNMENTS, ids=[p.stem for p in ASSIGNMENTS])
def test_no_assignment_offers_a_stand_in_mentee(path):
    assert stand_in(_markdown(path)) is None


#: A Harvard entry: authors with initials (or a body), the year, then an italic title
HARVARD = re.compile(r"^- [^()\n]+ \((?:19|20)\d\d\)\s.*\*[^*\n]+\*", re.M)


@pytest.mark.parametrize("path", TOPICS, ids=[p.stem for p in TOPICS])
def test_every_topic_ends_with_its_references_in_harvard_style(path):
    sections = re.split(r"^(?=## )", _markdown(path), flags=re.M)
    last = sections[-1]
    assert last.startswith("## References and further reading\n"), path.stem
    entries = [line for line in last.splitlines() if line.startswith("- ")]
    harvard = [e for e in entries if HARVARD.match(e) and re.search(r"\b[A-Z][a-z]+, [A-Z]\.", e)]
    assert harvard, f"{path.stem}: no entry reads 'Surname, I. (year) *Title*. Place: Publisher.'"


def test_a_model_the_course_names_is_credited_where_it_is_taught():
    """Proctor's three functions of supervision went unattributed."""
    for topic, model, author in [
        ("12-endings-and-development", "three functions", "Proctor"),
        ("10-reflective-practice", "reflective cycle", "Gibbs"),
        ("10-reflective-practice", "experiential learning", "Kolb"),
        ("08-conversation-model", "GROW", "Whitmore"),
        ("06-smart-goals", "SMART", "Doran"),
    ]:
        text = _markdown(COURSE / "topics" / f"{topic}.ipynb")
        teaching, references = text.split("## References and further reading")
        assert model in teaching and author in teaching, (topic, author)
        assert re.search(rf"^- {author}, ", references, re.M), (topic, author)
