"""Reviewer accounts: passwords, roles, login throttling, resets and unlocking; db first, no Flask."""
import secrets
from datetime import datetime, timedelta, timezone

from werkzeug.security import check_password_hash, generate_password_hash

from .db import utc_now, write_transaction

ROLES = ("reviewer", "lead", "admin")
# What each role may do beyond tagging; a role includes everything of the roles before it in ROLES.
LEAD_ROLES = ("lead", "admin")
ADMIN_ROLES = ("admin",)
MIN_PASSWORD_LENGTH = 8
MAX_NAME_LENGTH = 60
# Five wrong passwords in a row lock the account for a quarter of an hour: slow enough to stop guessing,
# short enough that a reviewer who mistyped does not need an admin.
MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
# Checked against when the name is unknown, so a wrong name takes as long as a wrong password. Written out, not
# generated at import: scrypt cost 0.08 s of CPU on every start of every CLI command. A test keeps its method and
# cost the ones generate_password_hash uses now, so it stays as slow to check as a real password.
_DUMMY_HASH = ("scrypt:32768:8:1$yr8wm5OzHwtsyUog$70cfa89ef7f8ca6550129910378e07948c0e81e6c3bb463fdc44ce6ed178e816f9c"
               "7894f9bae2327c7b1f4b5c347bdb27a1ff94f3b90e3166e0da81c6bcd588f")
# A generated password is read off a screen and typed by a person: no 0/o, 1/l/i to confuse, four groups of four
# of the 31 characters left, about 79 bits, far beyond guessing at five tries per quarter hour.
_GENERATED_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_GENERATED_GROUPS = 4


class AccountError(ValueError):
    """A user change that cannot be made; the message says why, field names the form field at fault."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class LoginFailed(Exception):
    """Wrong name, wrong password, or locked: one message for all, so names cannot be probed."""


def clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise AccountError("Enter a user name.", "name")
    if len(name) > MAX_NAME_LENGTH:
        raise AccountError(f"A user name has at most {MAX_NAME_LENGTH} characters.", "name")
    return name


def _check_password(password: str, field: str = "password"):
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise AccountError(f"A password has at least {MIN_PASSWORD_LENGTH} characters.", field)


def generate_password() -> str:
    """A random password a person can read out and type, such as 'k7mq-x3pf-ab2c-9dzr'."""
    return "-".join("".join(secrets.choice(_GENERATED_ALPHABET) for _ in range(4)) for _ in range(_GENERATED_GROUPS))


def _locked_until(row: dict, now: datetime) -> datetime | None:
    """When the account's lock ends, if it is locked at this moment."""
    if row["locked_until"]:
        until = datetime.fromisoformat(row["locked_until"])
        if until > now:
            return until
    return None


def has_accounts(db) -> bool:
    """Whether anyone can log in yet: a fresh instance has no account until the first admin is created."""
    return bool(db["reviewers"].count_where("password_hash is not null"))


def create_user(db, name: str, password: str, role: str = "reviewer", only_if_first: bool = False) -> int:
    """Create an account; a reviewer name used before accounts existed gets the password and role.

    only_if_first refuses when any account exists, checked under the write lock: two people submitting the
    first-admin form at the same moment cannot both become admin.
    """
    name = clean_name(name)
    _check_password(password)
    if role not in ROLES:
        raise AccountError(f"Unknown role {role!r}: choose one of {', '.join(ROLES)}.", "role")
    with write_transaction(db):
        if only_if_first and has_accounts(db):
            raise AccountError("This instance already has accounts: log in instead.")
        existing = list(db.query("select id, password_hash from reviewers where name = ?", [name]))
        if existing and existing[0]["password_hash"]:
            raise AccountError(f"The user {name} already exists.", "name")
        values = {"password_hash": generate_password_hash(password), "role": role, "active": 1}
        if existing:
            db["reviewers"].update(existing[0]["id"], values)
            return existing[0]["id"]
        return db["reviewers"].insert({"name": name, "created_at": utc_now(), **values}).last_pk


