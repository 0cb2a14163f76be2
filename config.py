"""Configuration classes, read from the environment."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("GOVERNANCE_INSTANCE", BASE_DIR / "instance"))

#: A key anyone can read here, so no server may use it: refused everywhere but `flask run`
#: on a loopback address. Without SECRET_KEY the app makes a private key of its own instead
#: (governance/security.py, settle_secret_key).
DEV_SECRET_KEY = "dev-only-not-a-secret"  # noqa: S105


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


class Config:
    """Settings shared by every environment."""

    #: Signs sessions and CSRF tokens and seals two-factor secrets. Unset outside production:
    #: a random key kept in the instance folder (file `secret_key`, mode 0600).
    SECRET_KEY = os.environ.get("SECRET_KEY") or None
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'governance.sqlite3'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    #: Directory outside the web root where paper files are stored by content hash.
    STORAGE_PATH = os.environ.get("STORAGE_PATH", str(INSTANCE_DIR / "storage"))
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "localhost")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USE_TLS = _bool("MAIL_USE_TLS", False)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_FROM = os.environ.get("MAIL_FROM", "governance@localhost")
    MAIL_TIMEOUT = int(os.environ.get("MAIL_TIMEOUT", "30"))
    #: The outbox page lets administrators read queued mail (development and small installs).
    OUTBOX_VISIBLE = _bool("OUTBOX_VISIBLE", True)
    #: Kinds of mail whose body the outbox page withholds: a password-reset link acts as a
    #: password, and a consent link answers for the chair, so not even an administrator reads
    #: them there. Development shows them (the demo).
    OUTBOX_WITHHELD_KINDS: tuple[str, ...] = ("auth.password_reset", "papers.consent_asked")
    #: Where the app is reached, for links in mails (governance/links.py). Unset: in development
    #: a mail made by a page links to the address that page was served on; production must set
    #: it (it never trusts a request's Host header).
    BASE_URL = os.environ.get("BASE_URL") or None
    #: Links in mail made outside a request (the worker, `flask` commands, the demo loader) when
    #: BASE_URL is unset: where `make run` serves, on PORT (5000 unless set).
    LOCAL_BASE_URL = f"http://127.0.0.1:{os.environ.get('PORT') or '5000'}"
    #: Largest paper file accepted, in bytes.
    MAX_PAPER_BYTES = int(os.environ.get("MAX_PAPER_BYTES", str(25 * 1024 * 1024)))
    #: Largest request body any other route accepts, in bytes: a larger one is refused (413)
    #: before it is read. Only the upload routes raise it, to MAX_PAPER_BYTES and a little.
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_REQUEST_BYTES", str(1024 * 1024)))
    #: Largest single form field (not a file) held in memory, in bytes.
    MAX_FORM_MEMORY_SIZE = 500_000
    #: Most fields and files one form may send.
    MAX_FORM_PARTS = 1000
    #: SQLite waits this long (ms) for a lock before giving up.
    SQLITE_BUSY_TIMEOUT_MS = int(os.environ.get("SQLITE_BUSY_TIMEOUT_MS", "5000"))
    #: Rows per page on paginated lists such as the audit log.
    PAGE_SIZE = int(os.environ.get("PAGE_SIZE", "50"))
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    #: A signed-in session ends after this many minutes without a request.
    SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "30"))
    #: ...and this many hours after signing in, however busy.
    SESSION_ABSOLUTE_HOURS = int(os.environ.get("SESSION_ABSOLUTE_HOURS", "12"))
    #: The browser drops the cookie no later than the absolute timeout.
    PERMANENT_SESSION_LIFETIME = timedelta(hours=SESSION_ABSOLUTE_HOURS)
    #: Where the sign-in limits keep their counts: memory:// for one process; redis://host:6379/0
    #: when several processes or hosts serve the app, so they share one count.
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_STRATEGY = "moving-window"
    #: Failed sign-ins allowed per account, and per client address, before a pause.
    LOGIN_LIMIT_ACCOUNT = os.environ.get("LOGIN_LIMIT_ACCOUNT", "5 per 15 minutes")
    LOGIN_LIMIT_ADDRESS = os.environ.get("LOGIN_LIMIT_ADDRESS", "20 per 15 minutes")
    #: Password-reset links sent per email address (more requests get the same answer and no
    #: mail), and reset requests accepted per client address before a pause.
    RESET_LIMIT_ACCOUNT = os.environ.get("RESET_LIMIT_ACCOUNT", "3 per hour")
    RESET_LIMIT_ADDRESS = os.environ.get("RESET_LIMIT_ADDRESS", "10 per hour")
    #: Seconds before any answer to a reset request, so no timing tells an account from none.
    RESET_ANSWER_SECONDS = float(os.environ.get("RESET_ANSWER_SECONDS", "0.25"))
    #: Minutes a password-reset link works for (it also dies once used).
    RESET_LINK_MINUTES = int(os.environ.get("RESET_LINK_MINUTES", "60"))
    #: Days a browser that signed in to an account stays "known" to it: while the account is
    #: paused, sign-in from a known browser is counted on its own
    #: (governance/auth/signin/known_device.py).
    KNOWN_DEVICE_DAYS = int(os.environ.get("KNOWN_DEVICE_DAYS", "180"))
    #: How many reverse proxies in front of the app set X-Forwarded-For/-Proto (0: none).
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))
    #: The name authenticator apps show beside the account.
    TOTP_ISSUER = os.environ.get("TOTP_ISSUER", "Governance")
    WTF_CSRF_TIME_LIMIT = None
    #: Bytes of rendered pages each process keeps for reuse until the data changes (0: none).
    #: See governance/page_cache.py.
    PAGE_CACHE_BYTES = int(os.environ.get("PAGE_CACHE_BYTES", str(64 * 1024 * 1024)))
    #: Days personal data of each kind is kept before `flask retention --apply` removes or
    #: blanks it (see governance/privacy/rules.py). Decisions, minutes and audit events are
    #: never removed.
    RETENTION_DAYS = {
        "outbox": 90,
        "paper_opens": 730,
        "material_reads": 730,
        "support_needs": 365,
        "reply_notes": 365,
    }
    DEMO_ALLOWED = True
    PRODUCTION = False


class DevelopmentConfig(Config):
    """Local development: the embedded SQLite database and the demo board."""

    DEBUG = False
    OUTBOX_WITHHELD_KINDS = ()


class TestConfig(Config):
    """The test suite: DATABASE_URL selects SQLite or PostgreSQL."""

    TESTING = True
    SECRET_KEY = "test-secret-key"  # noqa: S105
    PAGE_SIZE = 5
    # The suite signs in hundreds of times from one address; tests of the throttle set
    # their own low limits.
    LOGIN_LIMIT_ACCOUNT = "10000 per 15 minutes"
    LOGIN_LIMIT_ADDRESS = "10000 per 15 minutes"
    RESET_LIMIT_ACCOUNT = "10000 per hour"
    RESET_LIMIT_ADDRESS = "10000 per hour"
    RESET_ANSWER_SECONDS = 0.05


class ProductionConfig(Config):
    """Production: secure cookies, a real secret key, no demo data."""

    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    #: The __Host- prefix makes browsers refuse the cookie unless Secure, host-only, path /.
    SESSION_COOKIE_NAME = "__Host-session"
    DEMO_ALLOWED = False
    PRODUCTION = True


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "test": TestConfig,
    "production": ProductionConfig,
}


def config_for(name: str | None = None) -> type[Config]:
    """Return the configuration class named by `name` or `GOVERNANCE_ENV`."""
    key = (name or os.environ.get("GOVERNANCE_ENV", "development")).lower()
    try:
        return CONFIGS[key]
    except KeyError:
        raise RuntimeError(
            f"Unknown GOVERNANCE_ENV {key!r}; choose one of {', '.join(CONFIGS)}"
        ) from None
