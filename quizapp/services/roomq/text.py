"""What a question from the room may contain: plain text, short, no control characters."""

from __future__ import annotations

import unicodedata
from typing import Any

from flask import has_request_context
from flask_babel import gettext

MAX_ROOM_QUESTION_LENGTH = 500
# Line breaks and tabs are typing; anything else in Unicode's "Cc" (control) category, the
# surrogates, and the bidirectional overrides that can make a text read backwards are not.
_TYPED = {"\n", "\r", "\t"}
_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


def _(message: str, **values: Any) -> str:
    """gettext in a request (the reader's language); the English text elsewhere (CLI, tests
    calling services directly), where Flask-Babel has no locale to ask."""
    if has_request_context():
        return gettext(message, **values)
    return message % values if values else message


class RoomTextError(ValueError):
    """A question that cannot be accepted, with a message for the student."""


def has_control_characters(text: str) -> bool:
    return any((ch not in _TYPED and unicodedata.category(ch) in ("Cc", "Cs")) or ch in _BIDI
               for ch in text)


def clean_question(text: str) -> str:
    """The question as stored: checked, and only its outer blank space removed."""
    body = text.replace("\r\n", "\n").strip()
    if not body:
        raise RoomTextError(_("Write your question first."))
    if len(body) > MAX_ROOM_QUESTION_LENGTH:
        raise RoomTextError(_("Keep the question to %(n)d characters or fewer.",
                              n=MAX_ROOM_QUESTION_LENGTH))
    if has_control_characters(body):
        raise RoomTextError(_("The question contains control characters; "
                              "write it as plain text."))
    return body
