"""Feedback services: rubrics, drafts, release, what a student sees, the access rule."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Question, SeminarShare
from quizapp.services.accounts import instructors
from quizapp.services.classroom import answers, participants, seminars
from quizapp.services.feedback import comments, release, roles, rubrics
from quizapp.services.feedback.errors import FeedbackError

SCALE = ("0 | missing | nothing on the question\n1 | restates\n2 | argues | a claim and a reason\n"
         "3 | argues from the evidence | cites the reading")


def _q(key: str) -> Question:
    return db.session.scalar(select(Question).where(Question.key == key))


@pytest.fixture
def world(ctx, seminar):
    sem = seminars.find_seminar(seminar)
    ana, ben = (participants.join(sem, n) for n in ("Ana", "Ben"))
    a1 = answers.submit_discussion(ana, _q("mfy-d1"), "Because *the* reading says so.")
    b1 = answers.submit_discussion(ben, _q("mfy-d1"), "I disagree.")
    teacher = instructors.find_instructor("teacher")
    rubric = rubrics.create_rubric("Argument 0-3", rubrics.parse_levels(SCALE))
    rubrics.set_seminar_rubric(sem, rubric.id)
    db.session.commit()
    return sem, teacher, rubric, ana, ben, a1, b1


def test_parse_levels_and_rubric_rules(ctx):
    levels = rubrics.parse_levels(SCALE)
    assert [(lv.score, lv.label) for lv in levels][1] == (1, "restates")
    assert levels[3].descriptor == "cites the reading"
    with pytest.raises(FeedbackError, match="Line 1"):
        rubrics.parse_levels("zero | missing")
    with pytest.raises(FeedbackError, match="Line 2"):
        rubrics.parse_levels("0 | a\nnothing")
    with pytest.raises(FeedbackError, match="same score"):
        rubrics.create_rubric("x", rubrics.parse_levels("1|a\n1|b"))
    with pytest.raises(FeedbackError, match="between 2"):
        rubrics.create_rubric("x", rubrics.parse_levels("1|a"))
    with pytest.raises(FeedbackError, match="title"):
        rubrics.create_rubric("  ", levels)


def test_draft_edit_and_errors(world):
    sem, teacher, rubric, ana, ben, a1, b1 = world
    level = rubric.levels[2]
    fb = comments.save_feedback(sem, teacher, a1.id, "Good *point*.", level.id)
    again = comments.save_feedback(sem, teacher, a1.id, "Better.", None)
    assert again.id == fb.id and again.body == "Better." and again.level_id is None
    with pytest.raises(FeedbackError, match="not on this session") as err:
        comments.save_feedback(sem, teacher, a1.id, "x", 999999)
    assert err.value.status == 400
    with pytest.raises(FeedbackError) as err:
        comments.save_feedback(sem, teacher, a1.id, "x" * (comments.MAX_COMMENT_LENGTH + 1),
                               None)
    assert err.value.status == 400
    with pytest.raises(FeedbackError, match="comment or choose"):
        comments.save_feedback(sem, teacher, a1.id, "   ", None)
    with pytest.raises(FeedbackError) as err:
        comments.save_feedback(sem, teacher, 987654, "x", None)
    assert err.value.status == 404
    mc = answers.submit_mc(ana, _q("mfy-q1"), ["a"])
    with pytest.raises(FeedbackError, match="discussion answers only"):
        comments.save_feedback(sem, teacher, mc.response_id, "x", None)


def test_feedback_on_another_sessions_answer_is_404(world, make_seminar):
    sem, teacher, rubric, ana, ben, a1, b1 = world
    other = seminars.find_seminar(make_seminar("Other"))
    with pytest.raises(FeedbackError) as err:
        comments.save_feedback(other, teacher, a1.id, "x", None)
    assert err.value.status == 404


def test_release_per_question_and_twice(world):
    sem, teacher, rubric, ana, ben, a1, b1 = world
    comments.save_feedback(sem, teacher, a1.id, "Good.", rubric.levels[3].id)
    assert release.released_for(ana) == {}  # held: the student sees nothing
    assert release.held_count(sem, _q("mfy-d1")) == 1
    assert release.release(sem, teacher, _q("mfy-d1")) == 1
    with pytest.raises(FeedbackError, match="released already"):
        release.release(sem, teacher, _q("mfy-d1"))
    seen = release.released_for(ana)
    assert [s.feedback.body for s in seen[a1.id]] == ["Good."]
    assert release.released_for(ben) == {}  # only one's own
    # writing again after the release starts a new draft; the released one is unchanged
    new = comments.save_feedback(sem, teacher, a1.id, "More.", None)
    assert new.id != seen[a1.id][0].feedback.id
    with pytest.raises(FeedbackError, match="released already"):
        release.release_one(sem, teacher, seen[a1.id][0].feedback.id)
    assert release.release_one(sem, teacher, new.id).released


def test_revised_answer_keeps_feedback_on_its_version(world):
    sem, teacher, rubric, ana, ben, a1, b1 = world
    comments.save_feedback(sem, teacher, a1.id, "Cite the reading.", None)
    release.release(sem, teacher)
    answers.submit_discussion(ana, _q("mfy-d1"), "Revised with a citation.")
    db.session.commit()
    (seen,) = release.released_for(ana)[a1.id]
    assert seen.feedback.revision_number == 1 and seen.answer_version == 2
    assert seen.on_earlier_version


def test_assistants_draft_owner_releases(world, other_instructor):
    sem, teacher, rubric, ana, ben, a1, b1 = world
    colleague = instructors.find_instructor(other_instructor)
    with pytest.raises(FeedbackError) as err:
        comments.save_feedback(sem, colleague, a1.id, "x", None)
    assert err.value.status == 403
    share = SeminarShare(seminar_id=sem.id, instructor_id=colleague.id, role="assistant")
    db.session.add(share)
    db.session.flush()
    assert roles.can_draft(colleague, sem) and not roles.can_release(colleague, sem)
    comments.save_feedback(sem, colleague, a1.id, "Draft by the assistant.", None)
    with pytest.raises(FeedbackError) as err:
        release.release(sem, colleague)
    assert err.value.status == 403
    assert roles.can_release(teacher, sem)
    share.role = "coteacher"  # a co-teacher releases what an assistant drafted
    db.session.flush()
    assert roles.can_release(colleague, sem)
    assert release.release(sem, colleague) == 1


def test_gradebook_matches_by_personal_code_and_links_seats(world, make_seminar):
    from quizapp.services.feedback import seats
    from quizapp.services.feedback.gradebook import gradebook

    sem, teacher, rubric, ana, ben, a1, b1 = world
    later = seminars.find_seminar(make_seminar("Week 2"))
    ana2 = participants.join(later, "Ana")  # same name, new seat: not matched by name
    answers.submit_mc(ana2, _q("mfy-q1"), sorted(_q("mfy-q1").current_revision.correct_ids))
    comments.save_feedback(sem, teacher, a1.id, "", rubric.levels[3].id)
    rows = gradebook([sem, later])
    assert [r.name for r in rows].count("Ana") == 2
    with pytest.raises(FeedbackError, match="same session"):
        seats.link_codes(teacher, ana.resume_code, ben.resume_code)
    with pytest.raises(FeedbackError) as err:
        seats.link_codes(teacher, ana.resume_code, "ZZZZZZ")
    assert err.value.status == 404
    assert seats.link_codes(teacher, ana.resume_code, ana2.resume_code.lower()) == 1
    rows = {r.name: r for r in gradebook([sem, later])}
    merged = rows["Ana"]
    assert (merged.sessions_attended, merged.checks_answered, merged.checks_right,
            merged.discussion_answers, merged.marks_total, merged.marks_possible
            ) == (2, 1, 1, 1, 3, 3)
    assert merged.score_percent == 100 and rows["Ben"].sessions_attended == 1
