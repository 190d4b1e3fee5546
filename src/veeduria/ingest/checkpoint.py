"""Resumable ingest of big tables: where a JSONL or CSV file's ingest got to.

The table reader (`veeduria.ingest.tabular`) asks `resume_at(path)` before reading a file,
reports each row it has handed out in full (`reached`: rows and bytes so far) and says when it
has read the file to the end (`finished`). `Checkpoints` keeps those positions for the store:
the batched ingest writes them into `ingest_checkpoints` in the same transaction as the
documents of the batch, so a checkpoint never claims a row whose documents are not stored.

A checkpoint is used only for the same file: the same SHA-256 of its first 64 KiB and of the
64 KiB before the offset, both within the part already read (so a dump that has grown at the
end resumes, and one that was rewritten is read again from the start). A file read to the end
has no checkpoint: running the same ingest again reads it all and reports every row as already
stored.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from veeduria.store.bulk import Checkpoint, load_checkpoint

if TYPE_CHECKING:
    from veeduria.store.sql import SQLStore

__all__ = ["HASHED_BYTES", "Checkpoints", "Resume", "TableProgress"]

#: How many bytes of the head, and before the offset, identify a file.
HASHED_BYTES = 64 * 1024


@dataclass(frozen=True)
class Resume:
    """Where to go on reading a table: after `rows_done` rows, at `byte_offset`."""

    rows_done: int
    byte_offset: int


class TableProgress(Protocol):
    def resume_at(self, path: Path) -> Resume | None: ...

    def reached(self, path: Path, rows_done: int, byte_offset: int) -> None: ...

    def finished(self, path: Path) -> None: ...


def _sha256_of_range(path: Path, start: int, end: int) -> str:
    with path.open("rb") as fh:
        fh.seek(start)
        return hashlib.sha256(fh.read(max(0, end - start))).hexdigest()


@dataclass
class _Table:
    size: int
    rows_done: int = 0
    byte_offset: int = 0
    moved: bool = False  # rows reached since the last checkpoint was taken


class Checkpoints:
    """`TableProgress` for a store: reads checkpoints, and collects the ones to write."""

    def __init__(
        self,
        store: SQLStore,
        *,
        restart: bool = False,
        on_notice: Callable[[str], None] | None = None,
    ) -> None:
        self.store = store
        self.restart = restart
        self.on_notice = on_notice
        self.resumed: dict[str, int] = {}  # path -> rows skipped
        self._tables: dict[str, _Table] = {}
        self._finished: set[str] = set()

    def resume_at(self, path: Path) -> Resume | None:
        if not path.is_file():
            return None  # a pipe or device: read it, but nothing to resume
        key = str(path.resolve())
        size = path.stat().st_size
        table = _Table(size)
        self._tables[key] = table
        self._finished.discard(key)
        if self.restart:
            return None
        saved = load_checkpoint(self.store, key)
        if saved is None:
            return None
        if (
            saved.byte_offset > size
            or saved.head_sha256 != self._head_sha256(path, saved.byte_offset)
            or saved.before_sha256 != self._before_sha256(path, saved.byte_offset)
        ):
            self._notice(f"{path}: changed since the interrupted run; reading it from the start")
            return None
        table.rows_done, table.byte_offset = saved.rows_done, saved.byte_offset
        self.resumed[str(path)] = saved.rows_done
        self._notice(
            f"{path}: resuming at row {saved.rows_done + 1} (rows 1-{saved.rows_done} were "
            "stored by an earlier run; --restart reads the file from the start)"
        )
        return Resume(saved.rows_done, saved.byte_offset)

    def reached(self, path: Path, rows_done: int, byte_offset: int) -> None:
        table = self._tables.get(str(path.resolve()))
        if table is not None:
            table.rows_done, table.byte_offset, table.moved = rows_done, byte_offset, True

    def finished(self, path: Path) -> None:
        key = str(path.resolve())
        if self._tables.pop(key, None) is not None:
            self._finished.add(key)

    def take(self) -> tuple[list[Checkpoint], list[str]]:
        """The checkpoints to write with the next batch and the paths whose row to delete."""
        checkpoints = [
            Checkpoint(
                path=key,
                size=table.size,
                head_sha256=self._head_sha256(Path(key), table.byte_offset),
                rows_done=table.rows_done,
                byte_offset=table.byte_offset,
                before_sha256=self._before_sha256(Path(key), table.byte_offset),
            )
            for key, table in self._tables.items()
            if table.moved
        ]
        for table in self._tables.values():
            table.moved = False
        finished, self._finished = sorted(self._finished), set()
        return checkpoints, finished

    @staticmethod
    def _head_sha256(path: Path, offset: int) -> str:
        return _sha256_of_range(path, 0, min(offset, HASHED_BYTES))

    @staticmethod
    def _before_sha256(path: Path, offset: int) -> str:
        return _sha256_of_range(path, max(0, offset - HASHED_BYTES), offset)

    def _notice(self, message: str) -> None:
        if self.on_notice is not None:
            self.on_notice(message)
