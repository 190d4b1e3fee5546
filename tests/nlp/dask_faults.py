"""Faults for the Dask engine tests, installed in the worker processes with `client.run`.

`install(marker_dir)` makes the worker that gets there first die (os._exit, no clean-up, as a
killed process) once while its batch's transaction is open and not committed, and once right
after a batch was committed; a marker file per fault, created atomically, makes each fire once
across the cluster. A worker that Dask's nanny starts in place of a dead one has no faults.
`uninstall()` puts the real functions back in the workers that survived.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

BEFORE_COMMIT = "died-before-commit"
AFTER_COMMIT = "died-after-commit"

_real: dict[str, Any] = {}


def _first(marker_dir: str, fault: str) -> bool:
    """True for the one caller that creates the fault's marker file."""
    try:
        fd = os.open(Path(marker_dir) / fault, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        return False
    os.write(fd, str(os.getpid()).encode())
    os.close(fd)
    return True


def install(marker_dir: str) -> None:
    from veeduria.nlp import dask_engine
    from veeduria.store.sql import SQLStore

    _real.setdefault("save", dask_engine.save_batch_outcomes)
    _real.setdefault("write", SQLStore._write)
    real_save, real_write = _real["save"], _real["write"]

    def save_then_die(store: Any, outcomes: Any) -> Any:
        saved = real_save(store, outcomes)
        if _first(marker_dir, AFTER_COMMIT):
            os._exit(1)
        return saved

    @contextmanager
    def write_then_die(self: Any) -> Iterator[Any]:
        with real_write(self) as conn:
            yield conn
            if _first(marker_dir, BEFORE_COMMIT):
                os._exit(1)  # the batch's rows are written, the transaction is still open

    dask_engine.save_batch_outcomes = save_then_die  # type: ignore[assignment]
    SQLStore._write = write_then_die  # type: ignore[method-assign]


def uninstall() -> None:
    from veeduria.nlp import dask_engine
    from veeduria.store.sql import SQLStore

    if _real:
        dask_engine.save_batch_outcomes = _real["save"]
        SQLStore._write = _real["write"]  # type: ignore[method-assign]
