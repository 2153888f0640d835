"""Pages name readings, questions and sections by what people read, never by internal ids.

Question keys (mfy-q3, ltm-d1), section anchors (s2) and reading slugs stay in URLs, attributes
and exports; the text a student or instructor sees shows titles, question texts and headings.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from analytics_data import reading_questions, seed, wrong
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Question, Reading
from support import text

INTERNAL = re.compile(r"\b[a-z]{2,4}-[dq]\d+\b|\bsection s\d+\b|\bs\d\b")


class VisibleText(HTMLParser):
    """The text nodes of a page, outside script and style: what a reader can see or hear."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in ("script", "style"):
            self._hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            self.parts.append(" ".join(data.split()))


def visible(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    return parser.parts


def test_visible_text_names_things_by_title_question_and_heading(app, client, teacher_client,
                                                                seminar):
    with app.app_context():
        slugs = [r.slug for r in db.session.scalars(select(Reading))]
    names = re.compile(INTERNAL.pattern + r"|\b(" + "|".join(map(re.escape, slugs)) + r")\b")
    # Classmates with a wrong answer on the first two checks of every reading (so the item
    # analysis and misconception pages have rows) and a discussion answer each.
    given: dict[str, object] = {}
    for slug in slugs:
        mc = reading_questions(app, slug)
        disc = reading_questions(app, slug, kind="discussion")
        given.update({mc[0]["key"]: wrong(mc[0]), mc[1]["key"]: wrong(mc[1], 1),
                      disc[0]["key"]: "Interests, mostly."})
    seed(app, seminar, {"Bo": given, "Cy": given})
    # One student through the pages: a summary read, a check answered, a discussion answer.
    slug = slugs[0]
    mc = reading_questions(app, slug)
    disc = reading_questions(app, slug, kind="discussion")
    client.join(seminar, "Ana")
    client.post_form(f"/s/{seminar}/r/{slug}/read")
    client.post_form(f"/s/{seminar}/r/{slug}/check/1", {"choice": wrong(mc[0])[0]})
    client.post_form(f"/s/{seminar}/r/{slug}/discuss/{disc[0]['key']}",
                     {"answer": "Alignment first.", "stance": "2"})
    with app.app_context():
        question_id = db.session.scalar(select(Question.id).where(Question.key == mc[0]["key"]))
    for kind, target in [("question", question_id), ("session", None)]:
        data = {"kind": kind, "body": f"A note on the {kind}."}
        if target:
            data["target_id"] = str(target)
        assert teacher_client.post_form(f"/instructor/sessions/{seminar}/notes",
                                        data).status_code == 302
    tag = next(t for t in mc[0]["tags"].values() if t)
    review = text(teacher_client.get(f"/instructor/sessions/{seminar}/"))
    pid = re.search(rf"/instructor/sessions/{seminar}/students/(\d+)", review).group(1)

    student_pages = [f"/s/{seminar}/", f"/s/{seminar}/answers",
                     f"/s/{seminar}/r/{slug}/check/1", f"/s/{seminar}/r/{slug}/check/2",
                     f"/s/{seminar}/r/{slug}/discuss/{disc[0]['key']}", "/course/timeline",
                     "/course/perspectives", *[f"/s/{seminar}/r/{s}" for s in slugs]]
    base = f"/instructor/sessions/{seminar}"
    instructor_pages = ["/instructor/", f"{base}/", f"{base}/?question={disc[0]['key']}",
                        f"{base}/questions/{mc[0]['key']}", f"{base}/questions/{disc[0]['key']}",
                        f"{base}/students/{pid}", f"{base}/notes", f"{base}/analysis",
                        f"{base}/students", f"{base}/misconceptions/{tag}",
                        f"/instructor/readings/{slug}/analysis"]
    found = []
    for who, url in [*(("student", u) for u in student_pages),
                     *(("instructor", u) for u in instructor_pages)]:
        response = (client if who == "student" else teacher_client).get(url)
        assert response.status_code == 200, url
        found += [f"{url}: {m.group(0)!r} in {part[:80]!r}"
                  for part in visible(text(response)) for m in names.finditer(part)]
    assert not found, "\n".join(found)
    # The ids are still there where they belong: in links.
    assert f'href="{base}/questions/{mc[0]["key"]}"' in text(teacher_client.get(f"{base}/"))
