"""The reading editor end to end through the test client: drafts, revisions, conflicts,
history, preview, download and upload, and load-questions beside browser edits."""

from __future__ import annotations

import io
import re

from sqlalchemy import select

from quizapp.content.loader import load_content
from quizapp.content.schema import read_content
from quizapp.extensions import db
from quizapp.models import Question, Reading, ReadingVersion, Response, Seminar
from support import text

# The shipped course: the readings of questions/ are there (issue 17: several courses).
SHIPPED = "argentinas-foreign-policy-under-javier-milei"
IN_COURSE = f"/instructor/content/c/{SHIPPED}"

READING = {
    "course": SHIPPED, "slug": "new-reading", "title": "A reading written in the browser",
    "original_title": "", "publication": "The Test Gazette", "author": "A. Writer",
    "date": "2025", "description": "What the reading is about.",
    "sections-0-id": "s1", "sections-0-heading": "First part",
    "sections-0-text": "The first part says something about *trade*.",
    "key_points": "One point.\nAnother point.",
    "key_terms-0-id": "trade", "key_terms-0-term": "trade", "key_terms-0-aliases": "",
    "key_terms-0-definition": "Buying and selling.",
}


def version_of(html: str) -> str:
    match = re.search(r'name="base_version"[^>]*value="(\d+)"', html) or \
        re.search(r'value="(\d+)"[^>]*name="base_version"', html)
    assert match, "no base_version in the form"
    return match.group(1)


def mc_data(prompt: str, version: str, key: str = "new-q1", **extra: str) -> dict[str, str]:
    data = {"base_version": version, "id": key, "prompt": prompt, "section": "s1",
            "explanation": "Because the reading says so.",
            "choices-0-text": "Trade grew", "choices-0-correct": "y",
            "choices-0-feedback": "Right: the first part says so.",
            "choices-0-misconception": "",
            "choices-1-text": "Trade fell", "choices-1-feedback": "No: it grew.",
            "choices-1-misconception": "reverses-claim"}
    data.update(extra)
    return data


def shipped_question_data(app, key: str, version: str, prompt: str) -> dict[str, str]:
    """The editor's form for a stored check, as a browser would send it, with a new prompt."""
    with app.app_context():
        rev = db.session.scalar(select(Question).where(Question.key == key)).current_revision
        edit = {"base_version": version, "id": key, "prompt": prompt,
                "section": rev.section, "explanation": rev.explanation}
        if rev.multiple:
            edit["multiple"] = "y"
        for i, c in enumerate(rev.choices):
            edit[f"choices-{i}-text"] = c["text"]
            edit[f"choices-{i}-feedback"] = c["feedback"]
            edit[f"choices-{i}-misconception"] = c.get("misconception") or ""
            if c.get("correct"):
                edit[f"choices-{i}-correct"] = "y"
    return edit


def make_reading(client) -> None:
    page = client.get("/instructor/content/new")
    assert page.status_code == 200
    response = client.post_form("/instructor/content/new", {**READING, "base_version": "0"})
    assert response.status_code == 302, text(response)


def add_check(client, prompt: str = "What happened to trade?", key: str = "new-q1"):
    page = client.get(f"{IN_COURSE}/r/new-reading/new/mc")
    return client.post_form(f"{IN_COURSE}/r/new-reading/new/mc",
                            mc_data(prompt, version_of(text(page)), key))


