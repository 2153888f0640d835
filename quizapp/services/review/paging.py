"""Pages of a long list: which slice to show, and refusing page numbers that do not exist."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


class PageNotFound(LookupError):
    """A page number outside 1..pages (the views answer 404)."""


def page_count(total: int, size: int) -> int:
    return max(1, math.ceil(total / size))


def check_page_number(number: int, total: int, size: int) -> None:
    if number < 1 or number > page_count(total, size):
        raise PageNotFound(number)


@dataclass
class Page(Generic[T]):
    items: list[T]
    number: int
    size: int
    total: int  # items over all pages

    @property
    def pages(self) -> int:
        return page_count(self.total, self.size)

    @property
    def first(self) -> int:
        """1-based position of the first item shown (0 when there is none)."""
        return (self.number - 1) * self.size + 1 if self.items else 0

    @property
    def last(self) -> int:
        return (self.number - 1) * self.size + len(self.items)
