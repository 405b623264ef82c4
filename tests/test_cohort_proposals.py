"""Mentees and mentors finding each other in a cohort, on a real PostgreSQL server: each person
is their own database role, so what they see is what row-level security lets through."""

from __future__ import annotations

import re
from datetime import date

import ipywidgets as w
import psycopg
import pytest
from on_screen import field, find, label, text, visible

from mentorkit.apps.ending import ending
from mentorkit.apps.inbox import mentor_inbox
from mentorkit.apps.journal import journal
from mentorkit.apps.partnership import partnership
from mentorkit.apps.profile import profile
from mentorkit.apps.proposals import proposals as proposals_app
from mentorkit.cohort import admin as cohort
from mentorkit.cohort import proposals
from mentorkit.cohort.admin import with_user
from mentorkit.course.progress import saved_counts
from mentorkit.errors import (
    NeedsCohort,
    ProposalProblem,
    RecordNotFound,
    StoreReadOnly,
    ValidationProblem,
)
from mentorkit.forms import Form, form
from mentorkit.records import Partnership, Profile, Proposal, ProposalResponse, SessionRecord
from mentorkit.store import Store

HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(1)>"


def _profile(name: str, role: str, availability: str = "Available") -> Profile:
    return Profile(
        name=name, role=role, availability=availability,
        skills=f"{name} listens well", how_i_work="Fortnightly, an hour, by video",
    )  # fmt: skip


#: `group` (conftest): Amira mentors and is available; Dana mentors but is full; Ben is a
#: mentee; Carol learns. Mentors are added by the coordinator (`cohort add-mentor`).
pytestmark = pytest.mark.cohort(
    mentors=("amira", "dana"),
    learners=("ben", "carol"),
    profiles={
        "amira": _profile("Amira Haddad", "Mentor"),
        "dana": _profile("Dana Okafor", "Mentor and mentee", "Not available"),
        "ben": _profile("Ben Price", "Mentee"),
    },
)


def test_only_available_mentors_are_offered_and_a_full_one_cannot_be_proposed_to(group):
    with group.store("ben") as ben:
        assert [p.owner for p in proposals.available_mentors(ben)] == ["amira"]
        with pytest.raises(ProposalProblem, match="not taking on new mentees"):
            proposals.propose(ben, "dana", "Help with leading a team")
        assert ben.find(Proposal) == []
    with group.store("dana") as dana:
        dana.update(proposals.my_profile(dana).id, availability="Available")
        assert [p.owner for p in proposals.available_mentors(dana)] == ["amira"]  # not herself
    with group.store("ben") as ben:
        assert [p.owner for p in proposals.available_mentors(ben)] == ["amira", "dana"]


def test_a_profile_that_says_mentor_is_offered_only_once_the_coordinator_adds_a_mentor(
    group, pg_server
):
    # Anyone may write "Mentor" in a profile, and a proposal shares a mentee's words with
    # the mentor: mentees are offered only the people the coordinator added as mentors.
    cohort.add_person(pg_server.url(), "eve")
    with group.store("eve") as eve:
        eve.add(_profile("Eve Impostor", "Mentor"))
        assert not proposals.is_mentor(eve)
        assert "not added you as one of this cohort's mentors" in text(profile(store=eve))
        assert "not added you as one of this cohort's mentors" in text(mentor_inbox(store=eve))
    with group.store("ben") as ben:
        assert "eve" not in [p.owner for p in proposals.available_mentors(ben)]
        with pytest.raises(ProposalProblem, match="not taking on new mentees"):
            proposals.propose(ben, "eve", "Help with leading a team")
        assert "Eve Impostor" not in text(proposals_app(store=ben))
        assert ben.find(Proposal) == []
    cohort.add_person(pg_server.url(), "eve", "mentor")
    with group.store("eve") as eve:
        assert proposals.is_mentor(eve)
        assert "cohort's mentors" not in text(profile(store=eve))
        assert "cohort's mentors" not in text(mentor_inbox(store=eve))
    with group.store("ben") as ben:
        assert "eve" in [p.owner for p in proposals.available_mentors(ben)]
        waiting = proposals.propose(ben, "eve", "Help with leading a team")
    # The coordinator takes Eve off the mentors: the proposal waiting for her cannot be answered.
    with psycopg.connect(pg_server.url(), autocommit=True) as admin:
        admin.execute("REVOKE mentorkit_mentor FROM eve")
    with group.store("eve") as eve:
        with pytest.raises(ProposalProblem, match="Only the cohort's mentors can answer"):
            proposals.respond(eve, waiting.id, proposals.ACCEPT, "Gladly")
        inbox = mentor_inbox(store=eve)
        assert "From Ben Price (ben) · Waiting for an answer" in text(inbox)
        assert find(inbox, "Accept") is None
        assert "not added you as one of this cohort's mentors" in text(inbox)
    with group.store("ben") as ben:
        proposals.withdraw(ben, waiting.id)  # his way out: he can choose another mentor


