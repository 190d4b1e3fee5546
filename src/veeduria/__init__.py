"""veeduria: an evidence base for what happens after a coup.

Every fact is a claim tied to the exact quote and document it came from.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
