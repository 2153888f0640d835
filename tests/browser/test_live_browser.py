"""Live mode in Chromium against a real gunicorn server (two workers): live.js for real.

The instructor drives the panel, two phones follow without reloading, the projector updates
itself; a phone with JavaScript off still answers through the plain form. Checks that typing
survives an update, that answers go through fetch without a reload, that spotlights reach the
phones of students who answered, and that the round figures show on the projector.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from browserkit import (
    DESKTOP,
    PHONE,
    axe_violations,
    correct_ids,
    describe,
    join,
    login,
    reading_content,
    shoot,
    wrong_id,
)

expect = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed").expect

SLUG = "milei-first-year"
CONTENT = reading_content(SLUG)
MC = CONTENT["questions"][0]
PLAIN = next(d for d in CONTENT["discussion"] if not d.get("stance"))
FOLLOW_MS = 2500  # screens follow within 2 s (1.5 s polling), plus slack for a busy machine
SLOW_MS = 6000


def label(question: dict[str, Any], cid: str) -> str:
    return next(f"{c['id']}) {c['text']}" for c in question["choices"] if c["id"] == cid)


def open_by_prompt(teacher: Any, prompt: str) -> None:
    """The panel's "Open" button of the question with this prompt (buttons name questions by
    their text, not their id)."""
    start = re.compile("^" + re.escape(prompt[:100]))
    teacher.locator("#questions li").filter(
        has=teacher.locator(".q-prompt", has_text=start)).get_by_role("button").click()


def open_live(page: Any, server: Any, code: str) -> None:
    page.goto(f"{server.url}/s/{code}/live")
    page.evaluate("window.__sameDocument = true")  # gone if the page ever reloads


def still_same_document(page: Any) -> bool:
    return bool(page.evaluate("window.__sameDocument === true"))


def test_live_round_in_chromium(server, new_context) -> None:
    code = server.create_session("Live in the browser", SLUG, pacing="instructor")
    teacher = new_context(DESKTOP).new_page()
    login(teacher, server)
    teacher.goto(f"{server.url}/instructor/sessions/{code}/live")
    projector_url = teacher.get_by_role("link", name="the projector view").get_attribute("href")
    screen = new_context(DESKTOP).new_page()
    screen.goto(projector_url)
    expect(screen.locator(".proj-bigcode")).to_have_text(f"{code[:4]}-{code[4:]}")

    ana, ben = new_context(PHONE).new_page(), new_context(PHONE).new_page()
    join(ana, server, code, "Ana Typist")
    join(ben, server, code, "Ben Quick")
    open_live(ana, server, code)
    open_live(ben, server, code)
    expect(ana.locator(".live-waiting")).to_be_visible()
    expect(screen.locator(".proj-counts")).to_contain_text("2 joined", timeout=SLOW_MS)
    shoot(screen, "live-projector-join", sizes=("desktop",))

    # A discussion question: the phones follow by themselves.
    open_by_prompt(teacher, PLAIN["prompt"])
    expect(ana.locator(".live-prompt")).to_have_text(PLAIN["prompt"], timeout=FOLLOW_MS)
    expect(ben.locator(".live-prompt")).to_have_text(PLAIN["prompt"], timeout=FOLLOW_MS)
    expect(ana.locator("#live-announce")).to_contain_text("New question")
    ana.get_by_label("Your answer").fill("Half-typed thought")  # focused, not sent

    ben.get_by_label("Your answer").fill("Ben's view: mostly need.")
    ben.get_by_role("button", name="Send my answer").click()
    expect(ben.locator(".live-phase.received")).to_be_visible()
    assert still_same_document(ben)  # sent with fetch: no reload
    expect(teacher.locator("#live-answers")).to_contain_text("Ben's view: mostly need.",
                                                             timeout=SLOW_MS)

    # The spotlight changes every screen's state; Ana's typing must survive the update.
    with ana.expect_response(lambda r: r.url.endswith("/live/state") and r.status == 200,
                             timeout=SLOW_MS):
        teacher.get_by_role("button", name="Spotlight on the projector").click()
    ana.wait_for_timeout(300)
    assert ana.get_by_label("Your answer").input_value() == "Half-typed thought"
    assert ana.evaluate("document.activeElement && document.activeElement.id") == "live-answer"
    expect(screen.locator(".proj-spotlight")).to_contain_text("Ben's view", timeout=FOLLOW_MS)
    assert "Ben Quick" not in screen.locator("#live-body").inner_text()
    expect(ben.locator("#live-spotlight")).to_contain_text("Ben's view", timeout=FOLLOW_MS)
    expect(ana.locator("#live-spotlight")).to_have_count(0)  # not before her own answer

    ana.get_by_label("Your answer").fill("Conviction, mostly.")
    ana.get_by_role("button", name="Send my answer").click()
    expect(ana.locator(".live-phase.received")).to_be_visible()
    expect(ana.locator("#live-spotlight")).to_contain_text("Ben's view")
    shoot(ana, "live-student-spotlight", sizes=("phone",))
    ana.reload()  # the place and the answer survive a reload
    expect(ana.locator(".mine .answer-text")).to_have_text("Conviction, mostly.")
    ana.evaluate("window.__sameDocument = true")

    # A check question with a countdown; a phone without JavaScript answers too.
    teacher.get_by_label("Countdown in seconds (optional)").fill("60")
    open_by_prompt(teacher, MC["prompt"])
    expect(ana.locator(".live-prompt")).to_have_text(MC["prompt"], timeout=FOLLOW_MS)
    expect(ana.locator(".countdown")).to_contain_text("left")
    shoot(ana, "live-student-question", sizes=("phone",))
    right, wrong = correct_ids(MC)[0], wrong_id(MC)
    ana.get_by_label(label(MC, right)).check()
    ana.get_by_role("button", name="Send my answer").click()
    expect(ana.locator(".live-phase.received")).to_be_visible()
    expect(ben.locator(".live-prompt")).to_have_text(MC["prompt"], timeout=FOLLOW_MS)
    ben.get_by_label(label(MC, wrong)).check()
    ben.get_by_role("button", name="Send my answer").click()
    expect(ben.locator(".live-phase.received")).to_be_visible()

    cy = new_context(PHONE, java_script_enabled=False).new_page()
    join(cy, server, code, "Cy Noscript")
    cy.goto(f"{server.url}/s/{code}/live")
    expect(cy.get_by_role("link", name="refresh")).to_be_visible()
    cy.get_by_label(label(MC, wrong)).check()
    cy.get_by_role("button", name="Send my answer").click()
    expect(cy.locator(".live-phase.received")).to_be_visible()
    expect(screen.locator(".proj-counts")).to_contain_text("3 answered", timeout=SLOW_MS)

    teacher.get_by_role("button", name="Close voting").click()
    teacher.get_by_role("button", name="Reveal the answer").click()
    expect(ana.locator(".verdict")).to_contain_text("Right", timeout=FOLLOW_MS)
    expect(ben.locator(".verdict")).to_contain_text("Not quite", timeout=FOLLOW_MS)
    expect(screen.locator(".proj-side .bars")).to_be_visible(timeout=FOLLOW_MS)
    shoot(ben, "live-student-result", sizes=("phone",))

    # Peer instruction: Ben changes his mind in the second vote.
    teacher.get_by_role("button", name="Start the second vote").click()
    expect(ben.locator(".kicker").first).to_contain_text("second vote", timeout=FOLLOW_MS)
    ben.get_by_label(label(MC, right)).check()
    ben.get_by_role("button", name="Send my second vote").click()
    expect(ben.locator(".live-phase.received")).to_be_visible()
    ana.get_by_label(label(MC, right)).check()
    ana.get_by_role("button", name="Send my second vote").click()
    expect(ana.locator(".live-phase.received")).to_be_visible()
    teacher.get_by_role("button", name="Close and reveal").click()
    shift = screen.locator(".shift-figures")
    expect(shift).to_contain_text("Wrong to right", timeout=FOLLOW_MS)
    expect(shift.locator("div.good dd")).to_have_text("1")
    expect(shift.locator("div.bad dd")).to_have_text("0")
    expect(ben.locator(".verdict")).to_contain_text("Right", timeout=FOLLOW_MS)
    shoot(screen, "live-projector-revote", sizes=("desktop",))
    shoot(teacher, "live-control", sizes=("desktop",))
    assert still_same_document(ana) and still_same_document(ben)


def _follows(locator: Any, server: Any, code: str) -> None:
    """The phone shows ``locator`` (within 15 s: this test checks the pages, the benchmark
    measures how fast phones follow); if not, the failure says what the server saw of this
    session (its access log: the instructor's POSTs, the polls' statuses)."""
    try:
        expect(locator).to_be_visible(timeout=15_000)
    except AssertionError as exc:
        seen = [line for line in server.log.read_text(errors="replace").splitlines()
                if code in line][-40:]
        raise AssertionError(f"{exc}\n--- server log for {code}:\n" + "\n".join(seen)) from exc


def test_live_pages_have_no_serious_accessibility_problems(server, new_context,
                                                           axe_source) -> None:
    code = server.create_session("Live, checked by axe", SLUG, pacing="instructor")
    teacher = new_context(DESKTOP, axe=axe_source).new_page()
    login(teacher, server)
    teacher.goto(f"{server.url}/instructor/sessions/{code}/live")
    open_by_prompt(teacher, MC["prompt"])
    student = new_context(PHONE, axe=axe_source).new_page()
    join(student, server, code, "Dana")
    student.goto(f"{server.url}/s/{code}/live")
    screen = new_context(DESKTOP, axe=axe_source).new_page()
    screen.goto(teacher.get_by_role("link", name="the projector view").get_attribute("href"))
    pages = (teacher, student, screen)
    check_all = lambda: [(p.url, describe(bad)) for p in pages  # noqa: E731
                         for bad in [axe_violations(p)] if bad]
    assert not check_all()  # the open question
    student.get_by_label(label(MC, wrong_id(MC))).check()
    student.get_by_role("button", name="Send my answer").click()
    teacher.get_by_role("button", name="Close voting").click()
    with teacher.expect_navigation(wait_until="load"):
        teacher.get_by_role("button", name="Start the second vote").click()
    _follows(student.get_by_role("button", name="Send my second vote"), server, code)
    student.get_by_label(label(MC, correct_ids(MC)[0])).check()
    student.get_by_role("button", name="Send my second vote").click()
    expect(student.locator(".live-phase.received")).to_be_visible()
    teacher.get_by_role("button", name="Close and reveal").click()
    expect(student.locator(".verdict")).to_be_visible(timeout=SLOW_MS)
    expect(screen.locator(".shift-figures")).to_be_visible(timeout=SLOW_MS)
    assert not check_all()  # the results: charts, figures, tables
    teacher.get_by_role("link", name="Peer-instruction results (first and second votes)").click()
    bad = axe_violations(teacher)
    assert not bad, describe(bad)
    shoot(teacher, "live-results", sizes=("desktop",))


def test_phones_follow_the_room_from_anywhere(server, new_context) -> None:
    code = server.create_session("Follow me", SLUG, pacing="instructor")
    teacher = new_context(DESKTOP).new_page()
    login(teacher, server)
    teacher.goto(f"{server.url}/instructor/sessions/{code}/live")
    eva = new_context(PHONE).new_page()
    join(eva, server, code, "Eva Elsewhere")  # on the session home page
    home = eva.url

    stance_q = next(d for d in CONTENT["discussion"] if d.get("stance"))
    open_by_prompt(teacher, stance_q["prompt"])
    eva.wait_for_url(f"**/s/{code}/live", timeout=FOLLOW_MS)
    expect(eva.locator(".live-moved")).to_contain_text("You were moved to the live question")
    expect(eva.locator(".live-prompt")).to_have_text(stance_q["prompt"])
    # The stance scale: one whole label per line, no word split across lines.
    labels = eva.locator("fieldset.stance label")
    expect(labels).to_have_count(int(stance_q["stance"]["points"]))
    expect(labels.first).to_contain_text(stance_q["stance"]["left"])
    split = eva.evaluate("""() => [...document.querySelectorAll('fieldset.stance label')]
        .filter(l => l.scrollWidth > l.clientWidth + 1
                     || getComputedStyle(l).overflowWrap !== 'normal').length""")
    assert split == 0
    boxes = eva.evaluate("""() => [...document.querySelectorAll('fieldset.stance .choice')]
        .map(c => c.getBoundingClientRect().left)""")
    assert len(set(round(x) for x in boxes)) == 1  # a vertical list, not a grid
    shoot(eva, "live-student-stance", sizes=("phone",))

    # A student who joins mid-round lands on the live question.
    fay = new_context(PHONE).new_page()
    join(fay, server, code, "Fay Late")
    fay.wait_for_url(f"**/s/{code}/live", timeout=FOLLOW_MS)
    expect(fay.locator(".live-prompt")).to_have_text(stance_q["prompt"])

    # The round ends: back where she was, and told so.
    teacher.get_by_role("button", name="Back to waiting").click()
    eva.wait_for_url(home, timeout=FOLLOW_MS)
    expect(eva.locator(".live-follow-notice")).to_contain_text("you are back where you were")
    shoot(eva, "live-student-back-home", sizes=("phone",))