def test_a_mentor_who_saves_a_profile_offering_to_mentor_is_told_if_not_yet_added(group):
    with group.store("carol") as carol:
        app = profile(store=carol)
        assert "cohort's mentors" not in text(app)  # a learner with no profile: nothing to say
        for name, value in {"name": "Carol Diaz", "role": "Mentor", "availability": "Available",
                            "skills": "Coaching"}.items():  # fmt: skip
            app.form.fields[name].value = value
        assert app.form.save() is not None
        assert "not added you as one of this cohort's mentors" in text(app)


def test_a_proposal_is_amended_accepted_shared_signed_off_and_surveyed(group):
    with group.store("ben") as ben:
        sent = proposals.propose(ben, "amira", "Help with leading a team")
    with group.store("amira") as amira:
        assert [p.id for p in proposals.received(amira)] == [sent.id]
        proposals.respond(amira, sent.id, "Ask to amend", "Which part of leading worries you?")
        with pytest.raises(ProposalProblem, match="asked to amend"):
            proposals.respond(amira, sent.id, "Accept", "Changed my mind")
    with group.store("ben") as ben:
        proposals.amend(ben, sent.id, "Running my first team meetings with confidence")
    with group.store("amira") as amira:
        partnership = proposals.accept(amira, sent.id, "Yes, gladly", frequency="Every fortnight")
        assert (partnership.status, partnership.partner) == ("Agreed", "Ben Price (ben)")
        mine = amira.add(SessionRecord(date=date(2026, 11, 3), partnership=sent.id))
    with group.store("ben") as ben:
        story = proposals.thread(ben, sent.id)
        assert [(type(s).__name__, getattr(s, "decision", s.revision)) for s in story] == [
            ("Proposal", 1), ("ProposalResponse", "Ask to amend"),
            ("Proposal", 2), ("ProposalResponse", "Accept"),
        ]  # fmt: skip
        assert proposals.status(story) == "Accepted"
        assert proposals.partnership_for(ben, sent.id).frequency == "Every fortnight"
        theirs = ben.add(SessionRecord(date=date(2026, 11, 17), partnership=sent.id))
        assert {mine.id, theirs.id} <= {r.id for r in ben.find(SessionRecord)}
        with pytest.raises(ProposalProblem, match="signed off as complete"):
            proposals.closing_survey(ben, partnership.id, rating=5, gave_me="Confidence")
        with pytest.raises(ProposalProblem, match="Only Amira Haddad"):
            proposals.sign_off(ben, partnership.id, "Done")
    with group.store("amira") as amira:
        assert theirs.id in {r.id for r in amira.find(SessionRecord)}
        with pytest.raises(ValidationProblem, match="Closing survey: please fill this in"):
            proposals.sign_off(amira, partnership.id, "  ")
        proposals.sign_off(amira, partnership.id, "Ben grew into the role")
    with group.store("ben") as ben:
        done = ben.get(partnership.id)
        assert (done.status, done.completed_on) == ("Complete", date.today())
        proposals.closing_survey(ben, partnership.id, rating=5, gave_me="Confidence in meetings",
                                 for_coordinator="Quokka: more mentors, please")  # fmt: skip
    with group.store("amira") as amira:
        [survey] = proposals.surveys(amira, partnership.id)
        assert (survey.owner, survey.gave_me) == ("ben", "Confidence in meetings")
        assert survey.for_coordinator is None and amira.find(text="quokka") == []
        assert amira.get(partnership.id).status == "Complete"


