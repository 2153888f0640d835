"""The projector fits the screen in every live state, with the longest texts of the course.

One browser page follows a session through every state (one page load per state); at each
state the window is resized to the three projector sizes, and the page must fit without any
scrolling, with no text below the stated minimum (24 px at 1080 lines: 2.23vh, docs/live.md).
Students vote over plain HTTP (quicker than phones), the instructor drives the real panel.
"""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from browserkit import (
    CSRF_RE,
    DESKTOP,
    PASSWORD,
    SHOTS,
    TEACHER,
    axe_violations,
    correct_ids,
    describe,
    login,
    reading_content,
    wrong_id,
)

expect = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed").expect

SIZES = ((1280, 720), (1366, 768), (1920, 1080))
MIN_PX_AT_1080 = 24
READINGS = ("new-alliances", "milei-zelenskyy")
CONTENT = {slug: reading_content(slug) for slug in READINGS}


def longest_mc(key: str) -> dict[str, Any]:
    """The course's multiple-choice question with the most text on screen."""
    def size(q: dict[str, Any]) -> int:
        n = len(q["prompt"]) + sum(len(c["text"]) for c in q["choices"])
        return n + (len(q.get("explanation", "")) if key == "revealed" else 0)
    return max((q for c in CONTENT.values() for q in c["questions"]), key=size)


OPEN_MC, REVEAL_MC = longest_mc("open"), longest_mc("revealed")
STANCE_Q = max((d for c in CONTENT.values() for d in c["discussion"] if d.get("stance")),
               key=lambda d: len(d["prompt"]))
ANSWERS = [
    "Prudent, up to a point: the alignment buys access to markets and credit, but it also ties "
    "Argentina to one side of a quarrel it cannot steer, and the price shows later.",
    "A costly concession. Giving up the neutral position that served Argentina for decades, "
    "for promises that depend on one president in Washington, is a bad trade.",
]

MEASURE = """() => {
  const doc = document.documentElement;
  const floor = MIN_PX * window.innerHeight / 1080 - 0.25;
  const small = [];
  for (const el of document.querySelectorAll('#live-body *')) {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own || el.closest('.visually-hidden') || !el.getClientRects().length) continue;
    const px = parseFloat(getComputedStyle(el).fontSize);
    if (px < floor) small.push(el.tagName + '.' + el.className + ' ' + px.toFixed(1));
  }
  return {height: doc.scrollHeight, inner: window.innerHeight, width: doc.scrollWidth,
          innerWidth: window.innerWidth, small: small.slice(0, 5),
          fit: document.body.getAttribute('data-fit')};
}""".replace("MIN_PX", str(MIN_PX_AT_1080))


class Room:
    """Students on plain HTTP clients: join, then answer the live question."""

    def __init__(self, url: str, code: str, size: int) -> None:
        self.url, self.code = url, code
        self.clients = [httpx.Client(base_url=url, timeout=30) for _ in range(size)]
        for i, client in enumerate(self.clients):
            token = CSRF_RE.search(client.get(f"/join/{code}").text)
            assert token
            reply = client.post(f"/join/{code}", data={"display_name": f"Student {i}",
                                                       "csrf_token": token.group(1)})
            assert reply.status_code in (302, 303), reply.text[:300]

    def answer(self, pick: Any) -> None:
        """pick(i) -> the form fields of student i's answer."""
        for i, client in enumerate(self.clients):
            page = client.get(f"/s/{self.code}/live").text
            fields = dict(re.findall(r'name="(csrf_token|question_id|round)" value="([^"]*)"',
                                     page))
            reply = client.post(f"/s/{self.code}/live/answer", data={**fields, **pick(i)})
            assert reply.status_code == 303, reply.text[:500]

    def close(self) -> None:
        for client in self.clients:
            client.close()


