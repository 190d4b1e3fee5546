"""Who is asking, what they may do, and the checks that keep other sites out.

- Local mode: everyone who reaches 127.0.0.1 is the local user, with every right.
- Team mode: a signed session cookie (itsdangerous) names the user; roles come from the users
  file on every request, so a role change takes effect at once.
- CSRF, both modes: every state-changing request must carry `X-CSRF-Token` (or a `csrf_token`
  form field) holding the signed id of the caller's session; pages put it in a meta tag.
  Cookies are SameSite=Strict and HttpOnly.
- Login attempts are rate-limited per user name and per address.
"""

from __future__ import annotations

import secrets
import time
from collections import deque
from dataclasses import dataclass
from threading import Lock
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer

from veeduria.store.users import ROLES, Role, User, UserFile
from veeduria.web.settings import WebSettings

__all__ = [
    "CSRF_HEADER",
    "SESSION_COOKIE",
    "SID_COOKIE",
    "Auth",
    "AuthError",
    "LoginLimiter",
    "Principal",
]

SESSION_COOKIE = "veeduria_session"
SID_COOKIE = "veeduria_sid"
CSRF_HEADER = "x-csrf-token"


class AuthError(Exception):
    """Not logged in (401) or not allowed (403)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Principal:
    name: str
    role: Role
    sid: str  # the session id the CSRF token is bound to

    def can(self, role: Role) -> bool:
        return ROLES.index(self.role) >= ROLES.index(role)


class LoginLimiter:
    """At most `attempts` failed logins per key within `window_s` seconds."""

    def __init__(self, attempts: int, window_s: int) -> None:
        self.attempts = attempts
        self.window_s = window_s
        self._failures: dict[str, deque[float]] = {}
        self._lock = Lock()

    def blocked(self, *keys: str) -> bool:
        now = time.monotonic()
        with self._lock:
            for key in keys:
                q = self._failures.get(key)
                while q and now - q[0] > self.window_s:
                    q.popleft()
                if q is not None and len(q) >= self.attempts:
                    return True
        return False

    def failed(self, *keys: str) -> None:
        now = time.monotonic()
        with self._lock:
            for key in keys:
                self._failures.setdefault(key, deque()).append(now)

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)


class Auth:
    """Sessions, CSRF tokens and roles for one app."""

    def __init__(self, settings: WebSettings) -> None:
        self.settings = settings
        secret = settings.secret_key or secrets.token_urlsafe(48)
        self._sessions = URLSafeTimedSerializer(secret, salt="veeduria-session")
        self._csrf = URLSafeTimedSerializer(secret, salt="veeduria-csrf")
        self.users = UserFile(settings.users_path) if settings.users_path else None
        self.limiter = LoginLimiter(settings.login_attempts, settings.login_window_s)

    # -- sessions --------------------------------------------------------------------------
    def new_sid(self) -> str:
        return secrets.token_urlsafe(24)

    def session_cookie(self, user: User) -> str:
        return self._sessions.dumps({"u": user.name, "s": self.new_sid()})

    def principal(self, cookies: dict[str, str]) -> Principal | None:
        """The caller, or None (team mode, not logged in). Local mode always has one."""
        if not self.settings.team:
            sid = cookies.get(SID_COOKIE) or ""
            return Principal(self.settings.local_user, "admin", sid)
        raw = cookies.get(SESSION_COOKIE)
        if not raw or self.users is None:
            return None
        try:
            data: Any = self._sessions.loads(raw, max_age=self.settings.session_max_age_s)
        except BadSignature:
            return None
        if not isinstance(data, dict):
            return None
        user = self.users.get(str(data.get("u")))
        if user is None:
            return None
        return Principal(user.name, user.role, str(data.get("s")))

    def login(self, name: str, password: str, address: str) -> User | None:
        """Check a password, counting failures; raises AuthError(429) when rate-limited."""
        keys = (f"user:{name.lower()}", f"addr:{address}")
        if self.limiter.blocked(*keys):
            raise AuthError(429, "Too many attempts; wait a few minutes.")
        user = self.users.verify(name, password) if self.users else None
        if user is None:
            self.limiter.failed(*keys)
            return None
        self.limiter.succeeded(keys[0])
        return user

    # -- CSRF ------------------------------------------------------------------------------
    def csrf_token(self, principal: Principal | None, sid: str) -> str:
        return self._csrf.dumps(principal.sid if principal and principal.sid else sid)

    def check_csrf(self, principal: Principal | None, sid: str, token: str | None) -> None:
        expected = principal.sid if principal and principal.sid else sid
        try:
            bound = self._csrf.loads(token or "", max_age=self.settings.session_max_age_s)
        except BadSignature as exc:
            raise AuthError(403, "missing or invalid CSRF token") from exc
        if not expected or not secrets.compare_digest(str(bound), expected):
            raise AuthError(403, "CSRF token does not match this session")
