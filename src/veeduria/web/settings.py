"""The web application's settings, passed to `create_app()` (no globals, no test hooks).

Local mode (the default) serves one person on 127.0.0.1 with no login: reviews are signed with
`local_user`. Team mode needs accounts (`veeduria users add`) and a secret key for the session
cookies; the key is read from VEEDURIA_SECRET_KEY or from the secret file next to the users file
(created with a random key, mode 0600, on first use), never a built-in default.
"""

from __future__ import annotations

import getpass
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from veeduria.config import ConfigError, sqlite_path

__all__ = ["SECRET_ENV", "USERS_ENV", "WebSettings", "default_users_path", "load_secret"]

SECRET_ENV = "VEEDURIA_SECRET_KEY"
USERS_ENV = "VEEDURIA_USERS"
_MIN_SECRET = 32


@dataclass(frozen=True)
class WebSettings:
    db_url: str
    team: bool = False
    users_path: Path | None = None  # team mode: the accounts file
    secret_key: str = ""  # team mode: signs session cookies; local mode: a random one is used
    local_user: str = "local"
    online_tiles: bool = False  # OpenStreetMap tiles over the offline basemap (needs network)
    tile_url: str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    secure_cookies: bool = False  # set behind HTTPS
    login_attempts: int = 5  # per user and address, per `login_window_s`
    login_window_s: int = 300
    session_max_age_s: int = 12 * 3600
    list_cache_ttl_s: float = 60.0  # timeline/map/network lists (web.cache); 0 turns it off

    def checked(self) -> WebSettings:
        """Raise ConfigError for settings that cannot work."""
        if self.team:
            if self.users_path is None:
                raise ConfigError("team mode needs a users file: pass --users FILE")
            if len(self.secret_key) < _MIN_SECRET:
                raise ConfigError(
                    f"team mode needs a secret key of at least {_MIN_SECRET} characters "
                    f"({SECRET_ENV} or the secret file)"
                )
        return self


def default_users_path(db_url: str) -> Path | None:
    """`<db>.users.json` next to a SQLite file; for other databases $VEEDURIA_USERS."""
    env = os.environ.get(USERS_ENV)
    if env:
        return Path(env)
    path = sqlite_path(db_url)
    return None if path is None else Path(f"{path}.users.json")


def load_secret(users_path: Path) -> str:
    """$VEEDURIA_SECRET_KEY, else `<users file>.secret` (created with a random key, 0600)."""
    env = os.environ.get(SECRET_ENV)
    if env:
        return env
    path = Path(f"{users_path}.secret")
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_urlsafe(48))
    return path.read_text(encoding="utf-8").strip()


def local_user_name() -> str:
    try:
        return getpass.getuser() or "local"
    except (KeyError, OSError):
        return "local"