def test_a_reading_with_errors_is_a_draft_no_session_can_use(app, teacher_client):
    page = teacher_client.get("/instructor/content/new")
    assert page.status_code == 200
    response = teacher_client.post_form("/instructor/content/new", {
        **READING, "publication": "", "base_version": "0"})
    assert response.status_code == 302, text(response)
    with app.app_context():
        reading = db.session.scalar(select(Reading).where(Reading.slug == "new-reading"))
        assert reading is not None and reading.draft
    editor = text(teacher_client.get(f"{IN_COURSE}/r/new-reading"))
    assert "missing or empty &#39;publication&#39;" in editor  # beside the field
    assert "A reading written in the browser" not in text(
        teacher_client.get("/instructor/sessions/new"))
    fixed = teacher_client.post_form(f"{IN_COURSE}/r/new-reading", {
        **READING, "base_version": version_of(editor)})
    assert fixed.status_code == 302, text(fixed)
    assert add_check(teacher_client).status_code == 302
    with app.app_context():
        reading = db.session.scalar(select(Reading).where(Reading.slug == "new-reading"))
        assert not reading.draft
        assert [q.key for q in reading.questions] == ["new-q1"]
    assert "A reading written in the browser" in text(
        teacher_client.get("/instructor/sessions/new"))


def open_live(app, code: str, key: str) -> int:
    """Open question ``key`` live in session ``code``; returns the session's live version."""
    with app.app_context():
        seminar = db.session.scalar(select(Seminar).where(Seminar.code == code))
        question = db.session.scalar(select(Question).where(Question.key == key))
        seminar.live_question_id, seminar.live_phase = question.id, "open"
        db.session.commit()
        return seminar.live_version


def test_problems_appear_beside_their_fields_and_keep_the_text(teacher_client):
    make_reading(teacher_client)
    page = teacher_client.get(f"{IN_COURSE}/r/new-reading/new/mc")
    data = mc_data("A question whose wrong choice has no tag?", version_of(text(page)))
    data["choices-1-misconception"] = ""
    response = teacher_client.post_form(f"{IN_COURSE}/r/new-reading/new/mc", data)
    html = text(response)
    assert "a wrong choice needs a &#39;misconception&#39; tag" in html
    assert "A question whose wrong choice has no tag?" in html  # nothing typed is lost


def test_sections_and_key_terms_move_up_and_down_keeping_the_edits(app, teacher_client):
    make_reading(teacher_client)
    url = f"{IN_COURSE}/r/new-reading"
    two = {**READING, "sections-1-id": "s2", "sections-1-heading": "Second part",
           "sections-1-text": "The second part.", "key_terms-1-id": "debt",
           "key_terms-1-term": "debt", "key_terms-1-aliases": "",
           "key_terms-1-definition": "Money owed."}
    assert teacher_client.post_form(url, {**two, "base_version": version_of(
        text(teacher_client.get(url)))}).status_code == 302
    page = text(teacher_client.get(url))
    assert 'value="sections:0:down"' in page and 'value="sections:1:up"' in page
    assert 'value="sections:0:up"' not in page and 'value="sections:2:up"' not in page
    # The press saves the whole form: the heading typed beside it is kept, in the new order.
    moved = teacher_client.post_form(url, {
        **two, "sections-0-heading": "First part, renamed", "move": "sections:0:down",
        "base_version": version_of(page)})
    assert moved.status_code == 302 and moved.headers["Location"].endswith("#sections-1")
    page = text(teacher_client.get(url))
    assert teacher_client.post_form(url, {
        **two, "sections-0-id": "s2", "sections-0-heading": "Second part",
        "sections-0-text": "The second part.", "sections-1-id": "s1",
        "sections-1-heading": "First part, renamed",
        "sections-1-text": READING["sections-0-text"], "move": "key_terms:1:up",
        "base_version": version_of(page)}).status_code == 302
    # A press naming a blank row, the edge or nonsense changes nothing and is no error.
    for odd in ("sections:0:up", "sections:7:down", "key_terms:x:up", "summary:0:down"):
        page = text(teacher_client.get(url))
        assert teacher_client.post_form(url, {
            **two, "sections-0-id": "s2", "sections-0-heading": "Second part",
            "sections-0-text": "The second part.", "sections-1-id": "s1",
            "sections-1-heading": "First part, renamed",
            "sections-1-text": READING["sections-0-text"], "key_terms-0-id": "debt",
            "key_terms-0-term": "debt", "key_terms-0-definition": "Money owed.",
            "key_terms-1-id": "trade", "key_terms-1-term": "trade",
            "key_terms-1-definition": "Buying and selling.", "move": odd,
            "base_version": version_of(page)}).status_code == 302
    with app.app_context():
        reading = db.session.scalar(select(Reading).where(Reading.slug == "new-reading"))
        doc = db.session.scalar(select(ReadingVersion).where(
            ReadingVersion.reading_id == reading.id).order_by(
            ReadingVersion.number.desc())).document
    assert [(s["id"], s["heading"]) for s in doc["summary"]] == [
        ("s2", "Second part"), ("s1", "First part, renamed")]
    assert [t["id"] for t in doc["key_terms"]] == ["debt", "trade"]


