"""Team-mode accounts: a small JSON file of names, roles and argon2 password hashes.

The file sits next to the evidence base (`<db>.users.json` for SQLite) rather than in it, so
accounts need no schema migration and an evidence base can be shared without its accounts.
It is written atomically with mode 0600; passwords are never stored, only argon2id hashes.

Roles, each including the one before: `viewer` (read), `reviewer` (also review claims),
`admin` (also manage accounts from the web, later).
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Literal, cast

__all__ = ["ROLES", "Role", "User", "UserError", "UserFile"]

Role = Literal["viewer", "reviewer", "admin"]
ROLES: tuple[str, ...] = ("viewer", "reviewer", "admin")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
MIN_PASSWORD = 10


class UserError(ValueError):
    """An account operation that cannot be done; the message says why."""


@dataclass(frozen=True)
class User:
    name: str
    role: Role
    created_at: str

    def can(self, role: Role) -> bool:
        """True when this user's role includes `role`."""
        return ROLES.index(self.role) >= ROLES.index(role)


class UserFile:
    """The accounts file at `path` (it need not exist until the first account is added)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        from argon2 import PasswordHasher

        self._hasher = PasswordHasher()

    def _load(self) -> dict[str, dict[str, str]]:
        if not self.path.exists():
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise UserError(f"cannot read the users file {self.path}: {exc}") from exc
        users = data.get("users") if isinstance(data, dict) else None
        if not isinstance(users, dict):
            raise UserError(f"{self.path} is not a veeduria users file")
        return cast(dict[str, dict[str, str]], users)

    def _save(self, users: dict[str, dict[str, str]]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".users-", dir=self.path.parent)
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump({"version": 1, "users": users}, fh, indent=1, sort_keys=True)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def list(self) -> list[User]:
        return [_user(name, row) for name, row in sorted(self._load().items())]

    def get(self, name: str) -> User | None:
        row = self._load().get(name)
        return None if row is None else _user(name, row)

    def add(self, name: str, password: str, role: str) -> User:
        if not _NAME.match(name):
            raise UserError(f"invalid user name {name!r}: letters, digits and . _ @ - (at most 64)")
        checked = _check_role(role)
        if len(password) < MIN_PASSWORD:
            raise UserError(f"the password must have at least {MIN_PASSWORD} characters")
        users = self._load()
        if name in users:
            raise UserError(f"user {name!r} exists already: use `veeduria users role`")
        users[name] = {
            "role": checked,
            "hash": self._hasher.hash(password),
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        self._save(users)
        return _user(name, users[name])

    def set_role(self, name: str, role: str) -> User:
        checked = _check_role(role)
        users = self._load()
        if name not in users:
            raise UserError(f"no user {name!r} in {self.path}")
        users[name]["role"] = checked
        self._save(users)
        return _user(name, users[name])

    def verify(self, name: str, password: str) -> User | None:
        """The user when `password` is right, else None (same cost for unknown names)."""
        from argon2.exceptions import InvalidHashError, VerificationError

        users = self._load()
        row = users.get(name)
        stored = row["hash"] if row else _dummy_hash()
        try:
            self._hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return None
        if row is None:
            return None
        if self._hasher.check_needs_rehash(stored):
            row["hash"] = self._hasher.hash(password)
            self._save(users)
        return _user(name, row)


@cache
def _dummy_hash() -> str:
    """A hash of a random password, verified against for unknown names so that the time a
    login takes does not tell which names exist."""
    import secrets

    from argon2 import PasswordHasher

    return PasswordHasher().hash(secrets.token_urlsafe(16))


def _check_role(role: str) -> Role:
    if role not in ROLES:
        raise UserError(f"unknown role {role!r}: use one of {', '.join(ROLES)}")
    return cast(Role, role)


def _user(name: str, row: dict[str, str]) -> User:
    return User(name=name, role=_check_role(row["role"]), created_at=row.get("created_at", ""))


def user_dict(user: User) -> dict[str, str]:
    return asdict(user)
