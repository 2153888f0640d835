"""No dead ends for a student: the course pages in the session's frame, the logo to the
session home, a way on after every answer, "My answers" by reading, the reading's sticky way to
the check."""

from __future__ import annotations

import re

from support import text

READING = "milei-first-year"


def _links(page: str) -> list[str]:
    return re.findall(r'href="([^"]*)"', page)


def test_course_pages_stay_in_the_session_frame(client, seminar) -> None:
    public = text(client.get("/course/timeline"))
    assert f"/s/{seminar}/" not in public
    client.join(seminar, "Ana")
    for url in ["/course/timeline", "/course/perspectives"]:
        page = text(client.get(url))
        assert f'href="/s/{seminar}/answers"' in page  # the session's navigation
        assert f'class="brand" href="/s/{seminar}/"' in page  # the logo leads home
        assert "Signed in as" in page
    start = text(client.get("/"))
    assert f'href="/s/{seminar}/"' in start and "Back to your session" in start


def test_logo_leads_to_the_session_home(client, seminar) -> None:
    client.join(seminar, "Ana")
    home = text(client.get(f"/s/{seminar}/r/{READING}"))
    assert f'class="brand" href="/s/{seminar}/"' in home


def test_a_next_link_after_every_answer(client, seminar) -> None:
    client.join(seminar, "Ana")
    first = text(client.get(f"/s/{seminar}/r/{READING}/check/1"))
    assert f'href="/s/{seminar}/r/{READING}/check/2"' in first
    last = text(client.get(f"/s/{seminar}/r/{READING}/check/10"))
    # The last check leads on to the discussion questions and back to the reading (no "#").
    assert re.search(rf'href="/s/{seminar}/r/{READING}/discuss/[^"]+">Next: the discussion', last)
    assert f'href="/s/{seminar}/r/{READING}"' in last
    assert not [u for u in _links(last) if u.endswith("#")]
    talk = re.search(rf'/s/{seminar}/r/{READING}/discuss/([^"]+)', last).group(1)
    url = f"/s/{seminar}/r/{READING}/discuss/{talk}"
    assert client.post_form(url, {"answer": "Because."}).status_code == 302
    answered = text(client.get(url))
    assert "Next discussion question →" in answered or "Next reading:" in answered


def test_my_answers_grouped_by_reading_in_course_order(client, seminar) -> None:
    client.join(seminar, "Ana")
    home = text(client.get(f"/s/{seminar}/"))
    slugs = re.findall(rf'href="/s/{seminar}/r/([a-z0-9-]+)"', home)
    first, second = slugs[0], slugs[1]
    # Answered in the opposite order: the page still lists the readings in course order.
    client.post_form(f"/s/{seminar}/r/{second}/check/1", {"choice": "a"})
    client.post_form(f"/s/{seminar}/r/{first}/check/2", {"choice": "a"})
    client.post_form(f"/s/{seminar}/r/{first}/check/1", {"choice": "a"})
    page = text(client.get(f"/s/{seminar}/answers"))
    assert page.index(f'id="answers-{first}"') < page.index(f'id="answers-{second}"')
    section = page[page.index(f'id="answers-{first}"'):page.index(f'id="answers-{second}"')]
    assert section.count("<tr>") == 3  # the header row and two answers


def test_reading_has_a_sticky_way_to_the_check_and_a_compact_toc(client, seminar) -> None:
    client.join(seminar, "Ana")
    page = text(client.get(f"/s/{seminar}/r/{READING}"))
    assert 'class="sticky-action"' in page and "start the check" in page
    assert 'class="toc toc-compact"' in page
