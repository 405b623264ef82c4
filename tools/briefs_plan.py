"""The assessment briefs as data: each unit's sections, word ranges, and for each graded
cell the criterion it evidences and where its content comes from (a course activity, a
practice log, the records a learner chooses). `tools/briefs.py` writes the notebooks."""

from __future__ import annotations


def item(
    gid,
    criterion,
    activity=None,
    *,
    question=None,
    evidence=(),
    at_least=0,
    hours=None,
    columns=(),
    parts_check=None,
    words=None,
    note="",
    title=None,
    parts=None,
):
    """One graded cell: its grade id, the criterion it evidences (`parts`: only these of its
    parts), the activity whose answers fill it (`question`: only that one), the kinds of
    record the learner may choose for it and how many (`at_least`, a number or a dict per
    kind), `hours` (a practice log of that kind), and checks: `parts_check` (the names of
    the activity's questions, each to be answered) and `words` (a range for this answer)."""
    return dict(
        gid=gid,
        criterion=criterion,
        activity=activity,
        question=question,
        title=title,
        parts=parts,
        evidence=list(evidence),
        at_least=at_least,
        hours=hours,
        columns=list(columns),
        parts_check=parts_check,
        words=words,
        note=note,
    )


U304 = dict(
    name="unit304-good-practice",
    unit="304",
    words=(2500, 3500),
    about="about 3,000 words",
    sections=[
        dict(
            title="Mentoring in your organisation",
            words=(550, 750),
            lead="What mentoring is for where you work, what it would give your organisation, "
            "and how it differs from the other kinds of help people there receive.",
            items=[
                item("purpose", "304-1.1", "mentoring-in-your-workplace"),
                item("benefits", "304-1.3", "make-the-case"),
                item(
                    "kinds-of-help",
                    "304-2.1",
                    "sort-the-help",
                    note="Where the activity gives you a situation, say how it would play "
                    "out in your own organisation: who a person there would turn to, "
                    "and what is on offer. Say too how mentoring differs from the "
                    "training your organisation runs.",
                ),
            ],
        ),
        dict(
            title="The mentor's role and skills",
            words=(550, 750),
            lead="The roles and responsibilities a mentor in your organisation takes on, "
            "including to the other people with a stake in the mentoring, and the skills "
            "the work asks for.",
            items=[
                item("roles", "304-1.2", "roles-and-responsibilities"),
                item("stakeholders", "304-1.2", "your-stakeholders"),
                item("skills", "304-1.4", "skills-practice"),
            ],
        ),
        dict(
            title="Ethics, inclusion, confidentiality and records",
            words=(550, 750),
            lead="Where the lines fall for a mentor in your organisation, how its mentoring "
            "includes everyone, and how mentoring records are kept there securely and "
            "lawfully.",
            items=[
                item(
                    "boundaries",
                    "304-1.5",
                    "where-are-the-lines",
                    note="Answer each situation as it would be handled where you work: name "
                    "the policy, the service or the person you would turn to.",
                ),
                item("inclusion", "304-1.5", "inclusion-in-your-scheme", parts=["boundaries"]),
                item("records", "304-1.6", "record-keeping-plan"),
            ],
        ),
        dict(
            title="Setting up a mentoring relationship",
            words=(550, 750),
            lead="How a mentoring relationship is contracted, with the mentee and with the "
            "others who have a stake in it, and how it moves through its stages, in your "
            "organisation's scheme or the one you would set up.",
            items=[
                item("agreement", "304-1.7", "why-the-agreement-matters"),
                item("three-way", "304-1.7", "plan-a-three-way-conversation", parts=["contents"]),
                item("stages", "304-2.2", "map-the-journey"),
            ],
        ),
        dict(
            title="Running, reviewing and ending it",
            words=(350, 500),
            lead="How a conversation is given its structure, and how progress is reviewed and "
            "a relationship brought to a good end.",
            items=[
                item("model", "304-2.3", "grow-questions"),
                item("review", "304-2.4", "review-plan"),
            ],
        ),
    ],
)

