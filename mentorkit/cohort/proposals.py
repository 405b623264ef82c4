"""How a mentee and a mentor find each other in a cohort: profiles, a proposal and its answers,
the partnership it becomes, sign-off and the closing survey. Logic over the store only; the
apps are in `mentorkit.apps.cohort`. Every step is a record, so the whole story is kept.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from mentorkit.errors import NeedsCohort, ProposalProblem, ValidationProblem
from mentorkit.records import (
    ClosingSurvey,
    Partnership,
    Profile,
    Proposal,
    ProposalResponse,
    Record,
    validate,
)
from mentorkit.records.kinds import (
    AVAILABILITY,
    DECISIONS,
    PARTNERSHIP_STATUS,
    PROFILE_ROLES,
    PROPOSAL_STATUS,
    ROLES,
    WHO,
)

# The words of each step are the record kinds' own, declared once there.
ACCEPT, AMEND, REJECT = DECISIONS
WAITING, ACCEPTED, AMEND_REQUESTED, REJECTED, WITHDRAWN = PROPOSAL_STATUS
#: What each answer makes of the proposal, in the Proposal kind's status words.
OUTCOMES = {ACCEPT: ACCEPTED, AMEND: AMEND_REQUESTED, REJECT: REJECTED}
MENTOR = ROLES[0]
MENTORING_ROLES = tuple(role for role in PROFILE_ROLES if MENTOR in role.split())
AVAILABLE = AVAILABILITY[0]
AGREED, COMPLETE = PARTNERSHIP_STATUS[0], PARTNERSHIP_STATUS[-1]

NEEDS_COHORT = (
    "Proposals need a cohort: ask your programme coordinator for a place on your centre's "
    "mentorkit hub. On this computer your workbook keeps your records for you alone, so there "
    "is nobody here to send a proposal to, or to receive one from. Everything else in your "
    "workbook works as usual."
)


def in_cohort(store: Any) -> bool:
    """Whether the store is a cohort's, where records can be shared with a partner."""
    return callable(getattr(store, "add_partner", None))


def require_cohort(store: Any) -> Any:
    if not in_cohort(store):
        raise NeedsCohort(NEEDS_COHORT)
    return store


# profiles ------------------------------------------------------------------------------


def profiles(store: Any) -> dict[str, Profile]:
    """Everyone's current profile, by their name in the cohort (the newest if they kept two)."""
    require_cohort(store)
    found: dict[str, Profile] = {}
    for record in store.find(Profile):
        if record.owner not in found or record.updated > found[record.owner].updated:
            found[record.owner] = record
    return found


def my_profile(store: Any) -> Profile | None:
    return profiles(store).get(store.owner)


def who(store: Any, name: str, known: dict[str, Profile] | None = None) -> str:
    """A person as others see them: the name on their profile, then their cohort name."""
    found = (known if known is not None else profiles(store)).get(name)
    return f"{found.name} ({name})" if found else name


def is_mentor(store: Any) -> bool:
    """Whether you are one of the cohort's mentors.

    The coordinator says who mentors (`mentorkit cohort add-mentor`), not a profile: anyone
    may write "Mentor" in theirs, and a mentee's proposal shares their words with the mentor.
    """
    require_cohort(store)
    return store.owner in store.mentors()


def available_mentors(store: Any) -> list[Profile]:
    """Profiles of the cohort's mentors who can take a mentee now (not you), by name."""
    known = profiles(store)  # says a cohort is needed, on a laptop
    mentors = store.mentors()
    offered = [
        p
        for owner, p in known.items()
        if owner != store.owner
        and owner in mentors
        and p.role in MENTORING_ROLES
        and p.availability == AVAILABLE
    ]
    return sorted(offered, key=lambda p: (p.name.casefold(), p.owner))


# proposals -----------------------------------------------------------------------------


