"""The self-paced seminar in Chromium: an instructor and three students on three devices.

The instructor creates the sessions through the forms, three students join (phone, tablet,
desktop), read a summary, answer a check and get feedback, answer a discussion question; the
instructor sees the answers arrive, writes a note and downloads the CSV, whose rows must match
what the students did. Screenshots of each main page land in artifacts/screenshots/.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from browserkit import (
    DESKTOP,
    PHONE,
    TABLET,
    axe_violations,
    correct_ids,
    create_session_ui,
    describe,
    join,
    login,
    reading_content,
    shoot,
    wrong_id,
)

expect = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed").expect

SLUG = "limits-trump-milei"
CONTENT = reading_content(SLUG)
TITLE = CONTENT["title"]
Q1, Q2 = CONTENT["questions"][0], CONTENT["questions"][1]
D1 = CONTENT["discussion"][0]



def open_by_prompt(teacher: Any, prompt: str) -> None:
    """The live panel's "Open" button of the question with this prompt (the panel names
    questions by their text, not their id)."""
    start = re.compile("^" + re.escape(prompt[:100]))
    teacher.locator("#questions li").filter(
        has=teacher.locator(".q-prompt", has_text=start)).get_by_role("button").click()

def choice_label(question: dict[str, Any], cid: str) -> str:
    text = next(c["text"] for c in question["choices"] if c["id"] == cid)
    return text


def create_session(teacher: Any, title: str, pacing_label: str) -> str:
    """Fill in the new-session form (one reading only); returns the join code."""
    teacher.get_by_role("link", name="Dashboard").click()
    teacher.get_by_role("link", name="New session").click()
    teacher.get_by_label("Title").fill(title)
    for box in teacher.locator("fieldset.choices input[name=readings]").all():
        box.uncheck()
    teacher.get_by_label(TITLE).check()
    teacher.get_by_label(pacing_label).check()
    teacher.get_by_role("button", name="Create session").click()
    expect(teacher.locator(".flash")).to_contain_text("Session created")
    return teacher.locator(".big-code").inner_text().replace("-", "").strip()


def answer_check(page: Any, question: dict[str, Any], cid: str) -> None:
    page.get_by_label(choice_label(question, cid), exact=True).check()
    page.get_by_role("button", name="Submit answer").click()
    expect(page.locator("#result")).to_be_visible()


def answer_discussion(page: Any, text: str, stance: str | None = None) -> None:
    page.goto(page.url.split("/r/")[0] + f"/r/{SLUG}")
    page.get_by_role("link", name=D1["prompt"][:60]).click()
    if stance:
        page.locator(f"input[name=stance][value='{stance}']").check()
    page.get_by_label("Your answer").fill(text)
    page.get_by_role("button", name="Submit my answer").click()
    expect(page.locator(".flash")).to_contain_text("Your answer is saved.")
    expect(page.locator(".answer-text")).to_have_text(text)


def test_self_paced_seminar_end_to_end(server, new_context) -> None:
    teacher = new_context(DESKTOP).new_page()
    teacher.goto(server.url + "/instructor/login")
    shoot(teacher, "instructor-login")
    login(teacher, server)
    expect(teacher.get_by_role("heading", level=1)).to_have_text("Your sessions")
    teacher.get_by_role("link", name="New session").click()
    teacher.wait_for_url("**/instructor/sessions/new")
    shoot(teacher, "instructor-new-session")
    code = create_session(teacher, "Milei seminar, self-paced",
                          "Self-paced: students work through the readings at their own speed")
    review_url = teacher.url
    create_session(teacher, "Milei seminar, live",
                   "Instructor-paced: you open each question live")
    teacher.get_by_role("link", name="Dashboard").click()
    expect(teacher.locator("table")).to_contain_text("instructor-paced")
    shoot(teacher, "instructor-dashboard")

    # Ana on a phone: joins from the front page with the code the projector shows.
    ana = new_context(PHONE).new_page()
    ana.goto(server.url + "/")
    shoot(ana, "student-start")
    ana.get_by_label("Session code").fill(code[:4] + "-" + code[4:].lower())
    ana.get_by_label("Your name").fill("Ana")
    ana.get_by_role("button", name="Join").click()
    expect(ana.locator(".flash")).to_contain_text("Welcome, Ana")
    shoot(ana, "student-home")
    ana.get_by_role("link", name=TITLE).click()
    ana.wait_for_url(f"**/r/{SLUG}")
    expect(ana.get_by_role("heading", level=1)).to_have_text(TITLE)
    shoot(ana, "student-reading")
    shoot(ana, "student-reading", sizes=("phone",), dark=True)
    ana.get_by_role("button", name=re.compile("I have read the summary")).click()
    expect(ana.get_by_role("heading", level=1)).to_have_text(
        re.compile(r"Question 1 of \d+"))
    shoot(ana, "student-check-question")
    answer_check(ana, Q1, correct_ids(Q1)[0])
    expect(ana.locator(".verdict")).to_have_text("✓ Right")
    shoot(ana, "student-check-right")
    shoot(ana, "student-check-right", sizes=("phone",), dark=True)

    # The instructor sees the first answer arrive.
    teacher.goto(review_url)
    expect(teacher.locator("#student-table")).to_contain_text("Ana")
    stat = teacher.locator("article.stat", has_text=Q1["prompt"])
    expect(stat.locator(".meta")).to_contain_text("1 answer")

    # Ana's phone reloads in the middle of question 2: same question, her answers kept.
    ana.get_by_role("link", name="Next question →").click()
    ana.get_by_label(choice_label(Q2, wrong_id(Q2)), exact=True).check()
    at = ana.url
    ana.reload()
    assert ana.url == at
    expect(ana.get_by_role("heading", level=1)).to_have_text(re.compile(r"Question 2 of"))
    answer_check(ana, Q2, wrong_id(Q2))
    expect(ana.locator(".verdict")).to_have_text("✗ Not quite")
    ana.reload()
    expect(ana.locator(".verdict")).to_have_text("✗ Not quite")
    expect(ana.locator("li.picked .tag")).to_contain_text("Your answer")
    ana.get_by_role("link", name="← Previous").click()
    expect(ana.locator(".verdict")).to_have_text("✓ Right")
    ana_text = "Interests win: the China swap shows Milei bends when the money matters."
    answer_discussion(ana, ana_text, stance="4")
    shoot(ana, "student-discussion")

    # Ben on a tablet uses the join link and gets question 1 wrong.
    ben = new_context(TABLET).new_page()
    ben.goto(f"{server.url}/join/{code}")
    shoot(ben, "student-join")
    join(ben, server, code, "Ben")
    ben.goto(f"{server.url}/s/{code}/r/{SLUG}")
    ben.get_by_role("button", name=re.compile("I have read the summary")).click()
    answer_check(ben, Q1, wrong_id(Q1))
    expect(ben.locator(".verdict")).to_have_text("✗ Not quite")
    expect(ben.locator("li.is-correct .tag")).to_contain_text("Correct answer")
    shoot(ben, "student-check-wrong")
    ben_text = "Ideology: both leaders will keep choosing each other.\nEven over trade."
    answer_discussion(ben, ben_text)

    # Chloé on a desktop.
    chloe = new_context(DESKTOP).new_page()
    join(chloe, server, code, "Chloé Ñandú")
    chloe.goto(f"{server.url}/s/{code}/r/{SLUG}")
    chloe.get_by_role("button", name=re.compile("I have read the summary")).click()
    answer_check(chloe, Q1, correct_ids(Q1)[0])
    chloe_text = "=SUM(A1) is not an answer; limited alignment, because of China."
    answer_discussion(chloe, chloe_text, stance="5")
    chloe.get_by_role("link", name="My answers").click()
    chloe.wait_for_url("**/answers")
    expect(chloe.locator("table")).to_contain_text("right")
    shoot(chloe, "student-my-answers")

    # The instructor sees everyone, writes a note, and downloads the CSV.
    teacher.goto(review_url)
    for name in ("Ana", "Ben", "Chloé Ñandú"):
        expect(teacher.locator("#student-table")).to_contain_text(name)
    expect(stat.locator(".meta")).to_contain_text("3 answers · right: 2 of 3 (67%)")
    teacher.locator("#discussion > summary").click()  # the sections open on demand
    answers = teacher.locator("#discussion ol.answers > li")
    expect(answers).to_have_count(3)
    ben_answer = answers.filter(has_text="Ideology: both leaders")
    ben_answer.locator(".note-box > summary").click()
    ben_answer.get_by_label("Private note on this answer").fill("Ask Ben about Mercosur.")
    ben_answer.get_by_role("button", name="Save note").click()
    expect(teacher.locator(".flash")).to_contain_text("Note saved.")
    expect(teacher.locator(".note-body", has_text="Ask Ben about Mercosur.")).to_be_visible()
    teacher.locator(".qr-box > summary").click()
    qr = teacher.get_by_role("img", name=re.compile("QR code for the join link"))
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0"), "the QR code shows"
    shoot(teacher, "instructor-review")
    shoot(teacher, "instructor-review", sizes=("desktop",), dark=True)
    teacher.locator("#checks > summary").click()
    teacher.get_by_role("link", name=Q1["prompt"], exact=True).click()
    teacher.wait_for_url(f"**/questions/{Q1['id']}")
    expect(teacher.locator(".meta").first).to_contain_text("3 answers")
    shoot(teacher, "instructor-question")
    teacher.goto(review_url)
    teacher.locator("#students > summary").click()
    teacher.get_by_role("link", name="Ben").first.click()
    teacher.wait_for_url("**/students/*")
    expect(teacher.locator("body")).to_contain_text("Ask Ben about Mercosur.")
    shoot(teacher, "instructor-student")
    teacher.get_by_role("link", name="All notes").click()
    teacher.wait_for_url("**/notes")
    expect(teacher.locator(".note-body")).to_have_text(["Ask Ben about Mercosur."])
    shoot(teacher, "instructor-notes")

    with teacher.expect_download() as download:
        teacher.get_by_role("link", name="Download responses (CSV)").click()
    assert download.value.suggested_filename == f"quizapp-{code}-responses.csv"
    rows = list(csv.DictReader(io.StringIO(
        open(download.value.path(), encoding="utf-8-sig", newline="").read())))
    got = sorted((r["student"], r["question_id"], r["kind"], r["answer"], r["correct"],
                  r["stance"], r["round"]) for r in rows)
    expected = sorted([
        ("Ana", Q1["id"], "mc", correct_ids(Q1)[0], "true", "", "1"),
        ("Ana", Q2["id"], "mc", wrong_id(Q2), "false", "", "1"),
        ("Ana", D1["id"], "discussion", ana_text, "", "4", "1"),
        ("Ben", Q1["id"], "mc", wrong_id(Q1), "false", "", "1"),
        # Browsers send a textarea's line breaks as CRLF (HTML standard); stored as sent.
        ("Ben", D1["id"], "discussion", ben_text.replace("\n", "\r\n"), "", "", "1"),
        ("Chloé Ñandú", Q1["id"], "mc", correct_ids(Q1)[0], "true", "", "1"),
        # A leading "=" is neutralised so a spreadsheet shows text, not a formula.
        ("Chloé Ñandú", D1["id"], "discussion", "'" + chloe_text, "", "5", "1"),
    ])
    assert got == expected
    assert {r["session_code"] for r in rows} == {code}
    assert {r["reading"] for r in rows} == {SLUG}


@pytest.mark.parametrize("path", ["/course/timeline", "/course/perspectives"])
def test_course_pages(server, new_context, path: str) -> None:
    page = new_context(DESKTOP).new_page()
    page.goto(server.url + path)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    shoot(page, "course-" + path.rsplit("/", 1)[-1])


# --- Instructor-paced: the live round on three devices and the projector ---

FOLLOW_MS = 6000  # screens poll every 1.5 s; generous for a busy CI machine
LIVE_D = next(d for d in CONTENT["discussion"] if d.get("stance"))
PROJECTOR: dict[str, Any] = {"viewport": {"width": 1280, "height": 720}}
CONTRAST = {"runOnly": {"type": "rule", "values": ["color-contrast"]},
            "resultTypes": ["violations"]}


def live_label(question: dict[str, Any], cid: str) -> str:
    return f"{cid}) {choice_label(question, cid)}"


def same_document(page: Any) -> bool:
    return bool(page.evaluate("window.__sameDocument === true"))


def vote(page: Any, question: dict[str, Any], cid: str, button: str = "Send my answer") -> None:
    page.get_by_label(live_label(question, cid), exact=True).check()
    page.get_by_role("button", name=button).click()
    expect(page.locator(".live-phase.received")).to_be_visible()


def test_instructor_paced_seminar_end_to_end(server, new_context, axe_optional) -> None:
    teacher = new_context(DESKTOP).new_page()
    login(teacher, server)
    code = create_session_ui(teacher, server, "Milei seminar, live", TITLE, pacing="instructor")
    if teacher.get_by_role("link", name="Live control").count() == 0:
        pytest.skip("live mode (quizapp/live) has not landed")
    teacher.get_by_role("link", name="Live control").click()
    expect(teacher.get_by_role("heading", level=1)).to_contain_text("Live:")

    screen = new_context(PROJECTOR, axe=axe_optional).new_page()
    screen.goto(teacher.get_by_role("link", name="the projector view").get_attribute("href"))
    qr = screen.get_by_role("img", name=re.compile("QR code for the join link"))
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0"), "the projector QR shows"

    students = {}
    for name, profile in (("Ana", PHONE), ("Ben", TABLET), ("Chloé", DESKTOP)):
        page = new_context(profile).new_page()
        join(page, server, code, name)
        page.get_by_role("link", name="Go to the live question").click()
        expect(page.locator(".live-waiting")).to_be_visible()
        page.evaluate("window.__sameDocument = true")  # gone if the page ever reloads
        students[name] = page
    ana, ben, chloe = students["Ana"], students["Ben"], students["Chloé"]
    expect(screen.locator(".proj-counts")).to_contain_text("3 joined", timeout=FOLLOW_MS)
    shoot(screen, "live-room-projector-join", sizes=("desktop",))
    shoot(ana, "live-room-student-waiting", sizes=("phone",))

    # The instructor opens a check question: every screen follows without a reload,
    # and screen readers hear about it.
    open_by_prompt(teacher, Q1["prompt"])
    for page in students.values():
        expect(page.locator(".live-prompt")).to_have_text(Q1["prompt"], timeout=FOLLOW_MS)
        assert same_document(page)
    announcer = ana.locator("#live-announce")
    assert announcer.get_attribute("aria-live") == "polite"
    expect(announcer).not_to_be_empty()
    expect(screen.locator(".proj-prompt")).to_have_text(Q1["prompt"], timeout=FOLLOW_MS)
    shoot(ana, "live-room-student-question")

    # Ana's phone reloads in the middle of the question: it comes back to the same question,
    # and after she has answered, a reload still shows her answer.
    ana.get_by_label(live_label(Q1, wrong_id(Q1)), exact=True).check()
    ana.reload()
    expect(ana.locator(".live-prompt")).to_have_text(Q1["prompt"])
    vote(ana, Q1, wrong_id(Q1))
    ana.reload()
    expect(ana.locator(".live-phase.received")).to_be_visible()
    expect(ana.locator(".mine")).to_contain_text(choice_label(Q1, wrong_id(Q1)))
    ana.evaluate("window.__sameDocument = true")
    vote(ben, Q1, correct_ids(Q1)[0])
    vote(chloe, Q1, wrong_id(Q1))
    expect(teacher.locator("#live-now .counts")).to_contain_text("3 answered",
                                                                 timeout=FOLLOW_MS)

    teacher.get_by_role("button", name="Close voting").click()
    teacher.get_by_role("button", name="Reveal the answer").click()
    expect(ana.locator(".verdict")).to_have_text("✗ Not quite", timeout=FOLLOW_MS)
    expect(ben.locator(".verdict")).to_have_text("✓ Right", timeout=FOLLOW_MS)
    expect(screen.locator(".proj-correct")).to_contain_text(
        choice_label(Q1, correct_ids(Q1)[0]), timeout=FOLLOW_MS)
    shoot(ana, "live-room-student-result")
    shoot(screen, "live-room-projector-result", sizes=("desktop",))

    # The revote: Ana changes her mind, Ben stays right, Chloé stays wrong.
    teacher.get_by_role("button", name="Start the second vote").click()
    for page in students.values():
        expect(page.get_by_role("button", name="Send my second vote")).to_be_visible(
            timeout=FOLLOW_MS)
    vote(ana, Q1, correct_ids(Q1)[0], "Send my second vote")
    vote(ben, Q1, correct_ids(Q1)[0], "Send my second vote")
    vote(chloe, Q1, wrong_id(Q1), "Send my second vote")
    teacher.get_by_role("button", name="Close and reveal").click()
    expect(screen.locator(".shift-figures")).to_contain_text("Wrong to right",
                                                             timeout=FOLLOW_MS)
    expect(ana.locator(".verdict")).to_have_text("✓ Right", timeout=FOLLOW_MS)
    shoot(screen, "live-room-projector-revote", sizes=("desktop",))

    # A discussion question: answers arrive on the panel, one goes onto the projector.
    open_by_prompt(teacher, LIVE_D["prompt"])
    for page in (ana, ben):
        expect(page.locator(".live-prompt")).to_have_text(LIVE_D["prompt"], timeout=FOLLOW_MS)
    ana_text = "Interests: the swap with China outweighs any speech."
    ben_text = "Ideology keeps them close, whatever trade says."
    ana.locator("input[name=stance][value='4']").check()
    ana.get_by_label("Your answer").fill(ana_text)
    ana.get_by_role("button", name="Send my answer").click()
    ben.get_by_label("Your answer").fill(ben_text)
    ben.get_by_role("button", name="Send my answer").click()
    answers = teacher.locator("#live-answers")
    expect(answers).to_contain_text(ana_text, timeout=FOLLOW_MS)
    expect(answers).to_contain_text(ben_text, timeout=FOLLOW_MS)
    answers.locator("li", has_text=ana_text).get_by_role(
        "button", name="Spotlight on the projector").click()
    expect(screen.locator(".proj-spotlight")).to_contain_text(ana_text, timeout=FOLLOW_MS)
    assert "Ana" not in screen.locator("#live-body").inner_text(), "names stay off the screen"
    ben_item = teacher.locator("#live-answers li", has_text=ben_text)
    ben_item.get_by_label("Private note on this answer").fill("Ben: ask for evidence.")
    ben_item.get_by_role("button", name="Save note").click()
    expect(teacher.locator(".flash")).to_contain_text("Note saved.")
    expect(teacher.locator("#live-answers .note-body")).to_have_text("Ben: ask for evidence.")
    shoot(screen, "live-room-projector-spotlight", sizes=("desktop",))
    shoot(teacher, "live-room-control")
    for page in students.values():
        assert same_document(page), "no student screen reloaded during the live round"

    if axe_optional:  # the projector reads from the back of the room in both schemes
        for scheme in ("light", "dark"):
            screen.emulate_media(color_scheme=scheme)
            bad = axe_violations(screen, CONTRAST)
            assert not bad, f"projector contrast ({scheme}): {describe(bad)}"
        shoot(screen, "live-room-projector-spotlight", sizes=("desktop",), dark=True)

    with teacher.expect_download() as download:
        teacher.get_by_role("link", name="Download responses (CSV)").click()
    rows = list(csv.DictReader(io.StringIO(
        open(download.value.path(), encoding="utf-8-sig", newline="").read())))
    got = sorted((r["student"], r["question_id"], r["round"], r["answer"], r["correct"],
                  r["stance"]) for r in rows)
    right, wrong = correct_ids(Q1)[0], wrong_id(Q1)
    assert got == sorted([
        ("Ana", Q1["id"], "1", wrong, "false", ""), ("Ana", Q1["id"], "2", right, "true", ""),
        ("Ben", Q1["id"], "1", right, "true", ""), ("Ben", Q1["id"], "2", right, "true", ""),
        ("Chloé", Q1["id"], "1", wrong, "false", ""),
        ("Chloé", Q1["id"], "2", wrong, "false", ""),
        ("Ana", LIVE_D["id"], "1", ana_text, "", "4"),
        ("Ben", LIVE_D["id"], "1", ben_text, "", ""),
    ])