def test_every_step_is_kept_as_history_both_partners_can_read(group):
    with group.store("ben") as ben:
        sent = proposals.propose(ben, "amira", "First try")
    with group.store("amira") as amira:
        proposals.respond(amira, sent.id, "Ask to amend", "Say more")
    with group.store("ben") as ben:
        proposals.amend(ben, sent.id, "Second try")
    with group.store("amira") as amira:
        assert [v.wanted for v in amira.history(sent.id)] == ["First try", "Second try"]
        with pytest.raises(StoreReadOnly):
            amira.update(sent.id, status="Accepted")  # the mentee's own words stay theirs


def test_a_second_proposal_to_the_same_mentor_waits_for_the_first(group):
    with group.store("ben") as ben:
        proposals.propose(ben, "amira", "Help with leading a team")
        with pytest.raises(ProposalProblem, match="Your proposal to Amira Haddad .* is still open"):
            proposals.propose(ben, "amira", "Second try, same mentor")
        assert len(proposals.sent(ben)) == 1


def test_a_rejected_proposal_is_closed_and_makes_no_partnership(group):
    with group.store("ben") as ben:
        sent = proposals.propose(ben, "amira", "Career advice")
    with group.store("amira") as amira:
        answer = proposals.respond(amira, sent.id, "Reject", "I mentor new team leaders only")
        assert (answer.owner, answer.partnership, answer.version) == ("amira", sent.id, 1)
        with pytest.raises(ProposalProblem, match="not accepted"):
            proposals.respond(amira, sent.id, "Accept", "On second thoughts")
    with group.store("ben") as ben:
        assert proposals.status(proposals.thread(ben, sent.id)) == "Rejected"
        with pytest.raises(ProposalProblem, match="not accepted, so it is closed"):
            proposals.amend(ben, sent.id, "Please?")
        assert proposals.partnership_for(ben, sent.id) is None
        assert ben.get(answer.id).comment == "I mentor new team leaders only"


def test_only_the_mentor_answers_and_never_without_a_comment(group):
    with group.store("ben") as ben:
        sent = proposals.propose(ben, "amira", "Help with delegation")
        with pytest.raises(ProposalProblem, match="only they can answer"):
            proposals.respond(ben, sent.id, "Accept", "I accept myself")
    with group.store("amira") as amira:
        with pytest.raises(ValidationProblem, match="Comment: please fill this in"):
            proposals.respond(amira, sent.id, "Reject", "")
        with pytest.raises(ProposalProblem, match="Only the mentee"):
            proposals.amend(amira, sent.id, "Amira rewrites it")
        assert amira.find(ProposalResponse) == []


def test_learner_c_sees_none_of_a_and_b_proposal(group):
    with group.store("ben") as ben:
        sent = proposals.propose(ben, "amira", "Quokka-shaped ambitions")
    with group.store("amira") as amira:
        partnership = proposals.accept(amira, sent.id, "Welcome")
    kinds = ["proposal", "proposal-response", "partnership"]
    assert group.count("carol", "records WHERE kind = ANY(%s)", (kinds,)) == 0
    assert group.count("carol", "revisions WHERE record_id = %s", (sent.id,)) == 0
    assert group.count("ben", "records WHERE kind = ANY(%s)", (kinds,)) == 3
    with group.store("carol") as carol:
        assert proposals.received(carol) == [] and proposals.sent(carol) == []
        assert carol.find(text="quokka") == [] and proposals.partnerships(carol) == []
        with pytest.raises(RecordNotFound):
            proposals.respond(carol, sent.id, "Accept", "Me too")
        with pytest.raises(RecordNotFound):
            proposals.sign_off(carol, partnership.id, "Not mine to end")


