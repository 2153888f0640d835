"""Quick marking in a real browser: a class of 20 discussion answers marked with the keyboard
alone, and what a student sees before and after the release (issue 21)."""

from __future__ import annotations

import re

import httpx
from browserkit import CSRF_RE, DESKTOP, PHONE, axe_violations, join, login, shoot

READING = "milei-first-year"
QUESTION = "mfy-d1"
CLASS = 20


def _answer_over_http(server, code: str, name: str) -> None:
    """A student joins and answers without a browser: the class, quickly."""
    with httpx.Client(base_url=server.url, timeout=30) as c:
        page = c.get(f"/join/{code}")
        reply = c.post(f"/join/{code}", data={"display_name": name,
                                              "csrf_token": CSRF_RE.search(page.text).group(1)})
        assert reply.status_code == 302, reply.text
        url = f"/s/{code}/r/{READING}/discuss/{QUESTION}"
        token = CSRF_RE.search(c.get(url).text).group(1)
        reply = c.post(url, data={"answer": f"{name}: the *evidence* points both ways.",
                                  "stance": "3", "csrf_token": token})
        assert reply.status_code == 302, reply.text


def _audit(page, axe) -> None:
    """No serious or critical axe-core violation (when axe-core could be installed)."""
    if axe:
        bad = axe_violations(page)
        assert not bad, [(v["id"], v["nodes"][0]["target"]) for v in bad]


def test_mark_a_class_with_the_keyboard_and_release(server, new_context, axe_optional):
    code = server.create_session("Feedback seminar", READING)
    student = new_context(PHONE, axe=axe_optional).new_page()
    join(student, server, code, "Student 01")
    student.goto(f"{server.url}/s/{code}/r/{READING}/discuss/{QUESTION}")
    student.get_by_label("Your answer").fill("Mostly alignment, with *pragmatic* exceptions.")
    student.locator("input[name=stance]").first.check()
    student.get_by_role("button", name="Submit my answer").click()
    student.wait_for_url(f"**/discuss/{QUESTION}")
    for i in range(2, CLASS + 1):
        _answer_over_http(server, code, f"Student {i:02d}")

    teacher = new_context(DESKTOP, axe=axe_optional).new_page()
    login(teacher, server)
    teacher.goto(server.url + "/instructor/rubrics")
    teacher.get_by_label("Title").fill("Argument 0-3")
    teacher.get_by_label("Levels, one a line").fill(
        "0 | missing | no answer to the question\n1 | restates | repeats the reading\n"
        "2 | argues | a claim and a reason\n3 | argues from evidence | cites the reading")
    teacher.get_by_role("button", name="Add the rubric").click()
    teacher.goto(f"{server.url}/instructor/sessions/{code}/feedback/")
    teacher.get_by_label("Rubric for this session").select_option(label="Argument 0-3")
    teacher.get_by_role("button", name="Use this rubric").click()
    teacher.get_by_role("link", name="Mark these answers").click()
    teacher.wait_for_url(re.compile(r".*/feedback/mark/" + QUESTION + "$"))
    shoot(teacher, "feedback-mark")
    _audit(teacher, axe_optional)
    shoot(teacher, "feedback-mark", sizes=("desktop",), dark=True)

    # j / k move without saving; then one digit per answer marks and moves on: 20 key presses.
    teacher.keyboard.press("j")
    teacher.wait_for_url(re.compile(r".*n=2$"))
    teacher.keyboard.press("k")
    teacher.wait_for_url(re.compile(r".*n=1$"))
    for i in range(CLASS):
        assert teacher.locator("#mark-position").inner_text() == f"Answer {i + 1} of {CLASS}"
        if i == 0:  # the first answer also gets a comment, typed without the mouse
            teacher.keyboard.press("c")
            teacher.keyboard.type("Good: now *quote* the reading.")
            teacher.keyboard.press("Escape")
        teacher.keyboard.press(str(i % 4 + 1))
        teacher.wait_for_url(re.compile(rf".*n={i + 2}$"))
    assert "all 20 answers" in teacher.locator("#mark-done").inner_text()

    # the review page: the feedback box (for the student) beside the private-note form
    teacher.goto(f"{server.url}/instructor/sessions/{code}/?question={QUESTION}#discussion")
    first = teacher.locator(".answer").first
    assert "Visible to the student after release" in first.locator(".fb-box").inner_text()
    assert first.get_by_label("Private note on this answer").count() == 1
    first.get_by_role("link", name="Edit the feedback").click()
    teacher.wait_for_url(re.compile(r".*/feedback/answers/\d+.*"))
    shoot(teacher, "feedback-write")
    _audit(teacher, axe_optional)

    # before the release the student sees nothing of it
    student.goto(f"{server.url}/s/{code}/answers")
    assert student.locator(".fb-box").count() == 0
    shoot(student, "feedback-student-before")

    teacher.goto(f"{server.url}/instructor/sessions/{code}/feedback/")
    assert "20" in teacher.locator("table").inner_text()
    shoot(teacher, "feedback-overview")
    _audit(teacher, axe_optional)
    # the release posts and redirects: read the page only once the new one has loaded
    with teacher.expect_navigation(wait_until="load"):
        teacher.get_by_role("button", name=re.compile("Release all 20")).click()
    assert "Nothing is held" in teacher.locator("main").inner_text()

    student.goto(f"{server.url}/s/{code}/")
    assert "released feedback on 1" in student.locator(".fb-box").inner_text()
    shoot(student, "feedback-student-home")
    student.goto(f"{server.url}/s/{code}/answers")
    box = student.locator(".fb-box")
    assert box.count() == 1
    text = box.inner_text()
    # "Student 01" sorts first: key 1, the scale's first level
    assert "missing (0)" in text and "restates" not in text
    assert box.locator("em").inner_text() == "quote"
    shoot(student, "feedback-student-after")
    _audit(student, axe_optional)
    shoot(student, "feedback-student-after", sizes=("phone",), dark=True)

    # the gradebook shows the class
    teacher.goto(f"{server.url}/instructor/sessions/{code}/gradebook")
    assert teacher.locator("#gradebook tbody tr").count() == CLASS
    shoot(teacher, "feedback-gradebook")
    _audit(teacher, axe_optional)
    teacher.goto(f"{server.url}/instructor/gradebook")
    _audit(teacher, axe_optional)
    teacher.goto(f"{server.url}/instructor/rubrics")
    _audit(teacher, axe_optional)
