"""Files uploaded in the browser, read exactly as the CLI reads them: a reading file (YAML) is
checked like `check-questions`; GIFT and Moodle XML go through the same importers as
`import-gift` / `import-moodle-xml` (nothing written to disk), then through the same check.
Problems read `file:line: message`, as on the command line."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...content.checker import COURSE_FILE
from ...content.document import spec_document, to_yaml
from ...models import Course
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


def _checked(text: str, result: Upload, course: Course, display: str | None = None
             ) -> Upload:
    """Check the reading file; problems name ``display`` (the uploaded file, or for GIFT and
    Moodle XML the reading file the import makes, whose lines they count, as the CLI does)."""
    checked = check(text, course, display=display or result.name)
    result.text = text
    result.problems.extend(str(p) for p in checked.problems)
    if checked.spec is not None:
        result.slug = checked.spec.slug
        if checked.ok:
            result.document = spec_document(checked.spec)
    return result


def read_upload(kind: str, data: bytes, name: str, *, course: Course, slug: str | None = None,
                misconception: str | None = None) -> Upload:
    """Read an uploaded file of ``kind`` into a reading document for ``course`` (checked
    against its vocabulary and readings), with every problem."""
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
        return _checked(str(source), result, course)
    with tempfile.TemporaryDirectory(prefix="quizapp-upload-") as tmp:
        # The importers read the course's vocabulary from a folder: give them the database's,
        # in a scratch folder (nothing on the server's disk is read or written).
        scratch = Path(tmp)
        _write_course(scratch, course)
        try:
            if kind == "gift":
                imported = import_gift(str(source), name, scratch, slug=slug,
                                       misconception=misconception, write=False)
            else:
                imported = import_moodle_xml(source, name, scratch, slug=slug,
                                             misconception=misconception, write=False)
        except BankImportError as exc:
            result.problems.extend(_unscratch(m, scratch)
                                   for m in [*exc.details, str(exc)])
            return result
    result.notes = list(imported.notes)
    result.placeholders = list(imported.placeholders)
    return _checked(imported.text, result, course, f"{imported.slug}.yaml")


def _write_course(folder: Path, course: Course) -> None:
    doc = {"title": course.title or "Course",
           "misconceptions": [{k: m.get(k, "") for k in ("tag", "label", "description")}
                              for m in course.data.get("misconceptions", [])]}
    (folder / COURSE_FILE).write_text(to_yaml(doc), encoding="utf-8")


def _unscratch(message: str, scratch: Path) -> str:
    return message.replace(f"{scratch}/", "").replace(str(scratch), "")
