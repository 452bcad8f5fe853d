"""Staff login, configured by the deployment; without one, everybody is the public.

Two ways, both in ``.streamlit/secrets.toml`` (never in the repository):

- a password (or one per person), hashed with scrypt by ``python -m geo hash-password``::

      [staff]
      password_hash = "scrypt$16384$8$1$...$..."
      # or, one per person (the name is logged as the author of their saves):
      [staff.users]
      camille = "scrypt$16384$8$1$...$..."

- Streamlit's OIDC login (``st.login``): an ``[auth]`` section as Streamlit documents it, plus
  who counts as staff, since any account of the provider can log in::

      [staff]
      allowed_domains = ["efus.eu"]          # and/or
      allowed_emails = ["someone@example.org"]

Everything here is pure (no Streamlit) and decides who is staff; ``geo.ui`` only carries the
results in ``st.session_state`` and draws the login box. Nothing from the URL enters any of
them: a query parameter cannot make a visitor staff.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets as token
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

from geo.errors import GeoError

Audience = Literal["public", "staff"]
SCHEME = "scrypt"
# 16 MiB and ~50 ms a try on these machines: slow for guessing, quick for a person.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
_MAX_N, _MAX_R, _MAX_P = 2**20, 32, 16
SESSION_KEY = "efus_staff_login"
MAX_FAILURES = 5  # then wait, doubling from BACKOFF_SECONDS
BACKOFF_SECONDS = 30.0


class AuthConfigError(GeoError, ValueError):
    """The login configured in secrets.toml cannot be used as written."""


# --- password hashes ---------------------------------------------------------------------------


def hash_password(
    password: str,
    *,
    salt: bytes | None = None,
    n: int = SCRYPT_N,
    r: int = SCRYPT_R,
    p: int = SCRYPT_P,
) -> str:
    """``scrypt$N$r$p$salt$hash`` (salt and hash in unpadded base64) for secrets.toml."""
    if not password:
        raise AuthConfigError("the password is empty; fix: choose a password of 12+ characters")
    salt = salt if salt is not None else token.token_bytes(16)
    digest = _scrypt(password, salt, n, r, p)
    return "$".join((SCHEME, str(n), str(r), str(p), _b64(salt), _b64(digest)))


def verify_password(password: str, encoded: str) -> bool:
    """True when ``password`` matches ``encoded`` (compared in constant time)."""
    n, r, p, salt, expected = _parse(encoded)
    actual = _scrypt(password or "", salt, n, r, p, length=len(expected))
    return hmac.compare_digest(actual, expected)


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, *, length: int = 32) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=length,
        maxmem=128 * r * n * p + 16 * 1024 * 1024,
    )  # fmt: skip


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)


def _parse(encoded: str) -> tuple[int, int, int, bytes, bytes]:
    fix = "fix: paste the whole line printed by `python -m geo hash-password`"
    parts = str(encoded or "").strip().split("$")
    if len(parts) != 6 or parts[0] != SCHEME:
        raise AuthConfigError(f"the password hash is not of the form scrypt$N$r$p$salt$hash; {fix}")
    try:
        n, r, p = (int(x) for x in parts[1:4])
        salt, digest = _unb64(parts[4]), _unb64(parts[5])
    except ValueError:
        raise AuthConfigError(
            f"the password hash has a damaged number or base64 part; {fix}"
        ) from None
    if not (1 < n <= _MAX_N and n & (n - 1) == 0 and 0 < r <= _MAX_R and 0 < p <= _MAX_P):
        raise AuthConfigError(f"the password hash asks for scrypt N={n}, r={r}, p={p}, outside "
                              f"what this app accepts; {fix}")  # fmt: skip
    if len(salt) < 8 or len(digest) < 16:
        raise AuthConfigError(f"the password hash's salt or digest is too short; {fix}")
    return n, r, p, salt, digest


# A hash to check against when the user name is unknown, so that the answer takes as long as
# for a known name and does not tell which names exist.
_DUMMY = hash_password("not a password", salt=b"efus-dummy-salt!")


# --- what the deployment configured --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LoginConfig:
    """The login the deployment configured. ``method`` "none" means: public only."""

    method: Literal["none", "password", "oidc"] = "none"
    password_hash: str = ""
    users: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    provider: str = ""  # the [auth.NAME] provider for st.login, "" for the default
    allowed_emails: frozenset[str] = frozenset()
    allowed_domains: frozenset[str] = frozenset()
    problems: tuple[str, ...] = ()  # what in secrets.toml was set aside, and the fix

    @property
    def fingerprint(self) -> str:
        """Changes when the configured login changes: a session logged in under an old
        password or allow-list is logged out."""
        text = "\n".join([self.method, self.password_hash, *sorted(f"{k}={v}" for k, v in
                          self.users.items()), self.provider, *sorted(self.allowed_emails),
                          *sorted(self.allowed_domains)])  # fmt: skip
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def login_config(secrets: Mapping[str, object]) -> LoginConfig:
    """Read the ``[staff]`` and ``[auth]`` sections. Never raises: what cannot be used is in
    ``problems`` and leaves the app public."""
    staff = secrets.get("staff") or {}
    auth = secrets.get("auth") or {}
    staff = staff if isinstance(staff, Mapping) else {}
    auth = auth if isinstance(auth, Mapping) else {}
    problems: list[str] = []

    password_hash = str(staff.get("password_hash") or "").strip()
    if password_hash and not _usable_hash(password_hash, "[staff] password_hash", problems):
        password_hash = ""
    users: dict[str, str] = {}
    raw_users = staff.get("users") or {}
    if isinstance(raw_users, Mapping):
        for name, value in raw_users.items():
            if _usable_hash(str(value), f"[staff.users] {name}", problems):
                users[str(name).strip()] = str(value).strip()

    emails = frozenset(str(e).strip().casefold() for e in _strings(staff.get("allowed_emails")))
    domains = frozenset(
        str(d).strip().casefold().lstrip("@") for d in _strings(staff.get("allowed_domains"))
    )
    provider = _oidc_provider(auth)
    if provider is not None:
        if emails or domains:
            return LoginConfig("oidc", provider=provider, allowed_emails=emails,
                               allowed_domains=domains, problems=tuple(problems))  # fmt: skip
        problems.append(
            "[auth] is configured but nobody is staff: any account of the provider could log "
            'in; fix: add allowed_domains = ["efus.eu"] or allowed_emails = [...] under [staff]'
        )
    if password_hash or users:
        return LoginConfig("password", password_hash=password_hash,
                           users=MappingProxyType(users), problems=tuple(problems))  # fmt: skip
    return LoginConfig("none", problems=tuple(problems))


def _usable_hash(value: str, where: str, problems: list[str]) -> bool:
    try:
        _parse(value)
    except AuthConfigError as exc:
        problems.append(f"{where}: {exc}")
        return False
    return True


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, list | tuple):
        return [str(v) for v in value if str(v).strip()]
    return []


def _oidc_provider(auth: Mapping[str, object]) -> str | None:
    """The provider name for ``st.login`` when ``[auth]`` has what Streamlit needs, else None."""
    if not (auth.get("redirect_uri") and auth.get("cookie_secret")):
        return None
    if auth.get("client_id") and auth.get("server_metadata_url"):
        return ""
    named = [k for k, v in auth.items() if isinstance(v, Mapping) and v.get("client_id")]
    return named[0] if len(named) == 1 else None


# --- deciding who is staff ---------------------------------------------------------------------


def check_password(config: LoginConfig, password: str, *, user: str = "") -> str | None:
    """The staff name when the password is right ("staff" for the shared password), else None."""
    if config.method != "password" or not password:
        return None
    name = " ".join(str(user or "").split())
    if config.users and name:
        known = config.users.get(name)
        ok = verify_password(password, known or _DUMMY)
        return name if known and ok else None
    if config.password_hash:
        return "staff" if verify_password(password, config.password_hash) else None
    verify_password(password, _DUMMY)
    return None


def oidc_staff(config: LoginConfig, user: Mapping[str, object] | None) -> str | None:
    """The staff e-mail of a user logged in with OIDC when the allow-list admits them."""
    if config.method != "oidc" or not user or not user.get("is_logged_in"):
        return None
    email = str(user.get("email") or "").strip().casefold()
    if not email or "@" not in email or user.get("email_verified") is False:
        return None
    if email in config.allowed_emails or email.rsplit("@", 1)[1] in config.allowed_domains:
        return email
    return None


def audience(
    config: LoginConfig,
    *,
    session: Mapping[str, object] | None = None,
    oidc_user: Mapping[str, object] | None = None,
) -> Audience:
    """ "staff" only when a configured login succeeded in this session; else "public"."""
    return "staff" if staff_name(config, session=session, oidc_user=oidc_user) else "public"


def staff_name(
    config: LoginConfig,
    *,
    session: Mapping[str, object] | None = None,
    oidc_user: Mapping[str, object] | None = None,
) -> str | None:
    """Who the staff member is (the author of their saves), or None for the public."""
    if config.method == "oidc":
        return oidc_staff(config, oidc_user)
    if config.method == "password" and session:
        login = session.get(SESSION_KEY)
        if isinstance(login, Mapping) and login.get("fingerprint") == config.fingerprint:
            name = str(login.get("name") or "")
            return name or None
    return None


def wait_seconds(failures: int, last_failure: float, now: float) -> float:
    """How long a session must wait before trying again (0 when it may)."""
    if failures < MAX_FAILURES:
        return 0.0
    delay = BACKOFF_SECONDS * 2 ** min(failures - MAX_FAILURES, 6)
    return max(0.0, last_failure + delay - now)


def throttle_keys(*, user: str, address: str | None) -> tuple[str, str]:
    """What failures are counted under: the account tried and the client's address."""
    account = " ".join(str(user or "").split()).casefold() or "staff"
    return f"account:{account}", f"address:{address or 'unknown'}"