def create_first_admin(db, name: str, password: str) -> int:
    """The first account of a fresh instance; refused once any account exists."""
    return create_user(db, name, password, "admin", only_if_first=True)


def get_user(db, user_id) -> dict | None:
    """An active account by id, or None."""
    rows = list(db.query(
        "select id, name, role, session_epoch from reviewers where id = ? and active = 1 and password_hash is not null",
        [user_id]))
    return rows[0] if rows else None


def list_users(db, now: datetime | None = None) -> list[dict]:
    """Every account that can log in, by name, with locked_until set only while the lock lasts."""
    now = now or datetime.now(timezone.utc)
    users = list(db.query(
        "select id, name, role, active, created_at, last_login_at, locked_until from reviewers "
        "where password_hash is not null order by name"))
    for user in users:
        user["locked_until"] = user["locked_until"] if _locked_until(user, now) else None
    return users


def listed_user(db, user_id: int, now: datetime | None = None) -> dict | None:
    """One account as the users page lists it, or None."""
    return next((user for user in list_users(db, now) if user["id"] == user_id), None)


def find_user_id(db, name: str) -> int:
    """The id of the reviewer with this name (also one made by a snapshot import, without a password)."""
    rows = list(db.query("select id from reviewers where name = ?", [" ".join((name or "").split())]))
    if not rows:
        raise AccountError(f"There is no user named {name!r}.", "name")
    return rows[0]["id"]


def _count_failure(db, user_id: int, now: datetime):
    """One more wrong password for this account; the fifth in a row locks it for LOCKOUT."""
    with write_transaction(db):
        # Re-read under the write lock: wrong guesses sent in parallel must each count.
        row = next(db.query("select failed_logins, locked_until from reviewers where id = ?", [user_id]))
        failures = (row["failed_logins"] or 0) + 1
        locking = failures >= MAX_FAILED_LOGINS
        db["reviewers"].update(user_id, {
            "failed_logins": 0 if locking else failures,
            "locked_until": (now + LOCKOUT).isoformat() if locking else row["locked_until"]})


def authenticate(db, name: str, password: str, now: datetime | None = None, record_login: bool = True) -> dict:
    """The account for these credentials, or LoginFailed; counts failures and locks after too many.

    record_login stores the time as the account's last login; the JSON API, which checks credentials on every
    request, passes False so that reading it is not a write each time.
    """
    now = now or datetime.now(timezone.utc)
    rows = list(db.query("select * from reviewers where name = ? and password_hash is not null",
                         [" ".join((name or "").split())]))
    user = rows[0] if rows else None
    if user is None:
        check_password_hash(_DUMMY_HASH, password or "")
        raise LoginFailed()
    # The password is checked even for a locked account, and before the lock is looked at: a refusal that skipped
    # scrypt answered in 9 ms instead of 100, telling whoever timed it that the name exists.
    password_ok = check_password_hash(user["password_hash"], password or "")
    if _locked_until(user, now):
        raise LoginFailed()
    if not password_ok or not user["active"]:
        _count_failure(db, user["id"], now)
        raise LoginFailed()
    if record_login or user["failed_logins"] or user["locked_until"]:
        values = {"failed_logins": 0, "locked_until": None}
        if record_login:
            values["last_login_at"] = now.strftime("%Y-%m-%dT%H:%M:%SZ")
        with write_transaction(db):
            db["reviewers"].update(user["id"], values)
    return {"id": user["id"], "name": user["name"], "role": user["role"], "session_epoch": user["session_epoch"]}


def _refuse_no_admin_left(db):
    """AccountError if the change just made (not yet committed) left no active admin; call it under the lock.

    Checked inside the write transaction: two admins demoting or disabling each other at the same moment each
    passed any check made before it, and both changes went through, leaving no one to manage the desk.
    """
    if not db["reviewers"].count_where("role = 'admin' and active = 1 and password_hash is not null"):
        raise AccountError("That would leave no active admin: an instance keeps at least one active admin.")