def test_editing_after_an_answer_makes_a_revision_the_answer_keeps(app, teacher_client,
                                                                   make_seminar):
    make_reading(teacher_client)
    add_check(teacher_client)
    code = make_seminar("Class", ["new-reading"])
    student = app.test_client()
    student.join(code, "Ana")
    assert student.post_form(f"/s/{code}/r/new-reading/check/1",
                             {"choice": "a"}).status_code == 302
    page = teacher_client.get(f"{IN_COURSE}/r/new-reading/q/new-q1")
    assert "What happened to trade?" in text(page)
    response = teacher_client.post_form(f"{IN_COURSE}/r/new-reading/q/new-q1",
                                        mc_data("How did trade change?",
                                                version_of(text(page))))
    assert response.status_code == 302, text(response)
    with app.app_context():
        question = db.session.scalar(select(Question).where(Question.key == "new-q1"))
        assert question.current_revision.prompt == "How did trade change?"
        answer = db.session.scalar(select(Response).where(Response.question_id == question.id))
        assert answer.revision.prompt == "What happened to trade?"


def test_a_stale_save_gets_a_conflict_with_both_versions(app, teacher_client,
                                                         other_instructor, make_client):
    make_reading(teacher_client)
    add_check(teacher_client)
    colleague = make_client()
    colleague.login(other_instructor)
    url = f"{IN_COURSE}/r/new-reading/q/new-q1"
    mine = version_of(text(teacher_client.get(url)))
    theirs = version_of(text(colleague.get(url)))
    assert colleague.post_form(url, mc_data("Their wording?", theirs)).status_code == 302
    response = teacher_client.post_form(url, mc_data("My wording?", mine))
    html = text(response)
    assert response.status_code == 409
    assert "My wording?" in html and "Their wording?" in html
    assert "colleague" in html
    # Saving again from the conflict page is a deliberate choice: it replaces theirs.
    again = teacher_client.post_form(url, mc_data("My wording?", version_of(html)))
    assert again.status_code == 302
    with app.app_context():
        question = db.session.scalar(select(Question).where(Question.key == "new-q1"))
        assert question.current_revision.prompt == "My wording?"


def test_history_records_every_save_and_restores_an_old_one(app, teacher_client):
    make_reading(teacher_client)
    add_check(teacher_client)
    url = f"{IN_COURSE}/r/new-reading/q/new-q1"
    version = version_of(text(teacher_client.get(url)))
    teacher_client.post_form(url, mc_data("Second wording?", version))
    history = text(teacher_client.get(f"{IN_COURSE}/r/new-reading/history"))
    assert "teacher" in history
    with app.app_context():
        numbers = sorted(db.session.scalars(select(ReadingVersion.number).join(Reading).where(
            Reading.slug == "new-reading")))
    assert numbers == [1, 2, 3]
    page = text(teacher_client.get(f"{IN_COURSE}/r/new-reading/history/2"))
    assert "What happened to trade?" in page
    response = teacher_client.post_form(f"{IN_COURSE}/r/new-reading/history/2/restore",
                                        {"base_version": "3"})
    assert response.status_code == 302
    with app.app_context():
        question = db.session.scalar(select(Question).where(Question.key == "new-q1"))
        assert question.current_revision.prompt == "What happened to trade?"
        assert question.current_revision.number == 3


