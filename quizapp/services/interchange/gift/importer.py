"""Reading a GIFT file into a reading file in questions/ (see ``bank.reading``)."""

from __future__ import annotations

from pathlib import Path

from ..bank.reading import BankImportError, ImportedReading, import_bank
from .syntax import parse_gift

GiftImportError = BankImportError  # the names the commands and the upload know
GiftImportResult = ImportedReading


def import_gift(text: str, source: str, folder: Path, *, slug: str | None = None,
                force: bool = False, misconception: str | None = None,
                write: bool = True) -> ImportedReading:
    """Read GIFT ``text`` (from ``source``) into ``folder``/<slug>.yaml; ``write=False``
    builds and validates the reading without writing it."""
    return import_bank(parse_gift(text), source, folder, command="quizapp import-gift",
                       slug=slug, force=force, misconception=misconception, write=write)