def create_session(url: str) -> str:
    with httpx.Client(base_url=url, timeout=30) as client:
        for path, data in (("/instructor/login", {"username": TEACHER, "password": PASSWORD}),
                           ("/instructor/sessions/new",
                            {"title": "Argentina's foreign policy under Javier Milei: seminar 3",
                             "readings": list(READINGS), "pacing": "instructor"})):
            token = CSRF_RE.search(client.get(path).text)
            assert token
            reply = client.post(path, data={**data, "csrf_token": token.group(1)})
            assert reply.status_code == 302, reply.text[:300]
    return reply.headers["location"].rstrip("/").rsplit("/", 1)[-1]


def check_fits(screen: Any, url: str, state: str, dark: bool = False) -> None:
    """dark: also a dark screenshot and, when axe-core is there, an axe audit light and dark."""
    screen.goto(url)
    assert screen.locator("text=Refresh").count() == 0  # nothing for the instructor only
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    for width, height in SIZES:
        screen.set_viewport_size({"width": width, "height": height})
        screen.evaluate("window.quizappFit()")
        got = screen.evaluate(MEASURE)
        screen.screenshot(path=str(SHOTS / f"live-projector-{state}-{width}x{height}.png"))
        if got["height"] > got["inner"] or got["width"] > got["innerWidth"] or got["small"]:
            problems.append(f"{state} at {width}x{height}: {got}")
    if dark:
        audit = screen.evaluate("window.axe !== undefined")
        bad = axe_violations(screen) if audit else []
        screen.emulate_media(color_scheme="dark")
        screen.evaluate("window.quizappFit()")
        screen.screenshot(path=str(SHOTS / f"live-projector-{state}-1920x1080-dark.png"))
        bad += axe_violations(screen) if audit else []
        screen.emulate_media(color_scheme="light")
        problems += [f"{state}: {describe(bad)}"] if bad else []
    assert not problems, "\n".join(problems)


def open_question(teacher: Any, prompt: str, seconds: str = "") -> None:
    teacher.get_by_label("Countdown in seconds (optional)").fill(seconds)
    start = re.compile("^" + re.escape(prompt[:100]))
    item = teacher.locator("#questions li").filter(
        has=teacher.locator(".q-prompt", has_text=start))
    item.get_by_role("button").click()
    expect(teacher.locator(".live-prompt-small")).to_have_text(prompt)


def press(teacher: Any, name: str) -> None:
    teacher.get_by_role("button", name=name, exact=True).click()
    expect(teacher.locator(".flash").first).to_be_visible()


