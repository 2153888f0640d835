"""Every save of a reading, as a whole document: who, when, from where (browser, upload, file
load, restore). The latest number is the version a form was loaded from (optimistic
concurrency), and any earlier document can be brought back."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ..extensions import db
from ..models import Reading, ReadingVersion

# Sources that mean "someone edited this in the browser": a file load must not overwrite
# them without being told to.
BROWSER_SOURCES = ("browser", "upload", "restore")


def latest_version(reading: Reading) -> ReadingVersion | None:
    return db.session.scalar(
        select(ReadingVersion).where(ReadingVersion.reading_id == reading.id)
        .order_by(ReadingVersion.number.desc()).limit(1))


def version_number(reading: Reading | None) -> int:
    if reading is None or reading.id is None:
        return 0
    latest = latest_version(reading)
    return latest.number if latest else 0


def record_version(reading: Reading, document: dict[str, Any], source: str, *,
                   author_id: int | None = None, draft: bool = False, note: str = "",
                   number: int | None = None) -> ReadingVersion:
    """Add the next version; ``number`` is the one the caller expects, so that two saves
    racing from the same base collide on the unique (reading, number) key."""
    if number is None:
        number = version_number(reading) + 1
    version = ReadingVersion(reading_id=reading.id, number=number, document=document,
                             source=source, author_id=author_id, draft=draft,
                             note=note[:200])
    db.session.add(version)
    db.session.flush()
    return version


def versions(reading: Reading) -> list[ReadingVersion]:
    return list(db.session.scalars(
        select(ReadingVersion).where(ReadingVersion.reading_id == reading.id)
        .order_by(ReadingVersion.number.desc())))
