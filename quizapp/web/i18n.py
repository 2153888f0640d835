"""Languages and time zones: which language a request is served in, and in which time zone
its dates are shown (stored in UTC either way).

The language is the user's choice (the switch on every page: a `?lang=es` link that keeps
the choice in a cookie and comes back to the same page), else the
browser's Accept-Language, else the installation's default (QUIZAPP_DEFAULT_LANGUAGE). Times
are shown in the instructor's own time zone when set, else the installation's
(QUIZAPP_TIMEZONE, default the server's).
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from urllib.parse import urlencode
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from flask import Flask, Response, current_app, g, redirect, request, session
from flask_babel import format_date, format_time
from flask_babel import get_locale as babel_locale
from werkzeug.datastructures import LanguageAccept

from ..catalogues import TRANSLATIONS_DIR, compile_catalogues
from ..extensions import babel

LANGUAGES = {"en": "English", "es": "Español"}
LANGUAGE_COOKIE = "quizapp_lang"
LANGUAGE_COOKIE_MAX_AGE = 365 * 24 * 3600


def server_timezone() -> str:
    """The machine's zone name (TZ, /etc/timezone or /etc/localtime), else UTC."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    try:
        candidates.append(Path("/etc/timezone").read_text().strip())
    except OSError:
        pass
    try:
        target = str(Path("/etc/localtime").resolve())
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    except OSError:
        pass
    return next((c for c in candidates if valid_timezone(c)), "UTC")


def valid_timezone(name: str | None) -> bool:
    if not name:
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def timezone_names() -> list[str]:
    return sorted(available_timezones())


def chosen_language() -> str | None:
    """The language this browser picked with the switch, if any."""
    value = request.cookies.get(LANGUAGE_COOKIE, "")
    return value if value in LANGUAGES else None


def pick_language(chosen: str | None, accepted: LanguageAccept, default: str) -> str:
    """The switch's choice, else the browser's best match, else the default. Shared with the
    live poll's fast path (live/fast_poll.py), which answers before Flask's request exists."""
    if chosen in LANGUAGES:
        return chosen
    return accepted.best_match(list(LANGUAGES)) or default


def select_locale() -> str:
    forced = getattr(g, "forced_language", None)  # e.g. a projector fixed to one language
    if forced in LANGUAGES:
        return forced
    return pick_language(chosen_language(), request.accept_languages,
                         current_app.config["QUIZAPP_DEFAULT_LANGUAGE"])


def select_timezone() -> str:
    own = getattr(g, "user_timezone", None)  # set for a logged-in instructor who chose one
    return own if valid_timezone(own) else current_app.config["QUIZAPP_TIMEZONE"]


def current_language() -> str:
    locale = babel_locale()
    return locale.language if locale is not None else "en"


def when(value: datetime | None) -> str:
    """A stored (naive UTC) time in the reader's language and time zone, to the minute
    ("Jan 15, 2026, 9:30 AM"; "15 ene 2026, 9:30")."""
    if value is None:
        return ""
    return f"{format_date(value, 'medium')}, {format_time(value, 'short')}"


def language_switch() -> Response | None:
    """`?lang=xx` on any page: remember the choice and show the same page without it.
    A preference cookie, nothing stored: safe on a GET, like Moodle's `?lang=`."""
    if request.method != "GET" or "lang" not in request.args:
        return None
    language = request.args.get("lang", "")
    rest = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"]
    response = redirect(request.path + ("?" + urlencode(rest) if rest else ""), code=303)
    if language in LANGUAGES:
        response.set_cookie(LANGUAGE_COOKIE, language, max_age=LANGUAGE_COOKIE_MAX_AGE,
                            httponly=True, samesite="Lax",
                            secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response


def instructor_timezone() -> None:
    """A logged-in instructor's own zone, for `when`. Only when the login cookie says someone
    is logged in: a student's poll never loads a user for it."""
    remember = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
    if "_user_id" not in session and remember not in request.cookies:
        return
    from flask_login import current_user  # the login manager is set up by then

    own = getattr(current_user, "timezone", None) if current_user.is_authenticated else None
    if own:
        g.user_timezone = own


def switch_url(language: str) -> str:
    """This page's address with `lang=` set, for the switch's links."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"]
    return request.path + "?" + urlencode([*args, ("lang", language)])


def init_i18n(app: Flask) -> None:
    if not valid_timezone(app.config.get("QUIZAPP_TIMEZONE")):
        app.config["QUIZAPP_TIMEZONE"] = server_timezone()
    if app.config.get("QUIZAPP_DEFAULT_LANGUAGE") not in LANGUAGES:
        app.config["QUIZAPP_DEFAULT_LANGUAGE"] = "en"
    try:
        # The install compiles the catalogues; this catches a .po edited since.
        compile_catalogues(TRANSLATIONS_DIR, only_stale=True)
    except OSError as exc:  # a read-only install: serve what was compiled
        app.logger.warning("could not compile the message catalogues: %s", exc)
    babel.init_app(app, default_translation_directories=str(TRANSLATIONS_DIR),
                   locale_selector=select_locale, timezone_selector=select_timezone)
    app.jinja_env.filters["when"] = when
    app.before_request(language_switch)
    app.before_request(instructor_timezone)
    app.jinja_env.globals.update(languages=LANGUAGES, current_language=current_language,
                                 language_url=switch_url)
