"""Everything that can go wrong, each with words a learner understands.

    MentorkitError            what every mentorkit failure is
    ├── ValidationProblem     a form or record has fields that are wrong
    ├── ArchiveProblem        an archive or backup cannot be read, or a file cannot be written
    ├── CourseNotFound        the course's folders (course/, workbook/) are not where we looked
    ├── ActivityNotFound      no activity of the course has the id a topic asks for
    ├── TrackNotFound         no qualification track (Award, Certificate) or unit has that name
    ├── DateRangeProblem      a From or To date in the journal's filters cannot be used
    ├── NeedsCohort           profiles and proposals need a cohort's database
    ├── ProposalProblem       a proposal's step cannot be taken now, or not by this person
    ├── CohortProblem         a cohort task cannot be done as asked (a bad name, no database)
    ├── HubProblem            the hub cannot start, or start someone's server, safely
    ├── SettingProblem        a setting (MENTORKIT_TIMEZONE, a paper size) cannot be used
    ├── AssessmentProblem     an assessment step (nbgrader) cannot go ahead
    │   ├── MissingAnswers    the assignment asks for answers not saved yet
    │   ├── EvidenceProblem   an entry chosen as evidence cannot go into this assignment
    │   ├── ExchangeProblem   nbgrader's exchange refused to fetch, submit or return feedback
    │   ├── CourseProblem     the nbgrader course folder or the source assignments are unusable
    │   └── DecisionProblem   an assessor's or IQA's decision cannot be recorded or read as asked
    └── StoreError            the store cannot do what was asked
        ├── StoreLocked       another program holds the store for too long
        ├── StoreReadOnly     the store file or its folder cannot be written
        ├── StoreCorrupt      the file is not a mentorkit store, or is damaged
        ├── StoreTooNew       the store was made by a newer mentorkit
        ├── StoreFull         the disk is full
        ├── StoreNotEmpty     an archive can only be imported into an empty store
        ├── RecordNotFound    no record has that id
        ├── AmbiguousId       more than one record's id starts with what was typed
        └── RecordErased      that id's record was erased for good, and cannot return

    AssertionError
    └── NotMet                an assignment's automatic check is not met (nbgrader shows it)

Messages say what happened and what to do; widgets and the command line show
them as they are, so no traceback ever reaches a learner.
"""

from __future__ import annotations


class MentorkitError(Exception):
    """Base of every mentorkit failure; its message is meant for the learner."""


class ValidationProblem(MentorkitError):
    """Some fields of a record are wrong; `problems` maps field name to message."""

    def __init__(
        self, problems: dict[str, str], labels: dict[str, str] | None = None,
        rows: dict[str, dict[tuple[int, str], str]] | None = None,
    ):  # fmt: skip
        self.problems = dict(problems)
        self.labels = dict(labels or {})
        #: for a list-of-rows field, each problem by (row index, column name), unprefixed
        self.rows = {name: dict(found) for name, found in (rows or {}).items()}
        lines = [f"{self.labels.get(name, name)}: {msg}" for name, msg in self.problems.items()]
        super().__init__("\n".join(lines))


class ArchiveProblem(MentorkitError):
    """An archive or backup is broken, foreign or too new, or an export cannot be written."""


class CourseNotFound(MentorkitError):
    """The course's folders (`course/` and `workbook/`) were not found where we looked."""


class ActivityNotFound(MentorkitError):
    """No activity of the course has the id a topic asked for."""


class TrackNotFound(MentorkitError):
    """No track of the qualification (Award, Certificate), or no unit, has the name asked for."""


#: How every refused hand-in ends, so the learner knows their work did not go.
NOTHING_SUBMITTED = "Nothing has been submitted."


class AssessmentProblem(MentorkitError):
    """An assessment step cannot go ahead; the message says why and what to do."""


class MissingAnswers(AssessmentProblem):
    """The assignment asks for answers the learner has not saved yet; `missing` names them."""

    def __init__(self, missing: list[str]):
        self.missing = list(missing)
        lines = "\n".join(f"  - {item}" for item in self.missing)
        super().__init__(
            "This assignment uses answers you have not saved yet:\n"
            f"{lines}\n"
            "Open each activity in the course, write your answers and press Save, then "
            f"submit again. {NOTHING_SUBMITTED}"
        )


class EvidenceProblem(AssessmentProblem):
    """An entry the learner chose as evidence cannot go into this assignment."""


class ExchangeProblem(AssessmentProblem):
    """nbgrader's exchange refused to fetch, submit or hand back feedback."""


class CourseProblem(AssessmentProblem):
    """The nbgrader course folder or the source assignments cannot be used as they are."""


class DecisionProblem(AssessmentProblem):
    """A decision on a criterion (or an IQA outcome) cannot be recorded or read as asked."""


class StoreError(MentorkitError):
    """The store cannot do what was asked."""


class StoreLocked(StoreError):
    """Another program kept the store busy for longer than we wait."""


class StoreReadOnly(StoreError):
    """The store file, or the folder it lives in, cannot be written."""


class StoreCorrupt(StoreError):
    """The file is not a mentorkit store, or it is damaged."""


class StoreTooNew(StoreError):
    """The store was written by a newer release of mentorkit."""


class StoreFull(StoreError):
    """The disk holding the store is full."""


class StoreNotEmpty(StoreError):
    """An archive can only be imported into a store that holds none of its records."""


class RecordNotFound(StoreError):
    """No record has the id that was asked for."""


class AmbiguousId(StoreError):
    """More than one record's id starts with the characters given: type more of it."""


class RecordErased(StoreError):
    """The record was erased for good in this store, so it cannot come back under its id."""


class DateRangeProblem(MentorkitError):
    """A From or To date in the journal's filters that cannot be used."""


class NeedsCohort(MentorkitError):
    """Profiles and proposals live in a cohort's shared database, not on one learner's file."""


class ProposalProblem(MentorkitError):
    """A step cannot be taken now: already answered, closed, or someone else's to take."""


class CohortProblem(MentorkitError):
    """A cohort task cannot be done as asked (a bad name, a missing database)."""


class HubProblem(MentorkitError):
    """The hub cannot start, or cannot start someone's server, safely as configured."""


class SettingProblem(MentorkitError):
    """A setting (an environment variable such as MENTORKIT_TIMEZONE, or a paper size) has
    a value mentorkit cannot use."""


class NotMet(AssertionError):
    """An assignment's automatic check was not met. An AssertionError, as nbgrader counts
    a test cell failed by it; IPython shows only the message."""

    def _render_traceback_(self) -> list[str]:
        return [str(self)]
