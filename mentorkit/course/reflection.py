"""A gentle, deterministic check of which stages of a reflective model a text touches.

It looks for the words people use at each stage; it prompts, it never grades.
"""

from __future__ import annotations

import re

from mentorkit.course.catalogue import criteria

MODELS: dict[str, dict[str, tuple[str, ...]]] = {
    "gibbs": {
        "Description": (
            "happened",
            "we met",
            "session",
            "meeting",
            "i did",
            "i said",
            "i asked",
            "talked",
            "discussed",
            "told me",
            "we agreed",
            "context",
        ),
        "Feelings": (
            "felt",
            "feel",
            "feeling",
            "nervous",
            "anxious",
            "worried",
            "pleased",
            "happy",
            "frustrated",
            "confident",
            "uncomfortable",
            "excited",
            "relieved",
            "surprised",
            "proud",
            "disappointed",
            "upset",
            "awkward",
            "calm",
            "embarrassed",
        ),
        "Evaluation": (
            "went well",
            "worked",
            "did not work",
            "didn't work",
            "helpful",
            "unhelpful",
            "effective",
            "good",
            "bad",
            "struggled",
            "success",
            "positive",
            "negative",
        ),
        "Analysis": (
            "because",
            "why",
            "reason",
            "due to",
            "led to",
            "this suggests",
            "might have",
            "may have",
            "perhaps",
            "the cause",
            "made sense",
            "i think this",
        ),
        "Conclusion": (
            "learned",
            "learnt",
            "realise",
            "realised",
            "realize",
            "realized",
            "lesson",
            "could have",
            "should have",
            "now understand",
            "i understand",
            "conclude",
        ),
        "Action plan": (
            "next time",
            "i will",
            "i'll",
            "plan to",
            "going to",
            "in future",
            "from now on",
            "i intend",
            "i am going",
            "next session",
            "action",
        ),
    },
    "kolb": {
        "Concrete experience": ("happened", "we met", "session", "i did", "i said", "talked"),
        "Reflective observation": ("felt", "noticed", "went well", "worked", "struggled"),
        "Abstract conceptualisation": (
            "because",
            "learned",
            "learnt",
            "realise",
            "realised",
            "lesson",
            "model",
            "theory",
        ),
        "Active experimentation": (
            "next time",
            "i will",
            "i'll",
            "try",
            "plan to",
            "in future",
            "experiment",
        ),
    },
}


def stages_present(text: str, model: str = "gibbs") -> dict[str, bool]:
    """For each stage of the model, whether the text seems to say something about it."""
    lowered = " ".join((text or "").lower().replace("’", "'").split())
    return {
        stage: any(re.search(rf"(?<!\w){re.escape(cue)}(?!\w)", lowered) for cue in cues)
        for stage, cues in MODELS[model].items()
    }


def prompt(text: str, model: str = "gibbs") -> str:
    """A kind sentence naming what is there and what might be added."""
    found = stages_present(text, model)
    have = [s.lower() for s, ok in found.items() if ok]
    missing = [s.lower() for s, ok in found.items() if not ok]
    if not have:
        return "Start wherever you like: what happened is often the easiest place to begin."
    if not missing:
        return f"You have touched every stage ({', '.join(have)}). That is a full reflection."
    return (
        f"You have written about {', '.join(have)}. "
        f"You might also add a line on {', '.join(missing)}."
    )


#: The models the check knows, by the name a learner reads
MODEL_NAMES = {"gibbs": "Gibbs' reflective cycle", "kolb": "Kolb's learning cycle"}


def reflection_criteria() -> set[str]:
    """The criteria for reflecting on practice with a recognised model, found by their words
    in criteria.json (the ids follow the qualification's units and may change)."""
    return {c.id for c in criteria() if "model of reflection" in c.text.lower()}


def reflects(criteria) -> bool:
    """Whether work evidencing these criteria is a reflection the check should look at."""
    return bool(set(criteria or ()) & reflection_criteria())


def applies_to(record) -> bool:
    """Whether a saved record is a reflection the check should look at."""
    return reflects(set(type(record).evidences) | set(getattr(record, "criteria", None) or ()))


def record_prompt(record, model: str = "gibbs") -> str:
    """The gentle prompt for a whole saved record (every text in it)."""
    from mentorkit.store import search_text

    return prompt(search_text(record.content()), model)
