"""Sessions: duplicated (same readings and settings, new code, no answers), archived (off the
dashboard, still exportable), deleted only while empty."""

from __future__ import annotations

from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Participant, Seminar, SeminarReading
from support import text


def _seminar(app, code: str) -> Seminar | None:
    with app.app_context():
        return db.session.scalar(select(Seminar).where(Seminar.code == code))


def test_duplicate_keeps_readings_and_settings_not_students(app, teacher_client,
                                                             make_seminar):
    code = make_seminar("Tuesday", ["milei-zelenskyy", "new-alliances"], pacing="instructor")
    student = app.test_client()
    student.join(code, "Ana")
    response = teacher_client.post_form(f"/instructor/sessions/{code}/duplicate")
    assert response.status_code == 302
    new_code = response.headers["Location"].rstrip("/").rsplit("/", 1)[-1]
    assert new_code != code
    with app.app_context():
        copy = db.session.scalar(select(Seminar).where(Seminar.code == new_code))
        assert copy.title == "Tuesday (copy)" and copy.pacing == "instructor"
        assert [r.slug for r in copy.readings] == ["milei-zelenskyy", "new-alliances"]
        assert db.session.scalar(select(func.count()).select_from(Participant).where(
            Participant.seminar_id == copy.id)) == 0


def test_archive_hides_from_the_dashboard_but_keeps_the_export(app, teacher_client,
                                                               make_seminar):
    code = make_seminar("Old class")
    assert "Old class" in text(teacher_client.get("/instructor/"))
    teacher_client.post_form(f"/instructor/sessions/{code}/archive")
    assert "Old class" not in text(teacher_client.get("/instructor/"))
    assert "Old class" in text(teacher_client.get("/instructor/?archived=1"))
    assert teacher_client.get(f"/instructor/sessions/{code}/export.csv").status_code == 200
    assert not _seminar(app, code).is_open
    teacher_client.post_form(f"/instructor/sessions/{code}/archive")
    assert "Old class" in text(teacher_client.get("/instructor/"))


def test_only_an_empty_session_can_be_deleted(app, teacher_client, make_seminar):
    empty = make_seminar("Empty")
    used = make_seminar("Used")
    app.test_client().join(used, "Ana")
    teacher_client.post_form(f"/instructor/sessions/{empty}/delete")
    assert _seminar(app, empty) is None
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(SeminarReading)
                                 .join(Seminar).where(Seminar.code == empty)) == 0
    response = teacher_client.post_form(f"/instructor/sessions/{used}/delete",
                                        follow_redirects=True)
    assert "cannot be deleted" in text(response)
    assert _seminar(app, used) is not None
