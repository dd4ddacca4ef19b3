"""Changing, resetting and unlocking passwords, and the last login, on the database without Flask; then the CLI."""
import re
from datetime import datetime, timedelta, timezone

import pytest

from annotator import accounts, store
from client_helpers import PASSWORD, client_for, login

OLD = "long password"
NEW = "a brand new password"


@pytest.fixture
def people(bare_db):
    return {name: accounts.create_user(bare_db, name, OLD, role)
            for name, role in (("Ada", "admin"), ("Ana", "reviewer"))}


def logs_in(db, name, password) -> bool:
    try:
        accounts.authenticate(db, name, password)
    except accounts.LoginFailed:
        return False
    return True


def lock(db, name):
    for _ in range(accounts.MAX_FAILED_LOGINS):
        assert not logs_in(db, name, "wrong password")


def epoch(db, user_id) -> int:
    return next(db.query("select session_epoch from reviewers where id = ?", [user_id]))["session_epoch"]


# --- An admin's reset ---------------------------------------------------------------------------------------

def test_a_reset_lets_the_new_password_in_keeps_the_old_one_out_and_ends_sessions(bare_db, people):
    before = epoch(bare_db, people["Ana"])
    assert accounts.reset_password(bare_db, people["Ana"], people["Ada"], NEW) is None
    assert logs_in(bare_db, "Ana", NEW)
    assert not logs_in(bare_db, "Ana", OLD)
    assert epoch(bare_db, people["Ana"]) == before + 1


def test_a_reset_lifts_the_lock_of_a_locked_account(bare_db, people):
    lock(bare_db, "Ana")
    assert not logs_in(bare_db, "Ana", OLD)  # locked: even the right password is refused
    accounts.reset_password(bare_db, people["Ana"], people["Ada"], NEW)
    assert logs_in(bare_db, "Ana", NEW)


def test_a_generated_password_is_readable_logs_in_and_differs_each_time(bare_db, people):
    first = accounts.reset_password(bare_db, people["Ana"], people["Ada"])
    assert re.fullmatch(r"[a-z2-9]{4}(-[a-z2-9]{4}){3}", first)
    assert not set(first) & set("01ilo")
    assert logs_in(bare_db, "Ana", first)
    second = accounts.reset_password(bare_db, people["Ana"], people["Ada"])
    assert second != first
    assert not logs_in(bare_db, "Ana", first)


def test_a_typed_reset_follows_the_create_user_rules(bare_db, people):
    with pytest.raises(accounts.AccountError, match="at least 8 characters") as refused:
        accounts.reset_password(bare_db, people["Ana"], people["Ada"], "short")
    assert refused.value.field == "password"
    with pytest.raises(accounts.AccountError, match="at least 8"):
        accounts.reset_password(bare_db, people["Ana"], people["Ada"], "")  # empty is not "generate one"
    assert logs_in(bare_db, "Ana", OLD)


def test_an_admin_resets_only_other_accounts(bare_db, people):
    with pytest.raises(accounts.AccountError, match="Password page"):
        accounts.reset_password(bare_db, people["Ada"], people["Ada"], NEW)
    assert logs_in(bare_db, "Ada", OLD)


# --- Changing your own password -----------------------------------------------------------------------------

def test_changing_your_password_ends_other_sessions_and_returns_the_new_epoch(bare_db, people):
    before = epoch(bare_db, people["Ana"])
    new_epoch = accounts.change_password(bare_db, people["Ana"], OLD, NEW, NEW)
    assert new_epoch == epoch(bare_db, people["Ana"]) == before + 1
    assert logs_in(bare_db, "Ana", NEW)
    assert not logs_in(bare_db, "Ana", OLD)


@pytest.mark.parametrize("current, new, again, field, message", [
    ("wrong password", NEW, NEW, "current_password", "not your current password"),
    (OLD, "short", "short", "new_password", "at least 8 characters"),
    (OLD, NEW, NEW + "!", "new_password_again", "two new passwords differ"),
    (OLD, OLD, OLD, "new_password", "same as the current one"),
])
def test_a_refused_change_names_its_field_and_changes_nothing(bare_db, people, current, new, again, field, message):
    before = epoch(bare_db, people["Ana"])
    with pytest.raises(accounts.AccountError, match=message) as refused:
        accounts.change_password(bare_db, people["Ana"], current, new, again)
    assert refused.value.field == field
    assert epoch(bare_db, people["Ana"]) == before
    assert logs_in(bare_db, "Ana", OLD)


def test_wrong_current_passwords_count_as_wrong_logins_and_lock_the_account(bare_db, people):
    for _ in range(accounts.MAX_FAILED_LOGINS):
        with pytest.raises(accounts.AccountError):
            accounts.change_password(bare_db, people["Ana"], "guess", NEW, NEW)
    assert not logs_in(bare_db, "Ana", OLD)
    with pytest.raises(accounts.AccountError, match="Too many wrong passwords: try again after") as refused:
        accounts.change_password(bare_db, people["Ana"], OLD, NEW, NEW)  # locked: the right one waits too
    assert refused.value.field == "current_password"


# --- Unlocking ----------------------------------------------------------------------------------------------