def test_on_a_laptop_proposals_say_a_cohort_is_needed(store):
    for step, args in [
        (proposals.available_mentors, ()), (proposals.propose, ("amira", "Help")),
        (proposals.respond, ("x", "Accept", "Yes")), (proposals.amend, ("x", "More")),
        (proposals.thread, ("x",)), (proposals.accept, ("x", "Yes")),
        (proposals.sign_off, ("x", "Done")), (proposals.closing_survey, ("x",)),
    ]:  # fmt: skip
        with pytest.raises(NeedsCohort, match="^Proposals need a cohort: ask your"):
            step(store, *args)
    for app in (profile, proposals_app, mentor_inbox, ending):
        view = app(store=store)
        assert "Proposals need a cohort" in view.status.value, app
        assert view.body.children == ()


# the apps, driven without a browser ------------------------------------------------------


def _button_for(widget, who: str, description: str):
    """A button in the card about `who` (a card's title says whom it is from)."""
    card = find(widget, kind=w.VBox, where=lambda box: who in (label(box) or ""))
    return find(card, description) if card is not None else None


def test_the_apps_carry_a_proposal_from_mentee_to_mentor_and_show_words_as_text(group):
    with group.store("ben") as ben:
        app = proposals_app(store=ben)
        assert [label for label, _ in app.mentor.options] == ["Choose…", "Amira Haddad (amira)"]
        app.mentor.value = "amira"
        assert "Amira Haddad listens well" in app.mentor_card.value
        assert app.propose() is None and "please fill this in" in app.wanted.problem
        app.wanted.value = f"Confidence {HOSTILE}"
        assert app.propose() is not None and "Sent to Amira Haddad" in app.status.value
        assert "Waiting for an answer" in text(app)
    with group.store("amira") as amira:
        inbox = mentor_inbox(store=amira)
        shown = text(inbox)
        assert "From Ben Price (ben)" in shown and "&lt;script&gt;" in shown
        assert "<script>" not in shown
        find(inbox, "Accept").click()
        assert "Comment: please fill this in" in re.sub(r"<[^>]+>", "", inbox.status.value)
        field(inbox, "Comment (for Ben Price (ben))").value = "Gladly"
        find(inbox, "Accept").click()
        assert "Accepted: your partnership is agreed" in inbox.status.value
        assert find(inbox, "Accept") is None
        end = ending(store=amira)
        assert "With Ben Price (ben) · Agreed" in text(end)
        find(end, "Sign off as complete").click()
        assert "please fill this in" in field(end, "Closing survey").problem
        field(end, "Closing survey").value = "Ben found his voice"
        find(end, "Sign off as complete").click()
        assert "Signed off as complete on" in text(end)
        assert [p.status for p in amira.find(Partnership)] == ["Complete"]
    with group.store("ben") as ben:
        end = ending(store=ben)
        assert "Ben found his voice" in text(end) and "Your closing survey" in text(end)


def test_a_session_record_saved_in_the_app_is_shared_with_the_partner(group):
    """The session record form saves in the partnership, so the mentee reads what the
    mentor wrote (it used to start a partnership of one, which only its writer could read)."""
    with group.store("ben") as ben:
        sent = proposals.propose(ben, "amira", "Help with leading a team")
    with group.store("amira") as amira:
        proposals.accept(amira, sent.id, "Yes, gladly")
        app = form(SessionRecord, store=amira)
        assert app.shared.layout.display is None
        assert app.shared.input.options[1:] == (("With Ben Price (ben)", sent.id),)
        assert app.shared.value == sent.id  # the one partnership there is, chosen already
        app.fields["summary"].value = "Agreed a plan for Ben's first team meeting"
        saved = app.save()
        assert saved is not None and saved.partnership == sent.id
    with group.store("ben") as ben:
        assert [r.summary for r in ben.find(SessionRecord)] == [saved.summary]
        mine = form(SessionRecord, store=ben)
        assert mine.shared.input.options[1:] == (("With Amira Haddad (amira)", sent.id),)
        shown = journal(store=ben)
        assert "Agreed a plan" in text(shown)
        shown.open_entry(saved.id)  # the mentor's words: the mentee reads them, cannot edit
        assert "Written by Amira Haddad (amira), who shares it with you" in text(shown.detail)
        assert find(shown.detail, "Edit") is None and find(shown.detail, "Delete") is None
        assert find(shown.detail, "History") is not None
        counts = saved_counts(ben)  # the landing page: what is Ben's, what is shared with him
        assert "Session record: 1 shared with you" in counts
        assert not any(line.startswith("Answer to a proposal: 1 saved") for line in counts)
        lonely = ben.add(SessionRecord(date=date(2026, 11, 4)))  # saved before sharing was
        assert form(SessionRecord, store=ben, record=lonely).shared.input.label == "Only you"
    with group.store("carol") as carol:
        assert carol.find(SessionRecord) == []
        assert form(SessionRecord, store=carol).shared.input.options[1:] == ()


