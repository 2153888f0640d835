"""`quizapp translations extract|update|compile`: the message catalogues, kept whole.

`update` is the one to run after changing strings: it extracts every marked string of the
Python code and templates into quizapp/translations/messages.pot and merges it into each
language's messages.po (new entries empty, changed ones fuzzy, for a translator).
`compile` writes the .mo files (the install does it too; they are never committed).
"""

from __future__ import annotations

from pathlib import Path

import click
from babel.messages.frontend import CommandLineInterface

from ..catalogues import TRANSLATIONS_DIR, compile_catalogues

ROOT = TRANSLATIONS_DIR.parents[1]  # the checkout: babel.cfg lives there
TEMPLATE = TRANSLATIONS_DIR / "messages.pot"
KEYWORDS = ["_l", "lazy_gettext", "lazy_ngettext:1,2", "lazy_pgettext:1c,2"]
LANGUAGES = ("es",)  # English is the source language


def _pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])


def extract() -> Path:
    keywords = [arg for k in KEYWORDS for arg in ("-k", k)]
    _pybabel("extract", "-F", str(ROOT / "babel.cfg"), *keywords, "--no-location",
             "--sort-output", "--project", "quizapp", "-o", str(TEMPLATE), str(ROOT / "quizapp"))
    return TEMPLATE


def update() -> None:
    extract()
    for language in LANGUAGES:
        po = TRANSLATIONS_DIR / language / "LC_MESSAGES" / "messages.po"
        if po.exists():
            _pybabel("update", "-i", str(TEMPLATE), "-d", str(TRANSLATIONS_DIR), "-l", language,
                     "--no-wrap", "--ignore-obsolete")
        else:
            _pybabel("init", "-i", str(TEMPLATE), "-d", str(TRANSLATIONS_DIR), "-l", language,
                     "--no-wrap")


@click.group("translations")
def translations_group() -> None:
    """The interface's message catalogues (pybabel extract/update/compile)."""


@translations_group.command("extract")
def extract_command() -> None:
    """Extract every marked string into quizapp/translations/messages.pot."""
    click.echo(f"Wrote {extract()}")


@translations_group.command("update")
def update_command() -> None:
    """Extract, then merge into each language's messages.po (new entries to translate)."""
    update()
    click.echo(f"Updated the catalogues of: {', '.join(LANGUAGES)}")


@translations_group.command("compile")
def compile_command() -> None:
    """Compile each messages.po into messages.mo (fuzzy entries left out)."""
    for mo in compile_catalogues():
        click.echo(f"Wrote {mo}")