def test_projector_fits_every_state(server, new_context, axe_optional) -> None:
    code = create_session(server.url)
    teacher = new_context(DESKTOP).new_page()
    login(teacher, server)
    teacher.goto(f"{server.url}/instructor/sessions/{code}/live")
    url = teacher.get_by_role("link", name="the projector view").get_attribute("href")
    screen = new_context({"viewport": {"width": 1920, "height": 1080}},
                         axe=axe_optional).new_page()
    room = Room(server.url, code, 12)
    try:
        check_fits(screen, url, "waiting", dark=True)

        open_question(teacher, OPEN_MC["prompt"], "300")
        check_fits(screen, url, "open-countdown", dark=True)
        choices = [c["id"] for c in OPEN_MC["choices"]]
        room.answer(lambda i: {"choice": choices[i % len(choices)]})
        press(teacher, "Close voting")
        check_fits(screen, url, "closed")
        assert screen.locator(".is-correct, .proj-correct").count() == 0
        press(teacher, "Show the votes (not the answer)")
        check_fits(screen, url, "votes-shown")
        expect(screen.locator(".bar-row")).to_have_count(len(choices))
        assert screen.locator(".is-correct, .proj-correct").count() == 0
        press(teacher, "Discuss with your neighbour")
        check_fits(screen, url, "discuss", dark=True)
        expect(screen.locator(".proj-discuss")).to_be_visible()

        right, wrong = correct_ids(REVEAL_MC)[0], wrong_id(REVEAL_MC)
        open_question(teacher, REVEAL_MC["prompt"])
        room.answer(lambda i: {"choice": right if i % 3 == 0 else wrong})
        press(teacher, "Close and reveal")
        check_fits(screen, url, "revealed", dark=True)
        assert screen.locator(".bar-row.is-correct").count() == 1

        press(teacher, "Start the second vote")
        check_fits(screen, url, "revote")
        assert screen.locator(".is-correct").count() == 0
        room.answer(lambda i: {"choice": right if i % 3 != 2 else wrong})
        press(teacher, "Close and reveal")
        check_fits(screen, url, "shift", dark=True)
        expect(screen.locator(".shift-figures div.good dd")).to_have_text("4")

        open_question(teacher, STANCE_Q["prompt"])
        points = int(STANCE_Q["stance"]["points"])
        room.answer(lambda i: {"stance": str(1 + i % points), "answer": ANSWERS[i % 2]})
        press(teacher, "Close voting")
        press(teacher, "Reveal the results")  # at once, without the discussion
        check_fits(screen, url, "discussion-results")
        expect(screen.locator(".bar-row")).to_have_count(points)

        press(teacher, "Ask for the stance after discussion")
        room.answer(lambda i: {"stance": str(1 + (i + 1) % points),
                               "answer": ANSWERS[(i + 1) % 2]})
        press(teacher, "Close and reveal")
        for _ in range(2):
            teacher.get_by_role("button", name="Spotlight on the projector").first.click()
            expect(teacher.locator(".flash").first).to_be_visible()
        check_fits(screen, url, "spotlight", dark=True)
        expect(screen.locator(".proj-spotlight li")).to_have_count(2)
        assert "Student 1" not in screen.locator("#live-body").inner_text()  # names are off
    finally:
        room.close()


def test_presenter_keys_on_the_panel_and_the_projector(server, new_context) -> None:
    code = server.create_session("Keys", "milei-first-year", pacing="instructor")
    context = new_context(DESKTOP)
    teacher = context.new_page()
    login(teacher, server)
    teacher.goto(f"{server.url}/instructor/sessions/{code}/live")
    teacher.keyboard.press("?")
    help_box = teacher.locator("#live-keys-help")
    expect(help_box).to_be_visible()
    expect(help_box).to_contain_text("discuss with your neighbour")
    SHOTS.mkdir(parents=True, exist_ok=True)
    teacher.screenshot(path=str(SHOTS / "live-keys-help-desktop.png"))
    teacher.keyboard.press("Escape")
    expect(help_box).to_be_hidden()
    teacher.keyboard.press("n")  # presses the panel's button: the page is loaded anew
    expect(teacher.locator("#live-now-h")).to_contain_text("Voting is open")
    # The new page's text shows before its scripts run; a key pressed in between is lost
    # (a busy CI machine did it once).
    teacher.wait_for_load_state("load")
    teacher.keyboard.press("ArrowRight")  # the primary step: close voting
    expect(teacher.locator("#live-now-h")).to_contain_text("Voting is closed")

    # The projector in the instructor's own browser drives the session too.
    url = teacher.get_by_role("link", name="the projector view").get_attribute("href")
    own_screen = context.new_page()
    own_screen.goto(url)
    own_screen.keyboard.press("d")
    expect(own_screen.locator(".proj-discuss")).to_be_visible(timeout=6000)
    own_screen.keyboard.press("PageDown")  # the primary step now: the second vote
    expect(own_screen.locator(".proj-kicker")).to_contain_text("second vote", timeout=6000)

    # The room's projector (no login) has only full screen and the help.
    room_screen = new_context(DESKTOP).new_page()
    room_screen.goto(url)
    assert room_screen.locator("[data-control], [data-primary]").count() == 0
    room_screen.keyboard.press("r")
    room_screen.wait_for_timeout(2500)
    expect(room_screen.locator(".proj-kicker")).to_contain_text("second vote")  # unchanged
    room_screen.keyboard.press("?")
    expect(room_screen.locator("#live-keys-help")).to_contain_text("Log in as the instructor")