def test_preview_uses_the_student_pages_with_feedback(teacher_client):
    make_reading(teacher_client)
    add_check(teacher_client)
    page = text(teacher_client.get(f"{IN_COURSE}/r/new-reading/preview"))
    assert "First part" in page and "Key terms" in page
    check = text(teacher_client.get(
        f"{IN_COURSE}/r/new-reading/preview/q/new-q1?pick=b"))
    assert "No: it grew." in check and "Right: the first part says so." in check


def test_download_then_upload_gives_the_same_reading(app, teacher_client):
    make_reading(teacher_client)
    add_check(teacher_client)
    yaml_text = teacher_client.get(f"{IN_COURSE}/r/new-reading/download.yaml").data
    assert b"slug: new-reading" in yaml_text
    preview = teacher_client.post_form(f"{IN_COURSE}/upload", {
        "kind": "yaml", "file": (io.BytesIO(yaml_text), "new-reading.yaml")},
        content_type="multipart/form-data")
    html = text(preview)
    assert preview.status_code == 200, html
    assert "Store this reading" in html
    stored = teacher_client.post_form(f"{IN_COURSE}/upload/store", {
        "text": yaml_text.decode(), "source": "new-reading.yaml",
        "base_version": version_of(html)})
    assert stored.status_code == 302
    with app.app_context():
        question = db.session.scalar(select(Question).where(Question.key == "new-q1"))
        assert question.current_revision.number == 1  # the same reading: no new revision


def test_an_upload_with_errors_lists_them_by_line(teacher_client):
    bad = b"slug: broken\ntitle: T\nsummary: []\n"
    response = teacher_client.post_form(f"{IN_COURSE}/upload", {
        "kind": "yaml", "file": (io.BytesIO(bad), "broken.yaml")},
        content_type="multipart/form-data")
    html = text(response)
    assert "broken.yaml:1: reading: missing or empty &#39;publication&#39;" in html
    assert "Store this reading" not in html


def test_a_gift_upload_is_previewed_then_stored(app, teacher_client):
    gift = (b"::gift-q1:: Which way did trade go? {=up#Yes. ~down#No, up.}\n\n"
            b"::gift-d1:: Discuss the trade figures. {}\n\n"
            b"::gift-s1:: Name the port. {=Rosario}\n")
    response = teacher_client.post_form(f"{IN_COURSE}/upload", {
        "kind": "gift", "file": (io.BytesIO(gift), "trade.gift"), "slug": "gift-trade",
        "misconception": "reverses-claim"}, content_type="multipart/form-data")
    html = text(response)
    assert response.status_code == 200, html
    assert "Which way did trade go?" in html
    assert "trade.gift:5: skipped:" in html  # the short-answer item, by line, as the CLI says
    form = dict(re.findall(r'<input[^>]*name="(text|source|base_version)"[^>]*value="([^"]*)"',
                           html))
    assert set(form) == {"text", "source", "base_version"}
    from html import unescape
    stored = teacher_client.post_form(f"{IN_COURSE}/upload/store",
                                      {k: unescape(v) for k, v in form.items()})
    assert stored.status_code == 302, text(stored)
    with app.app_context():
        reading = db.session.scalar(select(Reading).where(Reading.slug == "gift-trade"))
        assert sorted(q.kind for q in reading.questions) == ["discussion", "mc"]
        assert reading.draft is False


def test_a_moodle_xml_upload_reports_problems_by_line(app, teacher_client):
    from quizapp.services.interchange.moodle_xml.writer import export_reading_xml
    content = read_content(app.config["QUIZAPP_QUESTIONS_DIR"])
    xml = export_reading_xml(content.readings[0]).encode()
    response = teacher_client.post_form(f"{IN_COURSE}/upload", {
        "kind": "moodle_xml", "file": (io.BytesIO(xml), "bank.xml"), "slug": "xml-copy"},
        content_type="multipart/form-data")
    html = text(response)
    # The same questions exist already: their prompts are refused, with the line of each in
    # the reading file the import makes (as import-moodle-xml reports them).
    assert re.search(r"xml-copy\.yaml:\d+: question [a-z0-9-]+: the same prompt is also used",
                     html), html[:3000]
    assert "Store this reading" not in html


