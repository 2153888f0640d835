"""`quizapp translations extract|update|compile`: the message catalogues, kept whole.

`update` is the one to run after changing strings: it extracts every marked string of the
Python code and templates into quizapp/translations/messages.pot and merges it into each
language's messages.po (new entries empty, changed ones fuzzy, for a translator).
`compile` writes the .mo files (the install does it too; they are never committed).
`check` lists what a translator still has to do: a marked string missing from a language's
catalogue, or an entry there that is empty or fuzzy (tests/web/test_catalogue.py runs it).
"""

from __future__ import annotations

from pathlib import Path

import click
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import CommandLineInterface, parse_mapping_cfg
from babel.messages.pofile import read_po

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


def extracted() -> Catalog:
    """Every marked string of the code and templates, extracted in-process as `extract`
    does (same babel.cfg, same keywords), without writing a file."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    keywords = dict(DEFAULT_KEYWORDS)
    for spec in KEYWORDS:
        name, _, args = spec.partition(":")
        keywords[name] = _keyword_args(args)
    catalog = Catalog()
    for filename, lineno, message, comments, context in extract_from_dir(
            str(ROOT / "quizapp"), method_map, options_map, keywords=keywords):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments,
                    context=context)
    return catalog


def _keyword_args(args: str) -> tuple | None:
    # "1,2" -> (1, 2); "1c,2" -> ((1, "c"), 2), as pybabel reads a -k option
    if not args:
        return None
    return tuple((int(a[:-1]), "c") if a.endswith("c") else int(a) for a in args.split(","))


def catalogue_problems(language: str) -> list[str]:
    """What is not translated yet: marked strings missing from the language's messages.po,
    and its entries that are empty (a plural form included) or fuzzy."""
    po = TRANSLATIONS_DIR / language / "LC_MESSAGES" / "messages.po"
    if not po.exists():
        return [f"{po}: no catalogue (run `quizapp translations update`)"]
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    problems = []
    for message in extracted():
        if not message.id:
            continue
        entry = catalog.get(message.id, context=message.context)
        where = ", ".join(f"{f}:{n}" for f, n in message.locations[:2])
        text = message.id if isinstance(message.id, str) else message.id[0]
        if entry is None:
            problems.append(f"{where}: not in {language}/messages.po: {text!r}")
        elif entry.fuzzy:
            problems.append(f"{language}/messages.po: fuzzy: {text!r}")
        elif not entry.string or (isinstance(entry.string, tuple | list)
                                  and not all(entry.string)):
            problems.append(f"{language}/messages.po: not translated: {text!r}")
    return problems


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


@translations_group.command("check")
def check_command() -> None:
    """List marked strings missing from a catalogue, and empty or fuzzy entries; exit 1 if any."""
    problems = [p for language in LANGUAGES for p in catalogue_problems(language)]
    for problem in problems:
        click.echo(problem)
    if problems:
        raise SystemExit(1)
    click.echo(f"Catalogues complete: {', '.join(LANGUAGES)}")


@translations_group.command("compile")
def compile_command() -> None:
    """Compile each messages.po into messages.mo (fuzzy entries left out)."""
    for mo in compile_catalogues():
        click.echo(f"Wrote {mo}")
