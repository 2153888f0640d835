"""The pages of issue 13 in Chromium: the seat panel on the instructor's student page, the
student's "Leave on this device", the change-password page and sharing with roles. Phone and
desktop, light and dark: no sideways scrolling, no serious axe violation, screenshots."""

from __future__ import annotations

from browserkit import (
    DESKTOP,
    PHONE,
    axe_violations,
    describe,
    horizontal_overflow,
    join,
    login,
    shoot,
)

READING = "milei-first-year"


def _check(page, name: str, axe: str | None) -> None:
    for size in (PHONE, DESKTOP):
        page.set_viewport_size(size["viewport"])
        assert horizontal_overflow(page) == 0, (name, size["viewport"])
    if axe:
        bad = axe_violations(page)
        assert not bad, f"{name}: {describe(bad)}"
    shoot(page, name)
    shoot(page, name, dark=True)


def test_seat_panel_leave_password_and_share_pages(server, new_context, axe_optional):
    code = server.create_session("Rooms", READING)
    students = []
    for name in ("Ana", "Ana (phone)"):
        page = new_context(PHONE, axe=axe_optional).new_page()
        join(page, server, code, name)
        students.append(page)
    ana = students[0]
    assert "Your personal code" in ana.content()
    ana.get_by_role("link", name="Leave on this device").first.click()
    ana.wait_for_url(f"**/s/{code}/leave")
    _check(ana, "rooms-student-leave", axe_optional)
    ana.get_by_role("button", name="I have my code: leave").click()
    ana.wait_for_url(f"{server.url}/")
    assert "You have left" in ana.content()

    teacher = new_context(DESKTOP, axe=axe_optional).new_page()
    login(teacher, server)
    teacher.goto(f"{server.url}/instructor/sessions/{code}/")
    teacher.get_by_role("link", name="Ana", exact=True).click()
    teacher.wait_for_selector("#seat")
    # a rename that clashes: the error sits beside the field, the typed name stays
    teacher.get_by_label("New name").fill("ana (PHONE)")
    teacher.get_by_role("button", name="Rename").click()
    assert "already called" in teacher.locator("#seat-name-error").inner_text()
    _check(teacher, "rooms-instructor-seat-panel", axe_optional)
    teacher.get_by_label("Merge another seat of this student into this one").select_option(
        label="Ana (phone)")
    teacher.get_by_role("button", name="Merge into this seat").click()
    teacher.wait_for_selector("text=is merged into")

    teacher.goto(f"{server.url}/instructor/account/password")
    teacher.get_by_label("Current password").fill("wrong")
    teacher.get_by_role("button", name="Change the password").click()
    _check(teacher, "rooms-instructor-password", axe_optional)

    teacher.goto(f"{server.url}/instructor/sessions/{code}/share")
    _check(teacher, "rooms-instructor-share", axe_optional)