def test_a_big_upload_gets_413(teacher_client):
    response = teacher_client.post_form(f"{IN_COURSE}/upload", {
        "kind": "yaml", "file": (io.BytesIO(b"x" * 400_000), "big.yaml")},
        content_type="multipart/form-data")
    assert response.status_code == 413


def test_load_questions_does_not_overwrite_a_browser_edit(app, teacher_client):
    slug = "milei-zelenskyy"
    assert 'name="title"' in text(teacher_client.get(f"{IN_COURSE}/r/{slug}"))
    with app.app_context():
        reading = db.session.scalar(select(Reading).where(Reading.slug == slug))
        first_key = next(q.key for q in reading.questions if q.kind == "mc")
    url = f"{IN_COURSE}/r/{slug}/q/{first_key}"
    form_page = text(teacher_client.get(url))
    edit = shipped_question_data(app, first_key, version_of(form_page),
                                 "An edited prompt, written in the browser?")
    assert teacher_client.post_form(url, edit).status_code == 302
    with app.app_context():
        content = read_content(app.config["QUIZAPP_QUESTIONS_DIR"])
        report = load_content(content)
        db.session.commit()
        assert report.conflicts == [slug]
        assert "--overwrite" in str(report)
        question = db.session.scalar(select(Question).where(Question.key == first_key))
        assert question.current_revision.prompt == "An edited prompt, written in the browser?"
        report = load_content(content, overwrite=True)
        db.session.commit()
        assert report.conflicts == []
        assert question.current_revision.prompt != "An edited prompt, written in the browser?"


def test_an_edit_bumps_the_live_version_of_a_session_showing_it(app, teacher_client,
                                                                make_seminar):
    make_reading(teacher_client)
    add_check(teacher_client)
    code = make_seminar("Live", ["new-reading"], pacing="instructor")
    before = open_live(app, code, "new-q1")
    url = f"{IN_COURSE}/r/new-reading/q/new-q1"
    version = version_of(text(teacher_client.get(url)))
    assert teacher_client.post_form(url, mc_data("Reworded?", version)).status_code == 302
    with app.app_context():
        seminar = db.session.scalar(select(Seminar).where(Seminar.code == code))
        assert seminar.live_version > before


def test_an_answer_sent_after_an_edit_keeps_the_wording_the_student_saw(app, teacher_client,
                                                                        make_seminar):
    make_reading(teacher_client)
    add_check(teacher_client)
    code = make_seminar("Class", ["new-reading"])
    student = app.test_client()
    student.join(code, "Ana")
    page = text(student.get(f"/s/{code}/r/new-reading/check/1"))
    seen = re.search(r'name="revision" value="(\d+)"', page).group(1)
    url = f"{IN_COURSE}/r/new-reading/q/new-q1"
    version = version_of(text(teacher_client.get(url)))
    # The edit makes b the right answer; the student, still on the old page, picks a.
    edit = mc_data("Reworded: what happened to trade?", version)
    edit.pop("choices-0-correct")
    edit.update({"choices-1-correct": "y", "choices-1-misconception": "",
                 "choices-0-misconception": "reverses-claim"})
    assert teacher_client.post_form(url, edit).status_code == 302
    assert student.post_form(f"/s/{code}/r/new-reading/check/1",
                             {"choice": "a", "revision": seen}).status_code == 302
    with app.app_context():
        answer = db.session.scalar(select(Response))
        assert answer.revision_id == int(seen)
        assert answer.revision.prompt == "What happened to trade?"
        assert answer.correct  # graded by the wording the student read