def test_a_form_on_a_laptop_has_no_partnership_to_choose(store):
    app = form(SessionRecord, store=store)
    assert app.shared.layout.display == "none" and "partnership" not in app.values()


def test_words_typed_in_the_proposal_apps_survive_news_a_reload_and_other_answers(group):
    with group.store("dana") as dana:  # a second mentor taking mentees, so two proposals
        dana.update(proposals.my_profile(dana).id, availability="Available")
    with group.store("ben") as ben:
        app = proposals_app(store=ben)
        app.mentor.value = "amira"
        app.wanted.value = "Help with my first team meetings, and"
        app.check_news()  # the view is built afresh: the choice and the words stay
        assert (app.mentor.value, app.wanted.value) == (
            "amira",
            "Help with my first team meetings, and",
        )
        again = proposals_app(store=ben)  # the page reloaded
        assert (again.mentor.value, again.wanted.value) == (
            "amira",
            "Help with my first team meetings, and",
        )
        assert "We kept what you were typing last time" in again.status.value
        assert again.propose() is not None
        assert (again.mentor.value, again.wanted.value) == (None, "")  # sent: start afresh
        assert proposals_app(store=ben).wanted.value == ""
        proposals.propose(ben, "dana", "Help with planning my week")
    with group.store("dana") as dana:
        [asked] = [p for p in proposals.received(dana) if p.owner == "ben"]
        proposals.respond(dana, asked.id, "Ask to amend", "Which part of the week?")
    with group.store("ben") as ben:
        proposals_app(store=ben)  # the amendment box opens holding the proposal as sent
        untouched = proposals_app(store=ben)  # so nothing was typed: nothing is "kept"
        assert "We kept" not in untouched.status.value
        assert field(untouched, "What I want from mentoring (amended)").value == (
            "Help with planning my week"
        )
        proposals.amend(ben, asked.id, "Help with planning my week, mornings first")
    with group.store("amira") as amira:
        proposals.propose(amira, "dana", "Help with mentoring well")
    with group.store("dana") as dana:
        inbox = mentor_inbox(store=dana)
        field(inbox, "Comment (for Amira Haddad (amira))").value = "Half an answer to Amira"
        field(inbox, "Comment (for Ben Price (ben))").value = "Not the right fit"
        assert _button_for(inbox, "Ben Price (ben)", "Reject") is not None
        _button_for(inbox, "Ben Price (ben)", "Reject").click()
        assert field(inbox, "Comment (for Amira Haddad (amira))").value == "Half an answer to Amira"


def test_a_profile_is_edited_in_place_not_kept_twice(group):
    with group.store("dana") as dana:
        app = profile(store=dana)
        assert app.form.record is not None and app.form.fields["name"].value == "Dana Okafor"
        app.form.fields["availability"].value = "Available"
        app.form.save()
        assert len([p for p in dana.find(Profile) if p.owner == "dana"]) == 1
        assert proposals.my_profile(dana).revision == 2


def test_a_journal_lists_only_my_own_profile_not_the_whole_cohorts(group):
    from mentorkit.apps.journal import journal

    with group.store("ben") as ben:
        view = journal(store=ben)
        owners = {r.owner for r in view.entries() if isinstance(r, Profile)}
        assert owners == {"ben"}
        assert set(proposals.profiles(ben)) >= {"amira", "ben", "dana"}


def _agreed(group) -> str:
    """Ben proposes to Amira and she accepts: the id of the partnership she keeps."""
    with group.store("ben") as ben:
        sent = proposals.propose(ben, "amira", "Help with leading a team")
    with group.store("amira") as amira:
        return proposals.accept(amira, sent.id, "Gladly", notes_by="Me").id


