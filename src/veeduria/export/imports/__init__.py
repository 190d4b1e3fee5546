"""Imports: reference datasets (Cline Center coups, UCDP GED), FollowTheMoney streams, backups.

Every importer raises `ImportFailure` with a message naming the file and line, and writes
nothing when it fails (one transaction, rolled back).
"""

from __future__ import annotations

__all__ = ["ImportFailure"]


class ImportFailure(ValueError):
    """An input cannot be imported; the message names the file, the line and the reason."""