class Throttle:
    """Failed logins per key (``throttle_keys``), kept by the server, not by the browser
    session: a reload starts a new session but not a new count. In process memory: a restart
    forgets the counts (the back-off is against guessing at speed, and a restart is rare and
    slow); at most ``limit`` keys, the least recently failed go first. Thread-safe."""

    def __init__(self, *, limit: int = 10_000) -> None:
        self._failures: OrderedDict[str, tuple[int, float]] = OrderedDict()
        self._lock = threading.Lock()
        self._limit = limit

    def wait(self, keys: tuple[str, ...], now: float) -> float:
        """Seconds before another try under any of ``keys`` (the longest of their waits)."""
        with self._lock:
            counts = [self._failures.get(k, (0, 0.0)) for k in keys]
        return max((wait_seconds(n, last, now) for n, last in counts), default=0.0)

    def failed(self, keys: tuple[str, ...], now: float) -> None:
        with self._lock:
            for key in keys:
                count, _ = self._failures.pop(key, (0, 0.0))
                self._failures[key] = (count + 1, now)
            while len(self._failures) > self._limit:
                self._failures.popitem(last=False)

    def succeeded(self, keys: tuple[str, ...]) -> None:
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)


THROTTLE = Throttle()  # one per server process, shared by every session


# --- who is looking ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Visitor:
    """Who is looking at a page: the public, or a staff member by name."""

    audience: Audience
    name: str | None = None  # the staff member, for the change log