def test_a_live_answer_sent_after_an_edit_keeps_the_wording_the_phone_showed(
        app, teacher_client, make_seminar):
    make_reading(teacher_client)
    add_check(teacher_client)
    code = make_seminar("Live", ["new-reading"], pacing="instructor")
    open_live(app, code, "new-q1")
    student = app.test_client()
    student.join(code, "Ana")
    shown = student.get(f"/s/{code}/live/state").json["question"]
    url = f"{IN_COURSE}/r/new-reading/q/new-q1"
    edit = mc_data("Reworded live?", version_of(text(teacher_client.get(url))))
    edit.pop("choices-0-correct")
    edit.update({"choices-1-correct": "y", "choices-1-misconception": "",
                 "choices-0-misconception": "reverses-claim"})
    assert teacher_client.post_form(url, edit).status_code == 302
    assert student.get(f"/s/{code}/live/state").json["question"]["revision"] != shown["revision"]
    assert student.post_form(f"/s/{code}/live/answer", {
        "question_id": shown["id"], "round": 1, "revision": shown["revision"],
        "choice": "a"}).status_code in (200, 303)
    with app.app_context():
        answer = db.session.scalar(select(Response))
        assert answer.revision_id == shown["revision"]
        assert answer.correct  # graded by the words on the phone, not the edit


def test_an_edit_reaches_a_second_app_instance_at_its_next_poll(app, app_factory,
                                                               teacher_client, make_seminar):
    """Two app instances on one database (as two servers): students poll the second, the
    instructor edits the live question on the first."""
    code = make_seminar("Live", ["milei-zelenskyy"], pacing="instructor")
    with app.app_context():
        reading = db.session.scalar(select(Reading).where(Reading.slug == "milei-zelenskyy"))
        question = next(q for q in reading.questions if q.kind == "mc" and not q.retired)
        key, qid = question.key, question.id
    assert teacher_client.post_form(f"/instructor/sessions/{code}/live/open",
                                    {"question_id": qid}).status_code == 303
    other = app_factory()
    student = other.test_client()
    student.join(code, "Ana")
    first = student.get(f"/s/{code}/live/state")
    etag = first.headers["ETag"]
    old_prompt = first.json["question"]["prompt"]
    assert student.get(f"/s/{code}/live/state",
                       headers={"If-None-Match": etag}).status_code == 304
    url = f"{IN_COURSE}/r/milei-zelenskyy/q/{key}"
    version = version_of(text(teacher_client.get(url)))
    edit = shipped_question_data(app, key, version, "The reworded live question?")
    assert teacher_client.post_form(url, edit).status_code == 302
    after = student.get(f"/s/{code}/live/state", headers={"If-None-Match": etag})
    assert after.status_code == 200
    assert after.json["question"]["prompt"] == "The reworded live question?" != old_prompt


def test_item_writing_warnings_show_and_are_silenced_with_a_reason(teacher_client):
    make_reading(teacher_client)
    page = teacher_client.get(f"{IN_COURSE}/r/new-reading/new/mc")
    teacher_client.post_form(f"{IN_COURSE}/r/new-reading/new/mc",
                             mc_data("What did trade not do?", version_of(text(page))))
    assert "[negative-stem]" in text(teacher_client.get(f"{IN_COURSE}/r/new-reading"))
    url = f"{IN_COURSE}/r/new-reading/q/new-q1"
    version = version_of(text(teacher_client.get(url)))
    bad = teacher_client.post_form(url, mc_data("What did trade not do?", version,
                                                silence="no-such-rule: because"))
    assert "unknown rule &#39;no-such-rule&#39;" in text(bad)
    version = version_of(text(bad))
    ok = teacher_client.post_form(url, mc_data("What did trade not do?", version,
                                               silence="negative-stem: the point of it"))
    assert ok.status_code == 302, text(ok)
    assert "[negative-stem]" not in text(teacher_client.get(f"{IN_COURSE}/r/new-reading"))
    exported = text(teacher_client.get(f"{IN_COURSE}/r/new-reading/download.yaml"))
    assert "silence:\n    negative-stem: the point of it" in exported
