"""Questions from the room, the answer wall and the evidence map in Chromium: a question
appears on another student's phone without a reload, an upvote counts in place, and the
room's screen fits 1280x720 and 1920x1080 without scrolling."""

from __future__ import annotations

from typing import Any

from browserkit import (
    DESKTOP,
    PHONE,
    SHOTS,
    axe_violations,
    describe,
    horizontal_overflow,
    join,
    login,
    shoot,
)

READING = "milei-first-year"
KEY = "mfy-d1"
LONG = ("Milei broke with the Drago and Saavedra Lamas traditions of neutrality, yet kept "
        "the swap with China and the gas talks with Brazil. " * 4)[:500].strip()
PROJECTOR_SIZES = ({"width": 1280, "height": 720}, {"width": 1920, "height": 1080})


def _fits(page: Any, name: str) -> None:
    """The room's screen at each projector size: nothing scrolls, a screenshot to judge."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for size in PROJECTOR_SIZES:
        page.set_viewport_size(size)
        page.wait_for_timeout(150)
        over = page.evaluate("() => [document.scrollingElement.scrollWidth - innerWidth,"
                             " document.scrollingElement.scrollHeight - innerHeight]")
        assert over[0] <= 0 and over[1] <= 0, (name, size, over)
        page.screenshot(path=str(SHOTS / f"{name}-{size['width']}x{size['height']}.png"))


def test_room_questions_wall_and_evidence(server, new_context, axe_optional):
    code = server.create_session("Room questions", READING)
    teacher = new_context(DESKTOP, axe=axe_optional).new_page()
    login(teacher, server)
    ana = new_context(PHONE, axe=axe_optional).new_page()
    ben = new_context(DESKTOP, axe=axe_optional).new_page()
    join(ana, server, code, "Ana")
    join(ben, server, code, "Ben")
    ben.goto(f"{server.url}/s/{code}/room")

    ana.goto(f"{server.url}/s/{code}/")
    ana.get_by_role("link", name="Questions from the room").click()
    ana.get_by_label("About").select_option(READING)
    ana.get_by_label("Your question").fill(LONG)
    ana.get_by_role("button", name="Ask the room").click()
    ana.wait_for_url(f"**/s/{code}/room")
    ana.get_by_label("Your question").fill("Is the F-16 purchase about Washington or Chile?")
    ana.get_by_role("button", name="Ask the room").click()
    ana.wait_for_url(f"**/s/{code}/room")

    # Ben's page, open all along, shows both without a reload, then votes in place.
    ben.locator(".rq-item").nth(1).wait_for(timeout=15_000)
    url = ben.url
    ben.locator(".rq-item", has_text="F-16").get_by_role("button", name="Upvote").click()
    ben.locator(".rq-item", has_text="F-16").get_by_text("1 vote").wait_for()
    assert ben.url == url
    ana.locator(".rq-item", has_text="F-16").get_by_text("1 vote").wait_for(timeout=15_000)
    for page, name in ((ana, "roomq-student"), (ben, "roomq-student-desktop")):
        assert horizontal_overflow(page) <= 0
    shoot(ana, "roomq-student")
    shoot(ana, "roomq-student", dark=True)
    if axe_optional:
        assert not axe_violations(ben), describe(axe_violations(ben))

    teacher.goto(f"{server.url}/instructor/sessions/{code}/room")
    assert teacher.get_by_text("Ana").first.is_visible()
    shoot(teacher, "roomq-instructor")
    if axe_optional:
        assert not axe_violations(teacher), describe(axe_violations(teacher))
    # A question asked now reaches the instructor's open page without a reload.
    ben.get_by_label("Your question").fill("Does the Mercosur deal survive the election?")
    ben.get_by_role("button", name="Ask the room").click()
    teacher.locator(".rq-item", has_text="Mercosur deal").wait_for(timeout=15_000)
    assert "Mercosur deal" in teacher.locator("#rq-status").text_content()
    screen_url = teacher.locator("a.rq-screen-link").get_attribute("href")
    teacher.locator(".rq-item", has_text="Drago").get_by_role(
        "button", name="Put on the screen").click()

    projector = new_context({"viewport": {"width": 1280, "height": 720}}).new_page()
    projector.goto(screen_url)
    projector.get_by_text("Saavedra Lamas").first.wait_for()
    _fits(projector, "roomq-screen-question")

    # Discussion answers, one approved onto the wall; the screen follows by itself.
    for page, text, stance in ((ana, "The Drago Doctrine is gone: conviction. " * 6, "5"),
                               (ben, "Calculation: the swap with China and Mercosur.", "1")):
        page.goto(f"{server.url}/s/{code}/r/{READING}/discuss/{KEY}")
        page.locator(f"input[name=stance][value='{stance}']").check()
        page.get_by_label("Your answer").fill(text)
        page.get_by_role("button", name="Submit my answer").click()
    teacher.goto(f"{server.url}/instructor/sessions/{code}/wall/{KEY}")
    teacher.get_by_role("button", name="Approve for the wall").first.click()
    teacher.get_by_role("button", name="Put the answer wall on the screen").click()
    projector.locator(".rq-wall li").first.wait_for(timeout=15_000)
    _fits(projector, "roomq-screen-wall")
    shoot(teacher, "roomq-wall-page")
    if axe_optional:
        assert not axe_violations(teacher), describe(axe_violations(teacher))
    teacher.get_by_label("Show every answer, not only the approved ones").check()
    teacher.get_by_role("button", name="Put the evidence map on the screen").click()
    projector.get_by_text("Key terms").first.wait_for(timeout=15_000)
    _fits(projector, "roomq-screen-evidence")
    projector.emulate_media(color_scheme="dark")
    projector.set_viewport_size({"width": 1280, "height": 720})
    projector.screenshot(path=str(SHOTS / "roomq-screen-evidence-dark.png"))