def propose(store: Any, mentor: str, wanted: str) -> Proposal:
    """Send a proposal to a mentor: it is shared with them, and with you."""
    if mentor not in {p.owner for p in available_mentors(store)}:
        raise ProposalProblem(
            f"{mentor} is not taking on new mentees just now, so nothing was sent. "
            "Choose another mentor from the list, or ask your programme coordinator."
        )
    open_ones = [p for p in sent(store) if p.mentor == mentor
                 and status(thread(store, p.id)) in (WAITING, AMEND_REQUESTED)]  # fmt: skip
    if open_ones:
        raise ProposalProblem(
            f"Your proposal to {who(store, mentor)} is still open, so nothing new was sent. "
            "Wait for their answer, or amend that one if they ask you to."
        )
    made = store.add(validate(Proposal, {"mentor": mentor, "wanted": wanted, "status": WAITING}))
    for member in (mentor, store.owner):  # the owner is a member already; this says so
        store.add_partner(made.id, member)
    return made


def sent(store: Any) -> list[Proposal]:
    """Proposals you have sent, newest first."""
    require_cohort(store)
    return [p for p in store.find(Proposal) if p.owner == store.owner]


def received(store: Any) -> list[Proposal]:
    """Proposals sent to you as a mentor, newest first."""
    require_cohort(store)
    return [p for p in store.find(Proposal) if p.mentor == store.owner and p.owner != store.owner]


def thread(store: Any, proposal_id: str) -> list[Proposal | ProposalResponse]:
    """Every version of a proposal and every answer to it from the mentor it names, oldest first."""
    require_cohort(store)
    current = store.get(proposal_id)  # the database keeps its mentor as sent
    versions = [v for v in store.history(proposal_id) if v.revision <= current.revision]
    mentor = current.mentor  # an "answer" by anyone else answers nothing
    answers = [
        r for r in store.find(ProposalResponse) if r.proposal == proposal_id and r.owner == mentor
    ]

    def order(step: Record) -> tuple:
        if isinstance(step, Proposal):
            return (step.revision, 0, step.updated)
        # An answer follows the version it answers, whatever the clocks say.
        version = step.version or sum(1 for v in versions if v.updated <= step.created)
        return (version, 1, step.created)

    return sorted([*versions, *answers], key=order)


def status(steps: list[Proposal | ProposalResponse]) -> str:
    """Where a proposal stands, in the Proposal kind's status words.

    Only the mentor's answers decide an outcome: the mentee's own versions can say no more
    than that it waits or is withdrawn, whatever status was written into them.
    """
    last = steps[-1]
    if isinstance(last, ProposalResponse):
        return OUTCOMES[last.decision]
    return last.status if last.status in (WAITING, WITHDRAWN) else WAITING


def respond(store: Any, proposal_id: str, decision: str, comment: str) -> ProposalResponse:
    """The mentor's answer: Accept (which starts the partnership), Ask to amend, or Reject."""
    if decision == ACCEPT:
        return _accepted(store, proposal_id, comment, {})[0]
    proposal = _answerable(store, proposal_id)
    return _answer(store, proposal, decision, comment)


def accept(store: Any, proposal_id: str, comment: str, **agreement: Any) -> Partnership:
    """Accept a proposal: the answer is kept and the partnership is agreed, shared by both."""
    return _accepted(store, proposal_id, comment, agreement)[1]


def amend(store: Any, proposal_id: str, wanted: str) -> Proposal:
    """Send a changed proposal: a new version of the same one, every earlier version kept."""
    _still_open(store, proposal_id, "change")
    return store.update(proposal_id, wanted=wanted, status=WAITING)


def withdraw(store: Any, proposal_id: str) -> Proposal:
    """Take back a proposal not yet accepted: it is closed, and kept with its story."""
    _still_open(store, proposal_id, "withdraw")
    return store.update(proposal_id, status=WITHDRAWN)