U307 = dict(
    name="unit307-reflecting",
    unit="307",
    words=(1500, 2500),
    about="about 2,000 words",
    sections=[
        dict(
            title="Where your skills stand now",
            words=(200, 450),
            lead="Your own assessment of your mentoring skills against the course's eight "
            "competencies, checked against what others have noticed.",
            items=[
                item(
                    "self-rating",
                    "307-1.1",
                    "competency-self-rating",
                    evidence=["review"],
                    at_least=0,
                ),
            ],
        ),
        dict(
            title="Reflecting on a real session",
            words=(300, 1000),
            lead="A reflective account of one of your own sessions using Gibbs' cycle, and "
            "the log entries that show you reflecting as you go.",
            items=[
                item(
                    "gibbs",
                    "307-1.2",
                    "gibbs-reflection",
                    evidence=["reflective-log", "learning-log"],
                    at_least=1,
                    parts_check=[
                        "Description",
                        "Feelings and evaluation",
                        "Analysis",
                        "Conclusion and action plan",
                    ],
                ),
            ],
        ),
        dict(
            title="What others tell you",
            words=(200, 450),
            lead="Feedback you have asked for and gathered from your mentee (and from anyone "
            "else who saw you mentor), and what you did with it.",
            items=[
                item(
                    "feedback",
                    "307-1.3",
                    "asking-for-feedback",
                    evidence=["feedback", "witness-testimony"],
                    at_least={"feedback": 1},
                    note="You may add witness testimony too: what a line manager or supervisor "
                    "who saw you mentor told you about it.",
                ),
            ],
        ),
        dict(
            title="Your development plan",
            words=(600, 1000),
            lead="What you most need to develop, your plan to do it, and the supervision and "
            "learning that will support you.",
            items=[
                item("development-areas", "307-2.1", "development-areas"),
                item("objectives", "307-2.2", "my-development-objectives"),
                item(
                    "supervision",
                    "307-2.3",
                    "supervision-and-cpd",
                    evidence=["supervision"],
                    at_least=0,
                ),
            ],
        ),
    ],
)


def practice(unit: str, name: str, hours: int, reflections: int) -> dict:
    """A practice unit's brief: the Award's (305) and the Certificate's (306) differ only in
    their hours and how many reflective accounts they ask for."""

    def c(number: str) -> str:
        return f"{unit}-{number}"

    return dict(
        name=name,
        models_from="unit305-mentoring-practice",
        unit=unit,
        hours=hours,
        words=(1000, 2000),
        about="about 1,500 words of your own, besides the records you hand in",
        sections=[
            dict(
                title="Planning the mentoring with your mentee",
                words=(300, 600),
                lead="The agreement you reached with your mentee, the goals you helped them "
                "set, and the sessions you planned together.",
                items=[
                    item(
                        "agreement",
                        c("1.1"),
                        "draft-agreement",
                        parts_check=[
                            "Purpose and goals",
                            "Meetings",
                            "Confidentiality, notes and agenda",
                            "Problems and ending",
                            "Review and how we agreed",
                        ],
                    ),
                    item("smart-goal", c("1.2"), "make-it-smart"),
                    item(
                        "session-plans",
                        c("1.3"),
                        evidence=["session-record"],
                        at_least=2,
                        title="Sessions you planned with your mentee",
                        note="Choose records of sessions that had an agenda of no more than "
                        "three items, agreed with your mentee and shared ahead.",
                    ),
                ],
            ),
            dict(
                title="Your practice log",
                words=(300, 600),
                lead=f"The hours you have mentored (at least {hours}), your own accounts of "
                "real sessions, what a witness saw, the supervision that supported you, "
                "and the records you kept.",
                items=[
                    item(
                        "hours",
                        c("2.1"),
                        hours="session-record",
                        columns=["mode"],
                        title="Your hours",
                    ),
                    item(
                        "skills",
                        c("2.2"),
                        "grow-in-practice",
                        note="Your reflective log entries are your accounts of real sessions; "
                        "the witness testimony is what someone who saw you mentor "
                        "observed, confirmed by them; your supervision records show the "
                        "support you had.",
                        evidence=["reflective-log", "witness-testimony", "supervision"],
                        at_least={
                            "reflective-log": reflections,
                            "witness-testimony": 1,
                            "supervision": 1,
                        },
                    ),
                    item(
                        "records",
                        c("2.3"),
                        "session-notes",
                        evidence=["session-record"],
                        at_least=2,
                    ),
                ],
            ),
            dict(
                title="Reviewing and ending the mentoring",
                words=(400, 900),
                lead="How your mentee's progress was reviewed, what their feedback says about "
                "the mentoring, and how the relationship came to its end.",
                items=[
                    item(
                        "goal-review", c("3.1"), "goal-evaluation", evidence=["review"], at_least=0
                    ),
                    item(
                        "evaluation",
                        c("3.2"),
                        "evaluate-with-feedback",
                        evidence=["feedback"],
                        at_least=1,
                        words=(200, 800),
                    ),
                    item(
                        "closing",
                        c("3.3"),
                        "closing-session",
                        question=5,
                        title="How your mentoring ended",
                        note="This part is about a closing session that has happened. Hand "
                        "the unit in once you have held it and answered this question "
                        "in the course: a plan for an ending is not evidence of one.",
                    ),
                ],
            ),
        ],
    )


U305 = practice("305", "unit305-mentoring-practice", 6, 2)
U306 = practice("306", "unit306-extended-practice", 36, 4)
ALL = [U304, U305, U306, U307]