def test_unlocking_lets_a_locked_account_log_in_at_once(bare_db, people):
    lock(bare_db, "Ana")
    assert accounts.unlock(bare_db, people["Ana"]) is True
    assert logs_in(bare_db, "Ana", OLD)
    assert accounts.unlock(bare_db, people["Ana"]) is False  # nothing to lift now


def test_unlocking_also_forgets_the_wrong_tries_so_far(bare_db, people):
    for _ in range(accounts.MAX_FAILED_LOGINS - 1):
        assert not logs_in(bare_db, "Ana", "wrong password")
    accounts.unlock(bare_db, people["Ana"])
    assert not logs_in(bare_db, "Ana", "wrong password")  # one wrong try after the unlock: not locked yet
    assert logs_in(bare_db, "Ana", OLD)


# --- What the users page lists ------------------------------------------------------------------------------

def listed(db, name, now=None):
    return next(user for user in accounts.list_users(db, now) if user["name"] == name)


def test_locked_until_is_listed_only_while_the_lock_lasts(bare_db, people):
    assert listed(bare_db, "Ana")["locked_until"] is None
    lock(bare_db, "Ana")
    until = datetime.fromisoformat(listed(bare_db, "Ana")["locked_until"])
    assert timedelta(minutes=14) < until - datetime.now(timezone.utc) <= accounts.LOCKOUT
    assert listed(bare_db, "Ana", now=until + timedelta(seconds=1))["locked_until"] is None


def test_a_login_is_recorded_as_the_last_login_and_a_refusal_is_not(bare_db, people):
    assert listed(bare_db, "Ana")["last_login_at"] is None
    assert not logs_in(bare_db, "Ana", "wrong password")
    assert listed(bare_db, "Ana")["last_login_at"] is None
    moment = datetime(2026, 12, 1, 9, 30, 5, tzinfo=timezone.utc)
    accounts.authenticate(bare_db, "Ana", OLD, now=moment)
    assert listed(bare_db, "Ana")["last_login_at"] == "2026-12-01T09:30:05Z"
    accounts.authenticate(bare_db, "Ana", OLD, now=moment + timedelta(days=1), record_login=False)  # the API
    assert listed(bare_db, "Ana")["last_login_at"] == "2026-12-01T09:30:05Z"


def test_an_unknown_name_is_an_account_error(bare_db, people):
    with pytest.raises(accounts.AccountError, match="no user named 'Zed'"):
        accounts.find_user_id(bare_db, "Zed")
    assert accounts.find_user_id(bare_db, " Ana ") == people["Ana"]


# --- The command line ---------------------------------------------------------------------------------------

def test_set_password_asks_twice_and_ends_the_accounts_sessions(app, runner, db, users):
    ana = client_for(app, "Ana")
    result = runner.invoke(args=["set-password", "Ana"], input=f"{NEW}\n{NEW}\n")
    assert result.exit_code == 0, result.output
    assert "New password set for Ana" in result.output
    assert NEW not in result.output
    assert ana.get("/").headers["Location"].startswith("/login")  # the old session is over
    assert login(app.test_client(), "Ana", NEW).status_code == 303
    assert login(app.test_client(), "Ana", PASSWORD).status_code == 401


def test_set_password_with_two_different_entries_changes_nothing(app, runner, users):
    result = runner.invoke(args=["set-password", "Ana"], input=f"{NEW}\n{NEW}x\n")
    assert result.exit_code != 0
    assert "do not match" in result.output
    assert login(app.test_client(), "Ana", PASSWORD).status_code == 303


@pytest.mark.parametrize("args, message", [
    (["set-password", "Zed", "--password", NEW], "There is no user named 'Zed'"),
    (["set-password", "Ana", "--password", "short"], "at least 8 characters"),
    (["unlock", "Zed"], "There is no user named 'Zed'"),
])
def test_the_account_commands_refuse_clearly_with_a_failing_exit_code(runner, users, args, message):
    result = runner.invoke(args=args)
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output


def test_set_password_lets_in_a_reviewer_a_snapshot_created_without_one(app, runner, db):
    store.reviewer_id_for(db, "Imported Ida")  # as import-snapshot creates a name it does not know
    assert login(app.test_client(), "Imported Ida", NEW).status_code == 401
    result = runner.invoke(args=["set-password", "Imported Ida", "--password", NEW])
    assert result.exit_code == 0, result.output
    assert login(app.test_client(), "Imported Ida", NEW).status_code == 303


def test_unlock_lets_a_locked_account_log_in(app, runner, db, users):
    lock(db, "Ben")
    assert login(app.test_client(), "Ben", PASSWORD).status_code == 401
    result = runner.invoke(args=["unlock", "Ben"])
    assert result.exit_code == 0, result.output
    assert "Unlocked Ben" in result.output
    assert login(app.test_client(), "Ben", PASSWORD).status_code == 303
    again = runner.invoke(args=["unlock", "Ben"])
    assert again.exit_code == 0 and "Ben was not locked" in again.output


def test_the_stand_in_hash_for_unknown_names_costs_what_a_real_password_costs():
    """A wrong name must take as long as a wrong password: same method and cost as the hashes accounts store."""
    from werkzeug.security import check_password_hash, generate_password_hash
    from annotator import accounts
    method = lambda stored: stored.split("$", 1)[0]  # noqa: E731
    assert method(accounts._DUMMY_HASH) == method(generate_password_hash("anything"))
    assert not check_password_hash(accounts._DUMMY_HASH, "")