def _still_open(store: Any, proposal_id: str, doing: str) -> Proposal:
    """The proposal, if it is yours and not yet closed (so you may still `doing` it)."""
    require_cohort(store)
    proposal = store.get(proposal_id)
    if proposal.owner != store.owner:
        raise ProposalProblem(f"Only the mentee who sent this proposal can {doing} it.")
    now = status(thread(store, proposal_id))
    if now not in (WAITING, AMEND_REQUESTED):
        raise ProposalProblem(_closed(store, proposal, now))
    return proposal


def sharing_choices(store: Any) -> list[tuple[str, str]]:
    """The partnerships you are in and not yet signed off, newest first, as (who it is with,
    the id a record shared in it carries): what a session record can be saved in."""
    require_cohort(store)
    known = profiles(store)
    return [
        (f"With {p.partner if p.owner == store.owner else who(store, p.owner, known)}",
         p.partnership or p.id)
        for p in partnerships(store)
        if p.status != COMPLETE
    ]  # fmt: skip


def partnership_for(store: Any, proposal_id: str) -> Partnership | None:
    """The partnership an accepted proposal became, if any."""
    require_cohort(store)
    found = [p for p in store.find(Partnership) if p.partnership == proposal_id]
    return found[0] if found else None


def _answerable(store: Any, proposal_id: str) -> Proposal:
    """The proposal, if it is yours to answer and waits for an answer."""
    require_cohort(store)
    proposal = store.get(proposal_id)
    if proposal.mentor != store.owner or proposal.owner == store.owner:
        raise ProposalProblem(f"This proposal was sent to {proposal.mentor}: only they can answer.")
    if not is_mentor(store):
        raise ProposalProblem(
            "Only the cohort's mentors can answer proposals, and your programme coordinator "
            "has not added you as one. Nothing was sent: ask them to add you as a mentor."
        )
    now = status(thread(store, proposal_id))
    if now != WAITING:
        raise ProposalProblem(_closed(store, proposal, now))
    return proposal


def _answer(store: Any, proposal: Proposal, decision: str, comment: str) -> ProposalResponse:
    answer = {
        "proposal": proposal.id, "version": proposal.revision, "decision": decision,
        "comment": comment, "partnership": proposal.id,
    }  # fmt: skip
    return store.add(validate(ProposalResponse, answer))


def _accepted(store: Any, proposal_id: str, comment: str, agreement: dict[str, Any]) -> tuple:
    proposal = _answerable(store, proposal_id)
    terms = {
        "partner": who(store, proposal.owner), "my_role": MENTOR, "started": date.today(),
        "status": AGREED, **agreement, "partnership": proposal.id,
    }  # fmt: skip
    partnership = validate(Partnership, terms)  # checked before anything is saved
    answer = _answer(store, proposal, ACCEPT, comment)
    return answer, store.add(partnership)


def _closed(store: Any, proposal: Proposal, now: str) -> str:
    if now == AMEND_REQUESTED:
        return (
            f"{who(store, proposal.owner)} has been asked to amend this proposal: "
            "its next version will be answered then. Nothing was changed."
        )
    if now == ACCEPTED:
        return "This proposal has been accepted and the partnership is agreed. Nothing was changed."
    if now == WITHDRAWN:
        return "This proposal has been withdrawn, so it is closed. Nothing was changed."
    return "This proposal was not accepted, so it is closed. Nothing was changed."


# the end of a partnership --------------------------------------------------------------


def sign_off(store: Any, partnership_id: str, closing_survey: str) -> Partnership:
    """The mentor signs the partnership off as complete, with their own closing words."""
    require_cohort(store)
    partnership = _partnership(store, partnership_id)
    if partnership.owner != store.owner:
        raise ProposalProblem(
            f"Only {who(store, partnership.owner)}, who keeps this partnership's agreement, "
            "can sign it off. Nothing was changed."
        )
    if partnership.status == COMPLETE:
        raise ProposalProblem(
            f"This partnership was signed off on {partnership.completed_on:%-d %B %Y} already."
        )
    if not (closing_survey or "").strip():
        spec = Partnership.spec("closing_survey")
        raise ValidationProblem({spec.name: "please fill this in"}, {spec.name: spec.label})
    return store.update(
        partnership_id, status=COMPLETE, completed_on=date.today(), closing_survey=closing_survey
    )


