"""The analytics pages through the test client, on both databases."""

from __future__ import annotations

import html
import re

import pytest
from analytics_data import READING, build_world, reading_questions, right, seed, wrong

from quizapp.extensions import db
from quizapp.services.accounts import instructors
from quizapp.services.classroom import seminars
from quizapp.services.review import notes
from support import text


@pytest.fixture
def world(app, make_seminar):
    return build_world(app, make_seminar)


def page(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, text(response)[:2000]
    return text(response)


def cells(body: str, key: str) -> list[str]:
    """A question's row of the item table: the section heading, then each figure's first word."""
    row = body.split(f'id="item-{READING}-{key}"')[1].split("</tr>")[0]
    texts = [" ".join(re.sub(r"<[^>]+>", "", c).split()) for c in row.split("<td>")[1:]]
    return [html.unescape(texts[0])] + [t.split()[0] for t in texts[1:]]


def label_of(app, tag: str) -> str:
    with app.app_context():
        from quizapp.services.analytics.misconceptions import vocabulary

        return vocabulary()[tag]["label"]


def test_session_analysis_shows_figures_formulas_and_small_class_warnings(app, teacher_client,
                                                                          world):
    body = page(teacher_client, f"/instructor/sessions/{world['code']}/analysis")
    q1, q2, q3 = world["qs"][:3]
    # Formulas in plain words, and the scoring rules.
    for words in ("Pearson", "Wilson", "rest of the check", "sorted in ascending order",
                  "p/(p − 1)", "n − 1", "√(1 − alpha) × 100%", "exactly right",
                  "left unanswered scores 0", "first</em> vote"):
        assert words in body, words
    # Facility per question, from the fixture: q1 2/4, q2 2/4, q3 1/4.
    # section, right of those who answered, facility, discrimination, efficiency
    assert cells(body, q1["key"])[:3] == [q1["heading"], "2", "50%"]  # 2 of 4 answered
    assert cells(body, q2["key"])[:3] == [q2["heading"], "2", "50%"]  # 2 of 3
    assert cells(body, q3["key"])[:3] == [q3["heading"], "1", "25%"]  # 1 of 2
    assert "2 of 3 (67%)" in body and "1 of 2 (50%)" in body
    # Wilson interval for 2 of 4 is 15%-85%.
    assert "15–85%" in body
    # Four students: the page says so once; only the unstable figures carry the marker.
    assert body.count("Only 4 students have answered") == 1
    assert "fewer than 10 students, a rough indication only" in body
    assert 0 < body.count("n=4") < 20
    # The decision first: what to discuss, then the statistics, the formulas closed.
    assert body.index('id="discuss-h"') < body.index('class="check"')
    assert '<details class="panel explain" id="how-to-read">' in body
    # SVG charts with the numbers as text too.
    assert "<svg" in body and "95%:" in body


def test_misconceptions_are_ranked_and_link_to_questions_and_students(app, teacher_client,
                                                                     world):
    code = world["code"]
    body = page(teacher_client, f"/instructor/sessions/{code}/analysis")
    ranked = sorted(world["holders"].items(), key=lambda kv: (-len(kv[1]),
                                                             label_of(app, kv[0]).lower()))
    section = body[body.index('id="misconceptions"'):body.index('class="check"')]
    positions = [section.index(f"/misconceptions/{tag}\"") for tag, _ in ranked]
    assert positions == sorted(positions)
    for tag, names in ranked:
        assert f">{len(names)} of 4 ·" in section.split(f"/misconceptions/{tag}\"")[1][:600]
    tag, names = ranked[0]
    detail = page(teacher_client, f"/instructor/sessions/{code}/misconceptions/{tag}")
    for name in names:
        assert f">{name}</a>" in detail
    for other in {"Ana", "Bo", "Cy", "Di"} - names:
        assert f">{other}</a>" not in detail
    assert "/instructor/sessions/" in detail and "/questions/" in detail
    page(teacher_client, f"/instructor/sessions/{code}/misconceptions/no-such-tag", 404)


def test_passage_view_names_the_section_that_confused_most(app, teacher_client, world):
    q1, q2, q3 = world["qs"][:3]
    body = page(teacher_client, f"/instructor/sessions/{world['code']}/analysis")
    # Per section: students who answered one of its questions, and who missed at least one.
    sections: dict[str, list[str]] = {}
    answered = {"Ana": {1, 2, 3}, "Bo": {1, 2, 3}, "Cy": {1, 2}, "Di": {1}}
    missed = {"Ana": set(), "Bo": {2, 3}, "Cy": {1}, "Di": {1}}
    for n, q in enumerate([q1, q2, q3], start=1):
        sections.setdefault(q["section"], []).append(n)
    shares = {}
    for sid, nums in sections.items():
        seen = [s for s in answered if answered[s] & set(nums)]
        lost = [s for s in seen if missed[s] & set(nums)]
        shares[sid] = (len(lost), len(seen))
    worst = max(shares, key=lambda s: shares[s][0] / shares[s][1])
    lost, seen = shares[worst]
    heading = next(q["heading"] for q in (q1, q2, q3) if q["section"] == worst)
    assert (f"The section “{heading}” confused" in html.unescape(body)
            and f"confused {round(100 * lost / seen)}% of the class: {lost} of the {seen}"
            in body)
    assert "What to reread together" in body


def test_twelve_students_get_no_small_class_warning(app, teacher_client, make_seminar):
    code = make_seminar("Big", readings=[READING])
    q = reading_questions(app)[0]
    seed(app, code, {f"S{i:02d}": {q["key"]: right(q) if i % 3 else wrong(q)}
                     for i in range(12)})
    body = page(teacher_client, f"/instructor/sessions/{code}/analysis")
    assert "n=12" not in body
    assert "a rough indication only" not in body
    assert "Fewer than 10 students have answered" not in body


def test_student_reports_are_complete_and_printable(app, teacher_client, world, instructor):
    code, ids = world["code"], world["ids"]
    with app.app_context():
        seminar = seminars.find_seminar(code)
        teacher = instructors.find_instructor(instructor)
        notes.add_note(seminar, teacher, "student", ids["Bo"], "Bo mixes up the actors.")
        db.session.commit()
    body = page(teacher_client, f"/instructor/sessions/{code}/students")
    for name in ("Ana", "Bo", "Cy", "Di"):
        assert f">{name}</a></h2>" in body
    assert "3 of 10 (30%)" in body  # Ana: three right of the reading's ten checks
    assert "Alignment is a choice, not a necessity." in body
    assert "Bo mixes up the actors." in body
    assert 'class="student-report' in body and "analytics.css" in body
    assert "analytics.js" in body and "<script>" not in body  # no inline script (CSP)
    bo_tags = {world["qs"][1]["tags"][world["qs"][1]["wrong"][0]],
               world["qs"][2]["tags"][world["qs"][2]["wrong"][0]]}
    one = page(teacher_client, f"/instructor/sessions/{code}/students?student={ids['Bo']}")
    assert ">Bo</a></h2>" in one and ">Ana</a></h2>" not in one
    for tag in bo_tags:
        assert label_of(app, tag) in one
    assert "Bo mixes up the actors." in one
    page(teacher_client, f"/instructor/sessions/{code}/students?student=999999", 404)


def test_reading_analysis_pools_the_sessions_an_instructor_can_see(app, teacher_client, world,
                                                                   make_seminar, make_client,
                                                                   other_instructor):
    q = world["qs"][0]
    second = make_seminar("Week 1, second group", readings=[READING])
    seed(app, second, {"Eva": {q["key"]: right(q)}, "Fu": {q["key"]: right(q)}})
    foreign = make_seminar("Someone else's", readings=[READING], owner=other_instructor)
    seed(app, foreign, {"Gil": {q["key"]: wrong(q)}})
    body = page(teacher_client, f"/instructor/readings/{READING}/analysis")
    assert "Pooled over 2 sessions" in body
    assert "Someone else" not in body
    # q1 pooled: Ana, Bo, Eva, Fu right of 6 students = 67%; per session 50% and 100%.
    assert cells(body, q["key"])[:3] == [q["heading"], "4", "67%"]  # 4 of 6 answered right
    assert "(2 of 4)" in body and "(2 of 2)" in body
    page(teacher_client, "/instructor/readings/no-such-reading/analysis", 404)
    colleague = make_client()
    assert colleague.login(other_instructor).status_code == 302
    theirs = page(colleague, f"/instructor/readings/{READING}/analysis")
    assert "Pooled over 1 session" in theirs and "Week 1" not in theirs


def test_reading_analysis_names_the_course_when_two_share_a_reading_name(app, teacher_client,
                                                                        world):
    """Slugs name readings within a course: the link from a session's analysis carries the
    course, so the same file loaded into a second course is analysed apart."""
    from quizapp.content.loader import load_content
    from quizapp.content.schema import read_content
    from quizapp.services.courses import courses

    with app.app_context():
        teacher = instructors.find_instructor("teacher")
        other = courses.create_course(teacher, "A second group's course")
        load_content(read_content(app.config["QUIZAPP_QUESTIONS_DIR"]), course=other)
        seminars.create_seminar(teacher, "Second course's session", [READING], course=other)
        db.session.commit()
        shipped, second = courses.first_course().slug, other.slug
    link = f"/instructor/readings/{READING}/analysis?course={shipped}"
    assert link in html.unescape(page(teacher_client,
                                      f"/instructor/sessions/{world['code']}/analysis"))
    ours = page(teacher_client, link)
    assert "Pooled over 1 session" in ours and "Second course" not in ours
    theirs = page(teacher_client, f"/instructor/readings/{READING}/analysis?course={second}")
    assert "Pooled over 1 session" in theirs and "Second course&#39;s session" in theirs
    assert f"analysis.csv?course={second}" in theirs
    page(teacher_client, f"/instructor/readings/{READING}/analysis?course=no-such-course", 404)


def test_pages_are_for_the_owner_and_shared_instructors_only(app, client, make_client, world,
                                                             other_instructor):
    code = world["code"]
    urls = [f"/instructor/sessions/{code}/analysis", f"/instructor/sessions/{code}/students",
            f"/instructor/sessions/{code}/misconceptions/wrong-actor",
            f"/instructor/sessions/{code}/analysis.csv",
            f"/instructor/sessions/{code}/students.csv", f"/instructor/sessions/{code}/notes.csv",
            f"/instructor/sessions/{code}/archive.json"]
    for url in urls:
        anonymous = client.get(url)
        assert anonymous.status_code == 302 and "/instructor/login" in anonymous.location
    colleague = make_client()
    assert colleague.login(other_instructor).status_code == 302
    for url in urls:
        assert colleague.get(url).status_code == 404, url
    with app.app_context():
        seminars.share_seminar(seminars.find_seminar(code),
                               instructors.find_instructor(other_instructor))
        db.session.commit()
    for url in urls:
        response = colleague.get(url)
        response.get_data()  # downloads stream: read them to the end, as a browser does
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "no-store"
    assert client.get(f"/instructor/readings/{READING}/analysis").status_code == 302


def test_session_nav_links_to_the_analytics(teacher_client, world):
    body = page(teacher_client, f"/instructor/sessions/{world['code']}/")
    assert f"/instructor/sessions/{world['code']}/analysis" in body
    assert f"/instructor/sessions/{world['code']}/students" in body


def test_an_empty_session_renders(teacher_client, make_seminar):
    code = make_seminar("Nobody yet")
    body = page(teacher_client, f"/instructor/sessions/{code}/analysis")
    assert "Nobody has answered this check yet." in body
    assert "No wrong answer so far points to a misconception." in body
    assert "Nobody has joined this session yet." in page(
        teacher_client, f"/instructor/sessions/{code}/students")
