"""Reading a Moodle XML file into a reading file in questions/ (see ``bank.reading``)."""

from __future__ import annotations

from pathlib import Path

from ..bank.reading import BankImportError, ImportedReading, import_bank
from .reader import parse_moodle_xml
from .xmltree import XmlError


def import_moodle_xml(data: str | bytes, source: str, folder: Path, *, slug: str | None = None,
                      force: bool = False, misconception: str | None = None,
                      write: bool = True) -> ImportedReading:
    """Read Moodle XML ``data`` (from ``source``) into ``folder``/<slug>.yaml; ``write=False``
    builds and validates the reading without writing it. A file that is not well-formed XML
    (or declares a DOCTYPE) raises BankImportError with its line."""
    try:
        parsed = parse_moodle_xml(data)
    except XmlError as exc:
        raise BankImportError(f"{source}:{exc.line}: {str(exc).split(': ', 1)[1]}. Nothing "
                              "was imported.") from exc
    return import_bank(parsed, source, folder, command="quizapp import-moodle-xml", slug=slug,
                       force=force, misconception=misconception, write=write)
