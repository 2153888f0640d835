"""Jinja filters and globals. Everything user- or content-supplied stays escaped."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from markupsafe import Markup, escape

from ..services.classroom.codes import display_code
from ..services.review import figures

_EMPHASIS = re.compile(r"\*([^*\n]+)\*")


def _term_pattern(key_terms: list[dict[str, Any]]) -> tuple[re.Pattern[str] | None,
                                                            dict[str, str]]:
    names: dict[str, str] = {}
    for term in key_terms:
        for name in [term["term"], *term.get("aliases", [])]:
            names.setdefault(name.lower(), term["id"])
    if not names:
        return None, names
    # Longest first, so "Mercosur bloc" wins over "Mercosur".
    alternatives = sorted(names, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(n) for n in alternatives)
                         + r")(?![\w-])", re.IGNORECASE)
    return pattern, names


def summary_html(text: str, key_terms: list[dict[str, Any]]) -> Markup:
    """Paragraphs, *emphasis*, and the first use of each key term linked to its glossary entry.

    The text is escaped first, then only our own markup is added.
    """
    pattern, names = _term_pattern(key_terms)
    linked: set[str] = set()

    def link(match: re.Match[str]) -> str:
        term_id = names[match.group(1).lower()]
        if term_id in linked:
            return match.group(0)
        linked.add(term_id)
        return (f'<a class="term" href="#term-{term_id}" '
                f'aria-describedby="term-{term_id}">{match.group(0)}</a>')

    paragraphs = []
    for para in re.split(r"\n\s*\n", text.strip()):
        html = str(escape(" ".join(para.split())))
        html = _EMPHASIS.sub(r"<em>\1</em>", html)
        if pattern is not None:
            html = pattern.sub(link, html)
        paragraphs.append(f"<p>{html}</p>")
    return Markup("\n".join(paragraphs))  # noqa: S704 - built from escaped text  # nosec B704


def shorten(text: str, length: int = 70) -> str:
    """The text on one line, cut at a word boundary with an ellipsis when longer than length."""
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    cut = text[:length - 1].rsplit(" ", 1)[0].rstrip(",;:.–—-")
    return cut + "…"


def end_sentence(text: str) -> str:
    """The text with a full stop, unless it ends in one already: "Welcome, Fatima K." stays
    as it is (a name that ends in an initial got a second dot)."""
    text = text.rstrip()
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def question_label(question: Any, length: int = 70) -> str:
    """How pages name a question: its prompt, shortened. Keys stay in URLs and exports."""
    revision = question.current_revision
    return shorten(revision.prompt if revision is not None else "", length)


def init_templating(app: Flask) -> None:
    app.jinja_env.filters["summary_html"] = summary_html
    app.jinja_env.filters["question_label"] = question_label
    app.jinja_env.filters["shorten"] = shorten
    app.jinja_env.filters["display_code"] = display_code
    app.jinja_env.globals["app_name"] = "quizapp"
    # Every figure a page shows comes from services/review/figures.py (one definition each).
    app.jinja_env.globals["figures"] = figures
    # Lets shared templates link to areas (live mode) only when they are installed.
    app.jinja_env.globals["has_endpoint"] = lambda name: name in app.view_functions
