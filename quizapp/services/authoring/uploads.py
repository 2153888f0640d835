"""Files uploaded in the browser, read exactly as the CLI reads them: a reading file (YAML) is
checked like `check-questions`; GIFT and Moodle XML go through the same importers as
`import-gift` / `import-moodle-xml` (nothing written to disk), then through the same check.
Problems read `file:line: message`, as on the command line."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...content.document import spec_document
from ..interchange.bank.reading import BankImportError
from ..interchange.gift.importer import import_gift
from ..interchange.moodle_xml.importer import import_moodle_xml
from .editing import check

KINDS = ("yaml", "gift", "moodle_xml")


@dataclass
class Upload:
    name: str
    slug: str = ""
    text: str | None = None  # the reading file that would be stored
    document: dict[str, Any] | None = None
    problems: list[str] = field(default_factory=list)  # errors: nothing can be stored
    notes: list[str] = field(default_factory=list)  # skipped items and other remarks
    placeholders: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.document is not None and not self.problems


def _decode(data: bytes, name: str, result: Upload) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        result.problems.append(f"{name}: not UTF-8 text ({exc.reason} at byte {exc.start})")
        return None


def _checked(text: str, result: Upload) -> Upload:
    checked = check(text, display=result.name)
    result.text = text
    result.problems.extend(str(p) for p in checked.problems)
    if checked.spec is not None:
        result.slug = checked.spec.slug
        if checked.ok:
            result.document = spec_document(checked.spec)
    return result


def read_upload(kind: str, data: bytes, name: str, folder: Path | None, *,
                slug: str | None = None, misconception: str | None = None) -> Upload:
    """Read an uploaded file of ``kind`` into a reading document, with every problem."""
    result = Upload(name=name)
    if kind not in KINDS:
        result.problems.append(f"{name}: unknown file format {kind!r}")
        return result
    if kind == "moodle_xml":
        source: str | bytes = data
    else:
        decoded = _decode(data, name, result)
        if decoded is None:
            return result
        source = decoded
    if kind == "yaml":
        return _checked(str(source), result)
    try:
        if kind == "gift":
            imported = import_gift(str(source), name, folder or Path("."), slug=slug,
                                   misconception=misconception, write=False)
        else:
            imported = import_moodle_xml(source, name, folder or Path("."), slug=slug,
                                         misconception=misconception, write=False)
    except BankImportError as exc:
        result.problems.extend([*exc.details, str(exc)])
        return result
    result.notes = list(imported.notes)
    result.placeholders = list(imported.placeholders)
    return _checked(imported.text, result)
