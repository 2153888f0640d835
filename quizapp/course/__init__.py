"""Course-wide pages anyone in the class can open: timeline and perspectives."""

from . import views  # noqa: F401  (routes register on import)
from .blueprint import bp

__all__ = ["bp"]