def test_the_partnership_page_shows_the_agreed_partnership_each_from_their_own_side(group):
    partnership_id = _agreed(group)
    with group.store("amira") as amira:
        app = partnership(store=amira)
        assert "Your mentee: Ben Price (ben) · Agreed" in text(app)
        agreement = find(app, kind=Form)
        assert agreement.record.id == partnership_id  # the agreed one, not a blank form
        for label in ("Partner", "My role", "Status", "Signed off as complete on",
                      "Closing survey"):  # fmt: skip
            assert not visible(field(app, label)), label  # from the proposal, or signing off
        field(app, "How often you will meet").value = "Every two weeks, an hour, by video"
        assert agreement.save() is not None
        assert not visible(agreement.new_button)  # one agreement: no blank New entry
    with group.store("ben") as ben:
        app = partnership(store=ben)
        shown = text(app)
        assert "Your mentor: Amira Haddad (amira) · Agreed" in shown
        assert "Amira Haddad (amira) keeps your agreement" in shown
        assert "Every two weeks, an hour, by video" in shown
        assert "Ben Price" not in shown  # not the mentor's "Partner: Ben Price"
        assert find(app, kind=Form) is None  # his to read, hers to keep
        book = journal(store=ben)
        rows = [r for r in text(book.listing).split("  ") if "Mentoring p" in r]
        assert len(rows) == 2 and all("Amira Haddad (amira)" in row for row in rows), rows
        book.open_entry(partnership_id)
        entry = text(book.detail)
        assert "Mentee" in entry and "My partner" in entry  # Amira keeps the notes
        assert "Ben Price" not in entry and "Mentor<" not in entry
    with group.store("amira") as amira:  # her own, but a step of the story: changed on its page
        page = partnership(store=amira)
        field(page, "How it will end").value = "Typed, not saved"
        assert amira.drafts.keys("form:")  # kept as a draft, as typing is
        book = journal(store=amira)
        book.open_entry(partnership_id)
        assert "open the partnership page" in text(book.detail)
        assert "Press Edit" not in text(book.detail)  # there is no Edit here to press
        assert find(book.detail, "Edit") is None and find(book.detail, "Delete") is None
        answer = amira.find(ProposalResponse)[0]
        book.open_entry(answer.id)
        assert "stays as it was sent" in text(book.detail) and find(book.detail, "Edit") is None


def test_saving_the_agreement_does_not_undo_a_sign_off_made_meanwhile(group):
    partnership_id = _agreed(group)
    with group.store("amira") as amira, group.store("amira") as other_tab:
        app = partnership(store=amira)
        proposals.sign_off(other_tab, partnership_id, "Ben found his voice")
        field(app, "How it will end").value = "A last session to look back"
        assert find(app, kind=Form).save() is not None
        kept = amira.get(partnership_id)
        assert kept.status == "Complete" and kept.closing_survey == "Ben found his voice"
        assert kept.ending == "A last session to look back"
        after = partnership(store=amira)
        assert "so the agreement can no longer be changed" in text(after)
        assert "A last session to look back" in text(after)
        assert find(after, kind=Form) is None  # signed off: no editing


def test_a_problem_in_a_part_the_agreement_form_hides_is_named_where_it_shows(group):
    partnership_id = _agreed(group)
    with group.store("amira") as amira, group.store("amira") as other_tab:
        app = partnership(store=amira)
        proposals.sign_off(other_tab, partnership_id, "Ben found his voice")  # today
        field(app, "Started").value = "1/1/2099"  # after the sign-off, which it cannot see
        agreement = find(app, kind=Form)
        assert agreement.save() is None
        said = re.sub(r"<[^>]+>", "", agreement.status.value)
        assert "Signed off as complete on" in said and "Everything you typed is still here" in said
        assert amira.get(partnership_id).started != date(2099, 1, 1)


def test_with_no_partnership_the_page_says_how_one_starts(group):
    with group.store("carol") as carol:
        assert "One starts when a mentor accepts a mentee's proposal" in text(
            partnership(store=carol)
        )


def test_on_a_laptop_the_partnership_page_is_the_form_to_record_your_own(store):
    page = partnership(store=store)
    assert isinstance(page, Form) and page.kind is Partnership


