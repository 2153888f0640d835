"""Writing GIFT questions into a reading file in questions/: whole, valid, or not at all.

A new reading (no file for the slug yet) gets every field the content format requires; what
GIFT cannot supply is filled with placeholders starting with TODO(import) (or "not stated" for
publication, author and date, the content format's word for "unknown"), and the result lists
them. An existing reading is only written into with ``force``: the imported questions replace
those with the same id and the others are added; its summary and details stay as they are (the
file is rewritten, so its comments are not kept: a copy is left beside it as .yaml.bak).

Before anything is written, the new file is checked with the same validation as
``quizapp check-questions`` (against the course file and the other readings); it is written to a
temporary file and renamed into place, so there is never a half-written reading.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from ....content.schema import COURSE_FILE, ID_RE, read_content
from .builder import TODO, QuestionBuilder, new_reading, too_long
from .syntax import parse_gift


class GiftImportError(ValueError):
    def __init__(self, message: str, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.details = details or []


@dataclass
class GiftImportResult:
    path: Path
    merged: bool
    mc: int = 0
    discussion: int = 0
    sections: int = 0
    notes: list[str] = field(default_factory=list)  # "source:line: ..." per item
    placeholders: list[str] = field(default_factory=list)
    backup: Path | None = None


def write_atomically(path: Path, text: str, force: bool = False) -> None:
    """Write to a temporary file beside ``path`` and rename it over: all or nothing."""
    if path.exists() and not force:
        raise FileExistsError(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def slugify(text: str) -> str:
    slug = "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in text.lower())
    return "-".join(part for part in slug.split("-") if part)[:80]


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def _yaml(doc: dict[str, Any]) -> str:
    return yaml.dump(doc, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100,
                     default_flow_style=False)


def _validate(doc_text: str, slug: str, folder: Path) -> list[str]:
    """Problems ``quizapp check-questions`` would report for the file, beside the others."""
    with tempfile.TemporaryDirectory(prefix="quizapp-gift-") as tmp:
        scratch = Path(tmp)
        if folder.is_dir():
            for other in folder.glob("*.yaml"):
                if other.name != f"{slug}.yaml" and not other.name.startswith("."):
                    shutil.copyfile(other, scratch / other.name)
        target = scratch / f"{slug}.yaml"
        target.write_text(doc_text, encoding="utf-8")
        content = read_content(target)
        return [str(p).replace(str(scratch), str(folder)) for p in content.problems
                if p.path in (str(target), str(scratch / COURSE_FILE))]


def import_gift(text: str, source: str, folder: Path, *, slug: str | None = None,
                force: bool = False, misconception: str | None = None) -> GiftImportResult:
    """Read GIFT ``text`` (from ``source``) into ``folder``/<slug>.yaml. See the module doc."""
    parsed = parse_gift(text)
    meta_slug = (parsed.reading or {}).get("slug")
    slug = slug or (meta_slug if isinstance(meta_slug, str) else None) or slugify(
        (parsed.category or "").rstrip("/").rsplit("/", 1)[-1]) or slugify(Path(source).stem)
    if not slug or not ID_RE.match(slug):
        raise GiftImportError(f"{slug!r} cannot be a reading's name: use --slug with a-z, "
                              "0-9 and '-'")
    if not folder.is_dir():
        raise GiftImportError(f"{folder} is not a folder")
    target = folder / f"{slug}.yaml"
    merged = target.exists()
    if merged and not force:
        raise GiftImportError(
            f"{target} already exists. To add these questions to that reading, run again "
            "with --force (questions with the same id are replaced, the others added; the "
            "file is rewritten without its comments, a copy is kept as .yaml.bak), or name a "
            "new reading with --slug.")
    todo: dict[str, int] = {}
    notes = [f"{source}:{issue}".replace(":line ", ":", 1) for issue in parsed.issues]
    if merged:
        try:
            base = yaml.safe_load(target.read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError, OSError) as exc:
            raise GiftImportError(f"{target} cannot be read to add questions to it: {exc}") \
                from exc
        if not isinstance(base, dict):
            raise GiftImportError(f"{target} is not a reading file (not a mapping)")
    else:
        base = new_reading(slug, parsed, todo)
    builder = QuestionBuilder(slug, source, folder, base, merged, misconception)
    if misconception and builder.vocab is not None and misconception not in builder.vocab:
        raise GiftImportError(f"--misconception {misconception!r} is not in the vocabulary of "
                              f"{COURSE_FILE}: choose one of " + ", ".join(sorted(builder.vocab)))
    if not builder.sections:
        raise GiftImportError(f"{target} has no summary sections to attach questions to")
    result = GiftImportResult(target, merged)
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
    result.notes = notes + builder.notes
    if not result.mc and not result.discussion and not result.sections:
        raise GiftImportError("nothing in the file could be imported", result.notes)
    if builder.untagged and not misconception:
        vocab = ", ".join(sorted(builder.vocab or [])) or "(no vocabulary found)"
        raise GiftImportError(
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
              f"quizapp import-gift on {when}."]
    if result.placeholders:
        header.append(f"# Placeholders to replace before students see it: search for {TODO}.")
    doc_text = "\n".join(header) + "\n" + _yaml(base)
    problems = _validate(doc_text, slug, folder)
    if problems:
        raise GiftImportError("the reading file would not pass validation, so nothing was "
                              "written", problems)
    if merged:
        result.backup = target.with_name(target.name + ".bak")
        shutil.copyfile(target, result.backup)
    write_atomically(target, doc_text, force=merged)
    return result
