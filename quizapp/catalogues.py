"""Compiling the message catalogues (.po -> .mo). Imports only Babel, so that the package
build (setup.py) can load this file on its own and compile before anything else exists."""

from __future__ import annotations

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

TRANSLATIONS_DIR = Path(__file__).resolve().parent / "translations"


def stale_catalogues(folder: Path = TRANSLATIONS_DIR) -> list[Path]:
    """The .po files whose .mo is missing or older."""
    found = []
    for po in sorted(folder.glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            found.append(po)
    return found


def compile_catalogues(folder: Path = TRANSLATIONS_DIR, only_stale: bool = False) -> list[Path]:
    """Write each catalogue's .mo beside its .po (fuzzy entries are left out, as pybabel
    does); returns the .mo files written."""
    written = []
    sources = stale_catalogues(folder) if only_stale else sorted(
        folder.glob("*/LC_MESSAGES/*.po"))
    for po in sources:
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=po.parent.parent.name)
        mo = po.with_suffix(".mo")
        tmp = mo.with_suffix(".mo.tmp")
        with tmp.open("wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)
        tmp.replace(mo)  # atomic: a worker starting meanwhile reads the old or the new file
        written.append(mo)
    return written
