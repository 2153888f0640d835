"""Reading files on disk: written whole or not at all, in the content format's YAML, and
checked as ``quizapp check-questions`` would check them beside the other readings."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from ....content.document import to_yaml  # noqa: F401 - one YAML style for every reading file
from ....content.schema import COURSE_FILE, read_content
from ....content.specs import ReadingSpec


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


def validate(doc_text: str, slug: str, folder: Path) -> tuple[ReadingSpec | None, list[str]]:
    """The reading as ``quizapp check-questions`` reads it beside the folder's other files,
    and the problems it would report for it (with the folder's paths)."""
    with tempfile.TemporaryDirectory(prefix="quizapp-import-") as tmp:
        scratch = Path(tmp)
        if folder.is_dir():
            for other in folder.glob("*.yaml"):
                if other.name != f"{slug}.yaml" and not other.name.startswith("."):
                    shutil.copyfile(other, scratch / other.name)
        target = scratch / f"{slug}.yaml"
        target.write_text(doc_text, encoding="utf-8")
        content = read_content(target)
        problems = [str(p).replace(str(scratch), str(folder)) for p in content.problems
                    if p.path in (str(target), str(scratch / COURSE_FILE))]
        spec = content.readings[0] if content.readings and not problems else None
        if spec is not None:
            spec.path = str(folder / f"{slug}.yaml")
        return spec, problems