def set_role(db, user_id: int, role: str, acting_user_id: int):
    """Change a user's role; an admin cannot demote themselves, and an instance never loses its last admin."""
    if role not in ROLES:
        raise AccountError(f"Unknown role {role!r}.", "role")
    if user_id == acting_user_id and role != "admin":
        raise AccountError("You cannot remove your own admin role: ask another admin.", "role")
    with write_transaction(db):
        db["reviewers"].update(user_id, {"role": role})
        _refuse_no_admin_left(db)


def set_active(db, user_id: int, active: bool, acting_user_id: int):
    """Disable or re-enable an account (verdicts of a disabled user are kept); never the last active admin."""
    if user_id == acting_user_id and not active:
        raise AccountError("You cannot disable your own account.", "active")
    with write_transaction(db):
        db["reviewers"].update(user_id, {"active": 1 if active else 0})
        _refuse_no_admin_left(db)


def set_password(db, user_id: int, password: str):
    """A new password set for someone (an admin's reset): every session of the account ends and its lock lifts."""
    _check_password(password)
    with write_transaction(db):
        db["reviewers"].update(user_id, {"password_hash": generate_password_hash(password),
                                         "failed_logins": 0, "locked_until": None})
        db.execute("update reviewers set session_epoch = session_epoch + 1 where id = ?", [user_id])


def reset_password(db, user_id: int, acting_user_id: int, password: str | None = None) -> str | None:
    """An admin's reset of another account's password; with password None one is generated and returned."""
    if user_id == acting_user_id:
        # A reset ends every session, the admin's own one too: changing your own password keeps yours.
        raise AccountError("To change your own password, use the Password page.", "password")
    generated = generate_password() if password is None else None
    set_password(db, user_id, generated or password)
    return generated


def change_password(db, user_id: int, current: str, new: str, new_again: str,
                    now: datetime | None = None) -> int:
    """A person's change of their own password; returns the account's new session epoch.

    Every other session of the account ends; the caller keeps its own by storing the epoch returned. A wrong
    current password counts as a wrong login, so a borrowed session cannot be used to guess it.
    """
    now = now or datetime.now(timezone.utc)
    row = next(db.query("select password_hash, locked_until from reviewers where id = ?", [user_id]))
    current_ok = check_password_hash(row["password_hash"], current or "")
    until = _locked_until(row, now)
    if until:
        raise AccountError(f"Too many wrong passwords: try again after {until:%H:%M} UTC.", "current_password")
    if not current_ok:
        _count_failure(db, user_id, now)
        raise AccountError("That is not your current password.", "current_password")
    _check_password(new, "new_password")
    if new != new_again:
        raise AccountError("The two new passwords differ.", "new_password_again")
    if new == current:
        raise AccountError("The new password is the same as the current one.", "new_password")
    with write_transaction(db):
        db.execute("update reviewers set password_hash = ?, failed_logins = 0, session_epoch = session_epoch + 1 "
                   "where id = ?", [generate_password_hash(new), user_id])
        return next(db.query("select session_epoch from reviewers where id = ?", [user_id]))["session_epoch"]


def unlock(db, user_id: int, now: datetime | None = None) -> bool:
    """Lift a lock left by wrong passwords (and forget the count); whether the account was locked."""
    now = now or datetime.now(timezone.utc)
    with write_transaction(db):
        row = next(db.query("select failed_logins, locked_until from reviewers where id = ?", [user_id]))
        db["reviewers"].update(user_id, {"failed_logins": 0, "locked_until": None})
    return _locked_until(row, now) is not None


def end_sessions(db, user_id: int):
    """Make every session cookie of this account worthless (at logout): see migration 0006_session_epoch."""
    with write_transaction(db):
        db.execute("update reviewers set session_epoch = session_epoch + 1 where id = ?", [user_id])
