"""Dates in the course timeline may be a day, a month or a year."""

from __future__ import annotations

from datetime import date

from babel.dates import format_skeleton


def format_date(iso: str, locale: str = "en") -> str:
    """"2023-12-10" as "December 10, 2023" / "10 de diciembre de 2023"; a month or a year
    alone as written that precisely, in the reader's language."""
    parts = [int(p) for p in iso.split("-")]
    if len(parts) == 3:
        return format_skeleton("yMMMMd", date(*parts), locale=locale)
    if len(parts) == 2:
        return format_skeleton("yMMMM", date(parts[0], parts[1], 1), locale=locale)
    return str(parts[0])
