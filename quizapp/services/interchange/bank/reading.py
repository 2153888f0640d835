"""A question bank (parsed GIFT or Moodle XML) made into a reading file: whole, valid, or not
at all. The GIFT and Moodle XML imports, and the browser upload, all come through here.

A new reading (no file for the slug yet) gets every field the content format requires; what
the file cannot supply is filled with placeholders starting with TODO(import) (or "not stated"
for publication, author and date, the content format's word for "unknown"), and the result lists
them. An existing reading is only written into with ``force``: the imported questions replace
those with the same id and the others are added; its summary and details stay as they are (the
file is rewritten, so its comments are not kept: a copy is left beside it as .yaml.bak).

Before anything is written, the new file is checked with the same validation as
``quizapp check-questions`` (against the course file and the other readings); it is written to a
temporary file and renamed into place, so there is never a half-written reading.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from ....content.schema import COURSE_FILE, ID_RE
from ....content.specs import ReadingSpec
from .builder import TODO, QuestionBuilder, new_reading, too_long
from .files import slugify, to_yaml, validate, write_atomically
from .items import ParsedBank


class BankImportError(ValueError):
    """Nothing can be imported; ``details`` holds the per-item notes or the problems."""

    def __init__(self, message: str, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.details = details or []


@dataclass
class ImportedReading:
    """What an import made: the reading (``doc`` as a mapping, ``text`` as the YAML file,
    ``spec`` as validated) and, per item, ``notes`` "source:line: ..." (``skipped`` ones say
    ``source:line: skipped: reason``)."""

    path: Path
    merged: bool
    slug: str = ""
    doc: dict[str, Any] = field(default_factory=dict)
    text: str = ""
    spec: ReadingSpec | None = None
    mc: int = 0
    discussion: int = 0
    sections: int = 0
    notes: list[str] = field(default_factory=list)
    placeholders: list[str] = field(default_factory=list)
    backup: Path | None = None
    written: bool = False

    @property
    def skipped(self) -> list[str]:
        return [n for n in self.notes if ": skipped: " in n]


def _slug(parsed: ParsedBank, source: str, slug: str | None) -> str:
    meta_slug = (parsed.reading or {}).get("slug")
    slug = slug or (meta_slug if isinstance(meta_slug, str) else None) or slugify(
        (parsed.category or "").rstrip("/").rsplit("/", 1)[-1]) or slugify(Path(source).stem)
    if not slug or not ID_RE.match(slug):
        raise BankImportError(f"{slug!r} cannot be a reading's name: use --slug with a-z, "
                              "0-9 and '-'")
    return slug


def _base(target: Path, merged: bool, force: bool, slug: str, parsed: ParsedBank,
          todo: dict[str, int]) -> dict[str, Any]:
    if merged and not force:
        raise BankImportError(
            f"{target} already exists. To add these questions to that reading, run again "
            "with --force (questions with the same id are replaced, the others added; the "
            "file is rewritten without its comments, a copy is kept as .yaml.bak), or name a "
            "new reading with --slug.")
    if not merged:
        return new_reading(slug, parsed, todo)
    try:
        base = yaml.safe_load(target.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError, OSError) as exc:
        raise BankImportError(f"{target} cannot be read to add questions to it: {exc}") \
            from exc
    if not isinstance(base, dict):
        raise BankImportError(f"{target} is not a reading file (not a mapping)")
    return base


def import_bank(parsed: ParsedBank, source: str, folder: Path, *, command: str,
                slug: str | None = None, force: bool = False, misconception: str | None = None,
                write: bool = True) -> ImportedReading:
    """Make ``parsed`` (read from ``source``) into ``folder``/<slug>.yaml; see the module doc.
    With ``write=False`` everything is built and validated but no file is touched."""
    slug = _slug(parsed, source, slug)
    if not folder.is_dir():
        raise BankImportError(f"{folder} is not a folder")
    target = folder / f"{slug}.yaml"
    merged = target.exists()
    todo: dict[str, int] = {}
    base = _base(target, merged, force, slug, parsed, todo)
    notes = [f"{source}:{issue}".replace(":line ", ":", 1) for issue in parsed.issues]
    builder = QuestionBuilder(slug, source, folder, base, merged, misconception)
    if misconception and builder.vocab is not None and misconception not in builder.vocab:
        raise BankImportError(f"--misconception {misconception!r} is not in the vocabulary of "
                              f"{COURSE_FILE}: choose one of "
                              + ", ".join(sorted(builder.vocab)))
    if not builder.sections:
        raise BankImportError(f"{target} has no summary sections to attach questions to")
    result = ImportedReading(target, merged, slug)
    plan = []
    for item in parsed.items:
        if item.kind == "description":
            if merged:
                builder.note(item, "skipped: a description item becomes a summary section "
                                   "only in a new reading, not in an existing one")
            else:
                result.sections += 1
            continue
        problem = too_long(item)
        if problem:
            builder.note(item, f"skipped: {problem}")
            continue
        kind = "mc" if item.kind == "mc" else "discussion"
        plan.append((item, kind, builder.question_id(item, kind)))
    replaced = {qid for _item, kind, qid in plan
                if qid in {q.get("id") for q in builder.mine[kind]}}
    for item, kind, qid in plan:
        if not builder.check_prompt(item.text, replaced):
            builder.note(item, "skipped: the same prompt is already used by another question")
            continue
        built = builder.mc(item, qid) if kind == "mc" else builder.discussion(item, qid)
        mine = builder.mine[kind]
        at = next((i for i, q in enumerate(mine) if q.get("id") == qid), None)
        if at is None:
            mine.append(built)
        else:
            mine[at] = built
        if kind == "mc":
            result.mc += 1
        else:
            result.discussion += 1
    result.notes = sorted(notes + builder.notes, key=lambda note: _line_of(note, source))
    if not result.mc and not result.discussion and not result.sections:
        raise BankImportError("nothing in the file could be imported", result.notes)
    if builder.untagged and not misconception:
        vocab = ", ".join(sorted(builder.vocab or [])) or "(no vocabulary found)"
        raise BankImportError(
            f"{builder.untagged} wrong choice(s) have no misconception tag, and quizapp needs "
            "one on every wrong choice (the misconception analysis counts them). Pass "
            "--misconception TAG to tag them all for now, then correct them in the file. "
            f"Tags: {vocab}", result.notes)
    if builder.untagged:
        todo[f"misconception tags (set to {misconception!r} by --misconception)"] = \
            builder.untagged
    base["questions"], base["discussion"] = builder.mine["mc"], builder.mine["discussion"]
    for what, n in {**todo, **builder.todo}.items():
        result.placeholders.append(f"{what} ({n})" if n > 1 else what)
    when = datetime.now(UTC).strftime("%Y-%m-%d")
    header = [f"# {'Questions merged' if merged else 'Imported'} from {Path(source).name} by "
              f"{command} on {when}."]
    if result.placeholders:
        header.append(f"# Placeholders to replace before students see it: search for {TODO}.")
    result.doc = base
    result.text = "\n".join(header) + "\n" + to_yaml(base)
    result.spec, problems = validate(result.text, slug, folder)
    if problems:
        raise BankImportError("the reading file would not pass validation, so nothing was "
                              "written", problems)
    if write:
        write_reading(result)
    return result


def write_reading(result: ImportedReading) -> ImportedReading:
    """Write a built reading (keeping the old file as .yaml.bak when merging)."""
    if result.merged:
        result.backup = result.path.with_name(result.path.name + ".bak")
        shutil.copyfile(result.path, result.backup)
    write_atomically(result.path, result.text, force=result.merged)
    result.written = True
    return result


def _line_of(note: str, source: str) -> int:
    """Notes in file order (the parser's and the builder's are interleaved by line)."""
    number = note[len(source) + 1:].partition(":")[0]
    return int(number) if number.isascii() and number.isdigit() else 0
