"""The words of an assessment brief's opening cell, and how records are named in it (for
`tools/briefs.py`)."""

from __future__ import annotations

from mentorkit.course.catalogue import criteria
from mentorkit.records import kind_of

STYLE = (
    "<style>.highlight pre { white-space: pre-wrap; word-break: normal; "
    "overflow-wrap: anywhere; font-family: inherit; font-size: inherit; }</style>"
)


def kinds_words(kinds) -> str:
    names = [kind_of(k).title.lower() for k in kinds]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def named(kind: str, n: int) -> str:
    """A kind's title for n entries: 'session records', 'witness testimonies'."""
    title = kind_of(kind).title.lower()
    if title.endswith("feedback"):
        return title + (" entry" if n == 1 else " entries")
    if n == 1:
        return title
    return title[:-1] + "ies" if title.endswith("y") else title + "s"


def how_many(item) -> str:
    wanted = item["at_least"]
    if isinstance(wanted, dict):
        bits = [f"at least {n} {named(k, n)}" for k, n in wanted.items()]
        return ", ".join(bits[:-1]) + " and " + bits[-1] if len(bits) > 1 else bits[0]
    if not wanted:
        names = " or ".join(named(k, 2) for k in item["evidence"])
        return f"any {names} you choose (none is required, though they help your assessor)"
    names = " or ".join(named(k, wanted) for k in item["evidence"])
    return f"at least {wanted} {names}"


def plural(n, one, many):
    return one if n == 1 else many


def intro(a) -> str:
    unit = a["unit"]
    title = next(c.unit_title for c in criteria() if c.unit == unit)
    low, high = a["words"]
    name = a["name"]
    kinds = sorted({k for s in a["sections"] for i in s["items"] for k in i["evidence"]})
    logs = any(i["hours"] for s in a["sections"] for i in s["items"])
    tracks = {
        "304": "both the Award and the Certificate",
        "307": "both the Award and the Certificate",
        "305": "the Award",
        "306": "the Certificate",
    }[unit]
    sections = "\n".join(
        f"{n}. {s['title']} ({s['words'][0]:,} to {s['words'][1]:,} words)"
        for n, s in enumerate(a["sections"], 1)
    )
    practice = None
    if "hours" in a:
        practice = (
            "the evidence of your real mentoring: a practice log of at least "
            f"**{a['hours']} hours**, "
            "drawn from your own session records; your mentee's feedback; testimony from someone "
            "who saw you mentor; your supervision records; and your own accounts of real sessions "
            f"({a['about']}). Everything here is about mentoring that has happened. Do not hand "
            "in a plan in place of something you have not done yet: hand the unit in once it has "
            "happened."
        )
    what = {
        "304": (
            "a written assignment of " + a["about"] + " that applies good practice in "
            "workplace mentoring to **your own organisation**. Write every answer about the "
            "place you work: its people, its policies and the help it offers. Where an "
            "activity gives you a situation, say how it would be handled there."
        ),
        "307": (
            "a reflective review of your own mentoring skills, of " + a["about"] + ", built "
            "on three things: what your mentee has told you in their feedback, your own "
            "rating of your skills against the course's competencies, and the development "
            "plan you draw up from both."
        ),
    }.get(unit, practice)
    evidence = ""
    if kinds:
        evidence = (
            "\n\n### Choosing your records\n\n"
            f"Some parts ask for records you have saved in the course ({kinds_words(kinds)}). "
            "You choose which: `mentorkit assess evidence` lists yours with their ids; add "
            "`--evidence ID` for each one when you submit. Only the records you choose are "
            "handed in; each part says how many it needs."
            + (
                "\n\nYour practice log is different: it is made for you from every session record "
                "you have saved, with only each session's date, length and mode."
                if logs
                else ""
            )
        )
    chose = " and the records you chose" if kinds else ""
    return f"""{STYLE}

# Unit {unit}: {title}

ILM unit {unit}, for {tracks}. This assignment is {what}

The unit number is ILM's; the criterion numbers after it (such as {unit}-1.1) are
mentorkit's own way of listing the unit's criteria, so your centre's result sheet may number
them differently.

### The brief

The assignment has {len(a["sections"])} sections. Each one addresses the criteria named in
it, and gives a range of words for your answers in that section:

{sections}

In all, your written answers should come to **{low:,} to {high:,} words**. The word counts
are advice, for you and your assessor: the computer counts the words, and your assessor
judges what they say.{evidence}

### How this assignment works

You do not type anything here. Your answers come from the activities you have saved in the
course, exactly as you wrote them. When you are ready, run this in a terminal (or ask your
centre how they hand in work):

```
mentorkit assess submit {name} --course-dir COURSE_FOLDER{" --evidence ID" if kinds else ""}
```

COURSE_FOLDER is the course folder your assessor gives you. On your centre's JupyterHub, or
if your assessor has set the course up on your computer for you, leave `--course-dir
COURSE_FOLDER` out.

mentorkit fetches the assignment, fills in your latest saved answers{chose}
and hands it in through nbgrader. If an answer is missing, it tells you which activity to
finish and hands in nothing. You can submit again as often as you like before the deadline:
the last submission is the one that counts. To change an answer, change it in the course
and submit again.

When your assessor has read your work, fetch your feedback with
`mentorkit assess feedback {name} --course-dir COURSE_FOLDER`.

Only what this assignment names leaves your store{", with the records you choose" if kinds else ""}.
Everything else stays private. Use a code or initials, never your mentee's name.

### How it is assessed

Under each answer is what your assessor looks for: the parts of the criterion it evidences.
Your assessor marks every part, and a criterion is **met** only when every one of its parts
is there. If a part is missing, the criterion is **not yet** met: that is not a fail. The
comment says what to add, and you can improve your answer in the course and submit again.
The unit is achieved when every one of its criteria is met.
"""
