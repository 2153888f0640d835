"""The student side: joining, readings, checks, discussion answers, my answers."""

from . import recovery, views  # noqa: F401  (routes register on import)
from .blueprint import bp

__all__ = ["bp"]