def closing_survey(store: Any, partnership_id: str, **answers: Any) -> ClosingSurvey:
    """Your closing survey for a signed-off partnership; sending it again keeps a new version."""
    require_cohort(store)
    partnership = _partnership(store, partnership_id)
    if partnership.status != COMPLETE:
        raise ProposalProblem(
            "The closing survey opens when the partnership is signed off as complete: "
            "your mentor does that at your last session."
        )
    answers["mentoring"] = partnership_id
    mine = [s for s in surveys(store, partnership_id) if s.owner == store.owner]
    if mine:
        return store.update(mine[0].id, **answers)
    shared = partnership.partnership or partnership.id
    return store.add(validate(ClosingSurvey, {**answers, "partnership": shared}))


def surveys(store: Any, partnership_id: str) -> list[ClosingSurvey]:
    """The closing surveys both partners have given for a partnership."""
    require_cohort(store)
    return [s for s in store.find(ClosingSurvey) if s.mentoring == partnership_id]


def partnerships(store: Any) -> list[Partnership]:
    """Partnerships you are in, as mentor or mentee, newest first."""
    require_cohort(store)
    return store.find(Partnership)


#: A partnership is written in its keeper's first person; the other partner reads it turned round.
_OTHER_SIDE = {ROLES[0]: ROLES[1], ROLES[1]: ROLES[0], WHO[0]: WHO[1], WHO[1]: WHO[0]}
#: Its fields that answer in the first person: the choices of a role or of "Me".
_FIRST_PERSON = tuple(s.name for s in Partnership.specs() if s.options in (ROLES, WHO))


def as_seen_by(store: Any, record: Record, known: dict[str, Profile] | None = None) -> Record:
    """A record of the proposals' story as the learner reading it sees it.

    The mentor keeps a partnership's agreement ("Partner: Ben Price", "My role: Mentor",
    "Who keeps the notes: Me"); Ben reads "Partner: Amira Haddad (amira)", "My role:
    Mentee", "Who keeps the notes: My partner". A proposal names its mentor as the cohort
    knows them, not by login. Any other record comes back as it is. (A copy, for showing.)
    """
    if isinstance(record, Proposal):
        return record.model_copy(update={"mentor": who(store, record.mentor, known)})
    if not isinstance(record, Partnership) or record.owner == store.owner:
        return record
    turned = {name: _OTHER_SIDE.get(getattr(record, name), getattr(record, name))
              for name in _FIRST_PERSON}  # fmt: skip
    return record.model_copy(update={"partner": who(store, record.owner, known), **turned})


def _turned(store: Any, record: Record) -> bool:
    """Whether `as_seen_by` changes how the record reads."""
    return record.kind == Proposal.kind or (
        record.kind == Partnership.kind and record.owner != store.owner
    )


def seen_by(store: Any, records: list[Record]) -> list[Record]:
    """Records as the learner reading them sees them (see `as_seen_by`)."""
    if not in_cohort(store) or not any(_turned(store, r) for r in records):
        return records  # a cohort's backup on a laptop has no cohort to ask for names
    known = profiles(store)
    return [as_seen_by(store, r, known) if _turned(store, r) else r for r in records]


def _partnership(store: Any, partnership_id: str) -> Partnership:
    record = store.get(partnership_id)
    if not isinstance(record, Partnership):
        raise ProposalProblem(f"{record.title} is not a partnership. Nothing was changed.")
    return record


def own_view(store: Any, records: list) -> list:
    """Records for the learner's own lists: cohort-wide ones (profiles) only if theirs, each
    as the learner sees it (see `proposals.seen_by`)."""
    return seen_by(store, [r for r in records if r.audience != "cohort" or r.owner == store.owner])
