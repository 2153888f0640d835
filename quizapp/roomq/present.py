"""Per-request formatters for long lists: the locale and time zone looked up once, not once
per row (a list of 50 questions spent a third of its time asking Flask-Babel for them)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from babel import dates
from flask_babel import get_locale, get_timezone, ngettext


def stamper() -> Callable[[datetime], str]:
    """Like the `when` filter (web/i18n.py), the same text, for many values."""
    locale, zone = get_locale(), get_timezone()

    def stamp(value: datetime) -> str:
        local = zone.normalize(value.replace(tzinfo=UTC).astimezone(zone))
        return (f"{dates.format_date(local, 'medium', locale=locale)}, "
                f"{dates.format_time(local, 'short', tzinfo=zone, locale=locale)}")

    return stamp


def vote_labeller() -> Callable[[int], str]:
    """"1 vote", "3 votes" in the reader's language, each count translated once."""
    made: dict[int, str] = {}

    def label(n: int) -> str:
        if n not in made:
            made[n] = ngettext("%(num)d vote", "%(num)d votes", n)
        return made[n]

    return label