def test_a_mentee_withdraws_a_proposal_after_being_asked_and_can_send_another(group):
    with group.store("ben") as ben:
        sent = proposals.propose(ben, "amira", "Help with leading a team")
    with group.store("amira") as amira:
        with pytest.raises(ProposalProblem, match="Only the mentee who sent"):
            proposals.withdraw(amira, sent.id)
    with group.store("ben") as ben:
        app = proposals_app(store=ben)
        find(app, "Withdraw proposal").click()
        assert "It will be closed for good" in text(app)
        find(app, "Keep it").click()  # changed their mind: nothing is sent
        assert "It will be closed for good" not in text(app)
        assert proposals.status(proposals.thread(ben, sent.id)) == proposals.WAITING
        find(app, "Withdraw proposal").click()
        find(app, "Yes, withdraw it").click()
        assert "Withdrawn: your proposal is closed" in app.status.value
        assert "To Amira Haddad (amira) · Withdrawn" in text(app)
        assert find(app, "Withdraw proposal") is None
        with pytest.raises(ProposalProblem, match="withdrawn, so it is closed"):
            proposals.amend(ben, sent.id, "More")
        with pytest.raises(ProposalProblem, match="withdrawn, so it is closed"):
            proposals.withdraw(ben, sent.id)
    with group.store("amira") as amira:
        inbox = mentor_inbox(store=amira)
        assert "From Ben Price (ben) · Withdrawn" in text(inbox)
        assert "Withdrawn by Ben Price (ben)" in text(inbox)
        assert find(inbox, "Accept") is None
        with pytest.raises(ProposalProblem, match="withdrawn, so it is closed"):
            proposals.respond(amira, sent.id, proposals.ACCEPT, "Too late")
    with group.store("ben") as ben:  # the way to Amira is open again
        again = proposals.propose(ben, "amira", "Help with chairing meetings")
    with group.store("amira") as amira:
        proposals.accept(amira, again.id, "Gladly")
    with group.store("ben") as ben:
        with pytest.raises(ProposalProblem, match="accepted"):
            proposals.withdraw(ben, again.id)


def test_a_mentees_portfolio_shows_the_partnership_from_her_side(group):
    from mentorkit.portfolio import Selection, build
    from mentorkit.portfolio.text import to_markdown

    _agreed(group)
    with group.store("ben") as ben:
        text = to_markdown(build(ben, Selection(kinds=("partnership",))))
    assert "Amira Haddad (amira)" in text and "Mentee" in text
    assert "Ben Price" not in text and "Mentor\n" not in text


def test_a_portfolio_in_a_cohort_starts_with_the_name_on_the_profile(group, store):
    from mentorkit.apps.portfolio import builder

    with group.store("ben") as ben:
        assert builder(store=ben).name.value == "Ben Price"  # not his login, ben
    with group.store("carol") as carol:  # no profile: the box waits for her name
        assert builder(store=carol).name.value == ""
    assert builder(store=store).name.value == ""  # on a laptop there is no profile to ask


def test_a_cohort_backup_opened_on_a_laptop_shows_its_proposals_in_the_journal(group, tmp_path):
    _agreed(group)
    with group.store("ben") as ben:
        copy = ben.backup(tmp_path / "ben.db")
    with Store.open(copy, owner="ben") as laptop:
        book = journal(store=laptop)
        assert "Mentoring proposal" in text(book.listing)
        assert "Traceback" not in text(book) and "need a cohort" not in text(book)


def test_the_partnership_page_knows_a_cohort_from_the_hubs_setting(group, monkeypatch, tmp_path):
    from mentorkit.apps.partnership import PartnershipView

    monkeypatch.setenv("MENTORKIT_STORE_URL", with_user(group.url, "carol"))
    monkeypatch.setenv("JUPYTERHUB_USER", "carol")
    page = partnership()  # as the notebook calls it: the store opened by the page itself
    assert isinstance(page, PartnershipView)
    assert "You are not in a partnership yet" in text(page)
    monkeypatch.delenv("MENTORKIT_STORE_URL")
    monkeypatch.setenv("MENTORKIT_HOME", str(tmp_path))  # a laptop's own store, for the test
    assert isinstance(partnership(), Form)
