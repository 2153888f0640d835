"""Join codes and personal resume codes: short, easy to read aloud, hard to guess."""

from __future__ import annotations

import re
import secrets

# No 0/O, 1/I/L: codes are read off a projector and typed on phones.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 8  # 31**8 ~ 8.5e11: unguessable at the rate limit within a seminar
RESUME_CODE_LENGTH = 6


def new_code(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def normalize_code(raw: str | None) -> str:
    """What a person typed ('abcd-efgh ', 'ABCD EFGH') as the stored form."""
    return re.sub(r"[^A-Za-z0-9]", "", raw or "").upper()[:32]


def display_code(code: str) -> str:
    """ABCDEFGH -> ABCD-EFGH, easier to read aloud."""
    if len(code) == JOIN_CODE_LENGTH:
        return f"{code[:4]}-{code[4:]}"
    return code
