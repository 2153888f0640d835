"""Machine-readable endpoints: health now; live state joins it in live mode."""

from . import health  # noqa: F401  (routes register on import)
from .blueprint import bp

__all__ = ["bp"]
