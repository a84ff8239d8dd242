"""The store keeps what it is given, scoped by user, on SQLite and PostgreSQL alike."""

import subprocess
import sys
import textwrap
import threading
import time
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect

import hamstrong.store.engine
from hamstrong.core.training_log import Checkin, SelfTest, SessionEntry, SetEntry, Symptom
from hamstrong.core.training_log import TestKind as Kind  # a Test* name would be collected
from hamstrong.core.vocab import Side
from hamstrong.errors import InvalidInput, NotFound
from hamstrong.settings import load_settings
from hamstrong.store import HEAD, MIGRATIONS, StoreUnavailable, open_store, repository
from hamstrong.store.repository import Account, SessionUser
from hamstrong.store.tables import Base

DAY = date(2024, 5, 6)
CEST = timezone(timedelta(hours=2))
FULL = SetEntry(
    day=DAY,
    exercise="nordic-curl",
    reps=6,
    kg=12.5,
    rpe=8.5,
    pain=2,
    side=Side.LEFT,
    warmup=True,
    source="strong",
    order=3,
    at=datetime(2024, 5, 6, 18, 30, 15, 250000, tzinfo=CEST),
    symptoms=(Symptom.SHARP, Symptom.BELOW_KNEE),
    key="strong:2024-05-06:nordic:3",
    name="Nordic Hamstring Curl",
    note="Left hamstring felt tight on the way down",
)
TABLES = {
    "users",
    "programmes",
    "session_moves",
    "sets",
    "checkins",
    "self_tests",
    "login_failures",
    "web_sessions",
    "password_resets",
    "form_checks",
    "training_sessions",
    "session_swaps",
    "kept_answers",
    "preparing",
}


def a_set(n: int, *, day: date = DAY, key: str | None = None, **fields) -> SetEntry:
    return SetEntry(day=day, exercise="rdl", reps=n, key=key, **fields)


def sync_url(url: str) -> str:
    """The URL for a test's own engine (the store rewrites postgresql:// the same way)."""
    return url.replace("postgresql://", "postgresql+psycopg://", 1)


def run_python(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


# Sets


def test_a_set_round_trips_every_field(store, user):
    set_id = store.add_set(user, FULL)

    (back,) = store.sets(user)
    assert back == FULL
    assert back.at.utcoffset() == timedelta(0)  # the same instant, given back in UTC
    assert store.set_ids(user) == [set_id]


def test_a_bare_set_round_trips_its_defaults(store, user):
    store.add_set(user, SetEntry(day=DAY, exercise="glute-bridge", reps=12))

    assert store.sets(user) == [SetEntry(day=DAY, exercise="glute-bridge", reps=12)]


def test_sets_come_back_by_day_then_time_then_entry_order(store, user):
    early = datetime(2024, 5, 6, 7, 0, tzinfo=UTC)
    store.add_set(user, a_set(1, day=DAY + timedelta(days=1)))
    store.add_set(user, a_set(2))
    store.add_set(user, a_set(3, at=early + timedelta(hours=1)))
    store.add_set(user, a_set(4, at=early))
    store.add_set(user, a_set(5))

    assert [s.reps for s in store.sets(user)] == [4, 3, 2, 5, 1]
    assert [s.reps for s in store.sets(user, since=DAY + timedelta(days=1))] == [1]
    assert len(store.set_ids(user)) == 5


def test_add_sets_twice_adds_nothing_the_second_time(store, user):
    batch = [a_set(n, key=f"import:{n}") for n in range(1, 11)]

    assert store.add_sets(user, batch) == 10
    assert store.add_sets(user, batch) == 0
    assert store.add_sets(user, [*batch, a_set(11, key="import:11")]) == 1
    assert [s.reps for s in store.sets(user)] == list(range(1, 12))


def test_add_sets_always_adds_sets_without_key_and_skips_repeats_within_a_batch(store, user):
    batch = [a_set(1), a_set(1), a_set(2, key="k"), a_set(3, key="k")]

    assert store.add_sets(user, batch) == 3
    assert store.add_sets(user, batch) == 2
    assert [s.reps for s in store.sets(user)] == [1, 1, 2, 1, 1]


def test_add_sets_crosses_chunks(store, user, monkeypatch):
    monkeypatch.setattr(repository, "_CHUNK", 7)
    batch = [a_set(n, key=str(n)) for n in range(30)]

    assert store.add_sets(user, batch) == 30
    assert store.add_sets(user, batch) == 0


def test_a_failure_mid_import_leaves_the_store_unchanged(store, user, monkeypatch):
    store.add_sets(user, [a_set(1, key="before")])
    before = store.sets(user)
    monkeypatch.setattr(repository, "_CHUNK", 5)  # so earlier chunks are already inserted
    check = repository._check_set  # every backend checks each set just before converting it

    def failing(entry, *, index=None, fine=None):
        if index == 12:
            raise RuntimeError("disk on fire")
        check(entry, index=index, fine=fine)

    monkeypatch.setattr(repository, "_check_set", failing)

    with pytest.raises(RuntimeError, match="disk on fire"):
        store.add_sets(user, [a_set(n, key=f"new:{n}") for n in range(20)])
    assert store.sets(user) == before


def test_a_set_that_does_not_fit_is_refused_on_every_backend(store, user):
    batch = [a_set(1, key="a"), SetEntry(day=DAY, exercise="x" * 121, reps=5)]

    with pytest.raises(InvalidInput) as refused:
        store.add_sets(user, batch)
    assert list(refused.value.problems) == ["set 2: exercise"]
    assert refused.value.problems == {"set 2: exercise": "must be at most 120 characters"}
    assert store.sets(user) == []


@pytest.mark.parametrize("field", ["note", "name", "key"])
def test_a_text_with_a_nul_is_refused_alike_on_every_backend(store, user, field):
    """PostgreSQL cannot store a NUL; SQLite could, so the store refuses it on both, with the
    character named, and keeps what it had."""
    store.add_set(user, a_set(1, key="kept"))
    before = store.sets(user)
    with pytest.raises(InvalidInput) as refused:
        store.add_sets(user, [a_set(2, key="new"), a_set(3, **{"key": "other", field: "a\x00b"})])
    assert refused.value.problems == {
        f"set 2: {field}": "must be plain text: remove the control character U+0000"
    }
    with pytest.raises(InvalidInput):
        store.add_set(user, a_set(4, **{field: "a\x00b"}))
    with pytest.raises(InvalidInput, match="U\\+0000"):
        store.finish_session(user, DAY, at=None, note="a\x00b")
    assert store.sets(user) == before
    assert store.session_entry(user, DAY) is None
    store.add_set(user, a_set(5, note="two lines\n\tand a tab"))  # plain text is kept as is
    assert store.sets(user)[-1].note == "two lines\n\tand a tab"


def test_a_time_without_zone_is_refused(store, user):
    with pytest.raises(InvalidInput, match="at: 2024-05-06T18:30:00 needs a time zone"):
        store.add_set(user, a_set(1, at=datetime(2024, 5, 6, 18, 30)))


def test_the_same_key_twice_through_add_set_is_refused(store, user):
    store.add_set(user, a_set(1, key="k"))

    with pytest.raises(InvalidInput, match="key 'k' is already logged"):
        store.add_set(user, a_set(2, key="k"))


def test_delete_set_deletes_only_that_set(store, user):
    first, second = store.add_set(user, a_set(1)), store.add_set(user, a_set(2))

    assert store.delete_set(user, first) is True
    assert store.delete_set(user, first) is False
    assert store.set_ids(user) == [second]


# Check-ins, self-tests, undo


def test_a_second_checkin_replaces_that_days(store, user):
    store.add_checkin(user, Checkin(DAY, 4))
    store.add_checkin(user, Checkin(DAY + timedelta(days=1), 1))
    store.add_checkin(user, Checkin(DAY, 2))

    assert store.checkins(user) == [Checkin(DAY, 2), Checkin(DAY + timedelta(days=1), 1)]


def test_self_tests_round_trip_in_day_order(store, user):
    later = SelfTest(DAY, Kind.AKE, 12.5, Side.RIGHT)
    earlier = SelfTest(DAY - timedelta(days=7), Kind.CHAIR_STAND, 14)

    assert store.add_test(user, later) != store.add_test(user, earlier)
    assert store.tests(user) == [earlier, later]


def test_undo_removes_the_newest_entry_of_any_kind(store, user):
    store.add_set(user, a_set(5, kg=20.0, side=Side.LEFT))
    store.add_checkin(user, Checkin(DAY, 3))
    store.add_test(user, SelfTest(DAY, Kind.AKE, 12))
    store.add_sets(user, [a_set(8), a_set(9)])
    store.add_checkin(user, Checkin(DAY, 1))  # replaced, so it is the newest again

    assert [store.undo(user) for _ in range(6)] == [
        "check-in for Mon 6 May 2024: pain 1/10",
        "set of rdl on Mon 6 May 2024: 9 reps",
        "set of rdl on Mon 6 May 2024: 8 reps",
        "self-test ake on Mon 6 May 2024: 12",
        "set of rdl on Mon 6 May 2024: 5 reps × 20 kg (left)",
        None,
    ]
    assert store.training_log(user).sets == ()
    store.set_unit(user, "lb")  # undo says the load in the user's unit
    store.add_set(user, a_set(5, kg=20.0))
    assert store.undo(user) == "set of rdl on Mon 6 May 2024: 5 reps × 44.1 lb"


def test_training_log_holds_everything_oldest_first(store, user):
    store.add_set(user, a_set(2, day=DAY))
    store.add_set(user, a_set(1, day=DAY - timedelta(days=2)))
    store.add_checkin(user, Checkin(DAY, 2))
    store.add_test(user, SelfTest(DAY, Kind.SIT_REACH, 9.5))

    log = store.training_log(user)

    assert [s.reps for s in log.sets] == [1, 2]
    assert log.checkins == (Checkin(DAY, 2),)
    assert log.tests == (SelfTest(DAY, Kind.SIT_REACH, 9.5),)


def test_a_snapshot_is_the_programme_moves_and_log_with_set_ids(store, user):
    other = store.create_user("b@example.com", "hash")
    assert store.snapshot(user).programme is None
    store.save_programme(user, profile={"level": "beginner"}, start=DAY, weeks=4)
    store.add_move(user, from_day=DAY, to_day=DAY + timedelta(days=1))
    ids = [store.add_set(user, a_set(n, day=DAY - timedelta(days=n))) for n in (1, 2)]
    store.add_set(other, a_set(9))
    store.add_checkin(user, Checkin(DAY, 2))
    store.add_test(user, SelfTest(DAY, Kind.SIT_REACH, 9.5))

    snapshot = store.snapshot(user)

    assert snapshot.programme == store.active_programme(user)
    assert list(snapshot.moves) == store.moves(user)
    assert snapshot.log == store.training_log(user)
    assert list(snapshot.set_ids) == store.set_ids(user) == ids[::-1]  # oldest day first


def test_a_snapshot_does_not_see_a_write_that_lands_while_it_reads(store, user, database_url):
    """Its parts agree: a set logged between two of its queries is in none of them."""
    store.save_programme(user, profile={"level": "beginner"}, start=DAY, weeks=4)
    store.add_set(user, a_set(1))
    engine = store._engine
    writes: list[int] = []

    def write_once(conn, cursor, statement, parameters, context, executemany):
        if "FROM programmes" in statement and not writes:
            with open_store(database_url) as elsewhere:  # another connection, another client
                writes.append(elsewhere.add_set(user, a_set(2)))

    from sqlalchemy import event

    event.listen(engine, "after_cursor_execute", write_once)
    try:
        snapshot = store.snapshot(user)
    finally:
        event.remove(engine, "after_cursor_execute", write_once)

    assert writes, "the write between the queries did not happen"
    assert [s.reps for s in snapshot.log.sets] == [1]
    assert [s.reps for s in store.snapshot(user).log.sets] == [1, 2]


# Users and programmes


def test_local_user_is_created_once(store):
    assert store.local_user() == store.local_user()


def test_web_users_are_found_by_email(store):
    user_id = store.create_user("ana@example.org", "hash")

    assert store.find_user_by_email("ana@example.org") == Account(user_id, "hash")
    assert store.find_user_by_email("bo@example.org") is None
    assert store.local_user() != user_id
    with pytest.raises(InvalidInput, match=r"email: ana@example\.org is already registered"):
        store.create_user("ana@example.org", "other")


def test_users_never_see_each_others_entries(store):
    ana, bo = store.create_user("ana@example.org", "h"), store.create_user("bo@example.org", "h")
    ana_set = store.add_set(ana, FULL)
    store.add_checkin(ana, Checkin(DAY, 3))
    store.add_test(ana, SelfTest(DAY, Kind.AKE, 10))
    store.save_programme(ana, profile={"level": "beginner"}, start=DAY, weeks=8)
    store.add_sets(bo, [a_set(1, key=FULL.key)])  # the same key is a different set for bo

    assert store.sets(bo) == [a_set(1, key=FULL.key)]
    assert store.checkins(bo) == []
    assert store.tests(bo) == []
    assert store.active_programme(bo) is None
    assert store.delete_set(bo, ana_set) is False
    assert store.undo(bo) == "set of rdl on Mon 6 May 2024: 1 rep"
    assert store.undo(bo) is None
    assert store.sets(ana) == [FULL]


def test_delete_user_removes_everything_of_theirs_only(store):
    ana, bo = store.create_user("ana@example.org", "h"), store.create_user("bo@example.org", "h")
    for user_id in (ana, bo):
        store.add_set(user_id, FULL)
        store.add_checkin(user_id, Checkin(DAY, 3))
        store.add_test(user_id, SelfTest(DAY, Kind.AKE, 10))
        store.save_programme(user_id, profile={}, start=DAY, weeks=4)
        store.finish_session(user_id, DAY, at=datetime(2024, 5, 6, 19, tzinfo=UTC), note="ok")

    store.delete_user(ana)
    assert store.session_entry(ana, DAY) is None
    assert store.session_entry(bo, DAY) is not None

    assert store.find_user_by_email("ana@example.org") is None
    assert store.training_log(ana).sets == store.training_log(ana).checkins == ()
    assert store.training_log(ana).tests == ()
    assert store.active_programme(ana) is None
    assert store.sets(bo) == [FULL]
    assert store.active_programme(bo) is not None
    with pytest.raises(NotFound, match="No user called"):
        store.add_set(ana, FULL)


def test_writes_for_an_unknown_user_are_refused(store):
    for write in (
        lambda: store.add_set(999, FULL),
        lambda: store.add_sets(999, [FULL]),
        lambda: store.add_checkin(999, Checkin(DAY, 1)),
        lambda: store.add_test(999, SelfTest(DAY, Kind.AKE, 10)),
        lambda: store.save_programme(999, profile={}, start=DAY, weeks=4),
    ):
        with pytest.raises(NotFound, match=r"No user called '999'\."):
            write()
    assert store.undo(999) is None
    assert store.delete_set(999, 1) is False


def test_the_newest_programme_is_the_active_one(store, user):
    assert store.active_programme(user) is None
    store.save_programme(user, profile={"level": "beginner"}, start=DAY, weeks=8)
    profile = {"level": "advanced", "days": ["mon", "thu"], "name": "Zoë"}
    store.save_programme(user, profile=profile, start=DAY + timedelta(days=7), weeks=6)

    saved = store.active_programme(user)
    saved_profile, start, weeks, saved_at = saved.profile, saved.start, saved.weeks, saved.saved_at

    assert (saved_profile, start, weeks) == (profile, DAY + timedelta(days=7), 6)
    assert saved_at.tzinfo is not None
    assert abs(datetime.now(UTC) - saved_at) < timedelta(minutes=5)


# Opening: migrations, concurrency, durability


def test_migrations_build_exactly_the_tables_of_tables_py(store, database_url):
    engine = create_engine(sync_url(database_url))
    try:
        with engine.connect() as connection:
            assert set(inspect(connection).get_table_names()) == {*TABLES, "alembic_version"}
            assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
            assert connection.exec_driver_sql("SELECT version_num FROM alembic_version").all() == [
                (HEAD,)
            ]
    finally:
        engine.dispose()


def test_head_names_the_newest_migration():
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))

    assert ScriptDirectory.from_config(config).get_heads() == [HEAD]


def test_reopening_runs_no_migration(store, user, database_url, monkeypatch):
    store.add_set(user, FULL)

    def no_upgrade(*args):
        raise AssertionError("migrated again")

    monkeypatch.setattr(hamstrong.store.engine, "_upgrade", no_upgrade)
    with open_store(database_url) as again:
        assert again.sets(again.local_user()) == [FULL]


def test_reopening_at_head_does_not_import_alembic(store, database_url):
    opened = run_python(
        """
        import sys
        from hamstrong.store import open_store
        open_store(sys.argv[1]).close()
        print("alembic" in sys.modules)
        """,
        database_url,
    )

    assert (opened.returncode, opened.stdout.strip()) == (0, "False"), opened.stderr


def test_two_processes_opening_a_fresh_database_at_once_both_succeed(database_url):
    child = """
        import sys, time
        from datetime import date
        from hamstrong.core.training_log import SetEntry
        from hamstrong.store import open_store
        import alembic.command, alembic.config  # so that the migrations, not imports, race
        time.sleep(max(0.0, float(sys.argv[2]) - time.time()))  # start together
        with open_store(sys.argv[1]) as store:
            user = store.local_user()
            store.add_set(user, SetEntry(day=date(2024, 5, 6), exercise="rdl", reps=5))
            print(user)
        """
    start_at = str(time.time() + 1.5)  # after both interpreters have started
    children = [
        subprocess.Popen(
            [sys.executable, "-c", textwrap.dedent(child), database_url, start_at],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    results = [(child.wait(timeout=60), *child.communicate()) for child in children]

    assert [code for code, _, _ in results] == [0] * 2, [err for _, _, err in results]
    assert len({out.strip() for _, out, _ in results}) == 1  # one local user for both
    with open_store(database_url) as store:
        assert len(store.sets(store.local_user())) == 2


def test_four_threads_opening_a_fresh_database_at_once_all_succeed(database_url):
    barrier, users, errors = threading.Barrier(4), [], []

    def open_and_log():
        try:
            barrier.wait()
            with open_store(database_url) as store:
                users.append(store.local_user())
        except Exception as error:  # reported below, with the thread's own traceback lost
            errors.append(error)

    threads = [threading.Thread(target=open_and_log, daemon=True) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert len(users) == 4 and len(set(users)) == 1


def test_an_acknowledged_set_survives_kill_9(store, database_url):
    killed = run_python(
        """
        import os, signal, sys
        from datetime import date
        from hamstrong.core.training_log import SetEntry
        from hamstrong.store import open_store
        store = open_store(sys.argv[1])
        store.add_set(store.local_user(), SetEntry(day=date(2024, 5, 6), exercise="rdl", reps=5))
        os.kill(os.getpid(), signal.SIGKILL)
        """,
        database_url,
    )

    assert killed.returncode == -9, killed.stderr
    assert [s.reps for s in store.sets(store.local_user())] == [5]


def test_an_in_memory_store_is_one_database_for_every_thread():
    with open_store("sqlite://") as store:
        user = store.local_user()
        worker = threading.Thread(target=store.add_set, args=(user, FULL))
        worker.start()
        worker.join()

        assert store.sets(user) == [FULL]


def test_sqlite_files_are_opened_in_wal_mode(tmp_path):
    path = tmp_path / "wal.db"
    with open_store(f"sqlite:///{path}") as store:
        store.local_user()

        assert Path(f"{path}-wal").exists()


def test_the_default_database_folder_is_created_when_the_store_opens(tmp_path):
    url = f"sqlite:///{tmp_path / 'not' / 'yet' / 'hamstrong.db'}"

    with open_store(url) as store:
        store.local_user()

    assert (tmp_path / "not" / "yet" / "hamstrong.db").exists()


@pytest.mark.parametrize(
    ("where", "why"),
    [
        ("{tmp}/a-file/x.db", "Cannot create the folder for the database {tmp}/a-file/x.db: "),
        ("{tmp}/notes.db", "Cannot open the database {tmp}/notes.db: file is not a database."),
        (
            "postgresql://postgres@127.0.0.1:1/x",
            "Cannot open the database postgresql://postgres@127.0.0.1:1/x: ",
        ),
    ],
    ids=["folder-is-a-file", "not-a-database", "no-server"],
)
def test_a_database_that_cannot_be_opened_says_where_and_why(tmp_path, where, why):
    (tmp_path / "a-file").write_text("not a folder")
    (tmp_path / "notes.db").write_text("shopping list: eggs, oats, more eggs, more oats\n" * 20)
    url = where.format(tmp=tmp_path)

    with pytest.raises(StoreUnavailable) as refused:
        open_store(url if "://" in url else f"sqlite:///{url}")
    assert str(refused.value).startswith(why.format(tmp=tmp_path))


def test_an_unsupported_url_is_invalid_input():
    with pytest.raises(InvalidInput, match="db: 'mysql://x/y': say sqlite:///"):
        open_store("mysql://x/y")


# Settings: which database the store opens


def test_settings_prefer_db_then_the_environment_then_the_data_folder():
    env = {"HAMSTRONG_DATABASE_URL": "postgresql://u@h/db", "HAMSTRONG_SECRET_KEY": "s3cret"}

    assert load_settings(env, db="sqlite:///x.db").database_url == "sqlite:///x.db"
    assert load_settings(env).database_url == "postgresql://u@h/db"
    assert load_settings(env).secret_key == "s3cret"
    default = load_settings({}).database_url
    assert default.startswith("sqlite:///") and default.endswith("/hamstrong.db")
    assert load_settings({}).secret_key is None


def test_settings_take_a_bare_path_as_a_sqlite_file(tmp_path):
    assert load_settings({}, db=str(tmp_path / "h.db")).database_url == (
        f"sqlite:///{tmp_path / 'h.db'}"
    )
    assert load_settings({}, db="postgres://u@h/db").database_url == "postgresql://u@h/db"


def test_settings_refuse_an_unsupported_scheme():
    with pytest.raises(InvalidInput) as refused:
        load_settings({"HAMSTRONG_DATABASE_URL": "mysql://u@h/db"})

    assert list(refused.value.problems) == ["db"]
    assert "sqlite:///" in str(refused.value) and "postgresql://" in str(refused.value)


def test_settings_do_not_create_the_data_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))

    load_settings({})

    assert not (tmp_path / "data").exists()


def test_set_password_hash_replaces_only_that_users(store):
    first = store.create_user("a@example.com", "hash-a")
    store.create_user("b@example.com", "hash-b")
    store.set_password_hash(first, "hash-a2")
    assert store.find_user_by_email("a@example.com") == Account(first, "hash-a2")
    assert store.find_user_by_email("b@example.com").password_hash == "hash-b"


def test_moves_belong_to_the_active_programme_and_its_user(store):
    first = store.local_user()
    other = store.create_user("b@example.com", "hash")
    for user in (first, other):
        store.save_programme(user, profile={"level": "beginner"}, start=date(2026, 12, 7), weeks=4)
    store.add_move(first, from_day=date(2026, 12, 9), to_day=date(2026, 12, 10))
    assert store.moves(first) == [(date(2026, 12, 9), date(2026, 12, 10))]
    assert store.moves(other) == []
    store.save_programme(first, profile={"level": "beginner"}, start=date(2026, 12, 14), weeks=4)
    assert store.moves(first) == []  # a new programme starts without the old moves
    store.delete_user(first)


def test_revoking_the_feed_bumps_only_that_users_version(store):
    first = store.create_user("a@example.com", "hash")
    other = store.create_user("b@example.com", "hash")
    before = (store.feed_version(first), store.feed_version(other))
    assert store.revoke_feed(first) == before[0] + 1
    assert (store.feed_version(first), store.feed_version(other)) == (before[0] + 1, before[1])
    assert store.feed_version(999_999) is None


def test_a_new_user_never_inherits_a_deleted_users_feed_version(store):
    """SQLite hands the newest deleted id to the next user; the feed must not follow it."""
    store.create_user("a@example.com", "hash")
    gone = store.create_user("b@example.com", "hash")
    old = store.feed_version(gone)
    store.delete_user(gone)
    newcomer = store.create_user("c@example.com", "hash")
    assert (newcomer, store.feed_version(newcomer)) != (gone, old)


def test_login_attempts_are_counted_per_key_in_the_window_and_forgotten(store):
    start = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    window = timedelta(minutes=15)
    for minutes in (0, 5):
        at = start + timedelta(minutes=minutes)
        store.record_login_attempt(["k1"], at=at, since=at - window)
    ids, counts = store.record_login_attempt(["k1", "k2"], at=start, since=start - window)
    assert counts == [3, 1]  # this attempt included
    store.forget_login_attempts(ids[:1])  # one that succeeded
    later = start + timedelta(minutes=21)  # forgets what is older than 15 minutes, any key
    assert store.record_login_attempt(["k1", "k2"], at=later, since=later - window)[1] == [1, 1]
    store.forget_login_attempts([], key="k1")
    assert store.record_login_attempt(["k1"], at=later, since=later - window)[1] == [1]


def test_sessions_are_live_until_ended_or_expired(store):
    now = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    ana = store.create_user("ana@example.com", "hash")
    bob = store.create_user("bob@example.com", "hash")
    for user, token in ((ana, "a1"), (ana, "a2"), (bob, "b1")):
        store.create_session(user, token, expires=now + timedelta(days=14), now=now)
    assert [store.session_user(t, now=now) for t in ("a1", "a2", "b1", "zz")] == [
        ana,
        ana,
        bob,
        None,
    ]
    assert store.session_user("a1", now=now + timedelta(days=15)) is None  # expired
    store.end_session("a1")
    assert store.session_user("a1", now=now) is None
    store.set_password_hash(ana, "hash2", keep_session="a2")  # ends her other sessions
    store.create_session(ana, "a3", expires=now + timedelta(days=1), now=now)
    store.set_password_hash(ana, "hash3", keep_session="a2")
    assert store.session_user("a3", now=now) is None and store.session_user("a2", now=now) == ana
    store.delete_user(ana)
    assert store.session_user("a2", now=now) is None
    assert store.session_user("b1", now=now) == bob  # nobody else's


def test_a_live_session_names_its_user_and_their_unit(store):
    now = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    ana = store.create_user("ana@example.com", "hash")
    store.set_unit(ana, "lb")
    store.create_session(ana, "a1", expires=now + timedelta(days=14), now=now)
    assert store.session_user_unit("a1", now=now) == SessionUser(user_id=ana, unit="lb")
    assert store.session_user_unit("a1", now=now + timedelta(days=15)) is None


def test_a_password_reset_link_works_once_before_it_expires(store):
    now = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    hour = timedelta(hours=1)
    ana = store.create_user("ana@example.com", "hash")
    bob = store.create_user("bob@example.com", "hash")
    store.create_session(ana, "a1", expires=now + timedelta(days=14), now=now)
    store.create_session(bob, "b1", expires=now + timedelta(days=14), now=now)
    store.create_password_reset(ana, "old", expires=now + hour, now=now)
    store.create_password_reset(ana, "r1", expires=now + hour, now=now)  # replaces "old"
    store.create_password_reset(bob, "r2", expires=now + hour, now=now)
    assert store.password_reset_user("old", now=now) is None
    assert store.password_reset_user("r1", now=now) == ana
    assert store.password_reset_user("r1", now=now + hour) is None  # expired
    assert store.use_password_reset("r1", "new", now=now + hour) is None
    assert store.password_hash(ana) == "hash"  # an expired link changes nothing
    assert store.use_password_reset("r1", "new", now=now) == ana
    assert store.password_hash(ana) == "new" and store.session_user("a1", now=now) is None
    assert store.use_password_reset("r1", "newer", now=now) is None  # used up
    assert store.password_hash(ana) == "new"
    assert store.session_user("b1", now=now) == bob  # nobody else's
    store.delete_user(bob)  # with a pending link
    assert store.password_reset_user("r2", now=now) is None


def test_replace_set_changes_one_set_in_place_keeping_its_id_and_key(store, user):
    other = store.create_user("b@example.com", "hash")
    keep = store.add_set(user, a_set(1))
    edit = store.add_set(user, a_set(2, key="mine"))
    theirs = store.add_set(other, a_set(3))
    store.add_set(user, a_set(4, key="taken"))

    assert store.replace_set(user, edit, a_set(9, note="felt easy")) is True
    assert dict(store.logged_sets(user))[edit] == a_set(9, key="mine", note="felt easy")
    assert store.set_ids(user) == [keep, edit, keep + 3]  # ids and order as they were
    assert sorted(s.reps for s in store.sets(user)) == [1, 4, 9]

    assert store.replace_set(user, theirs, a_set(7)) is False  # another user's set: untouched
    assert store.replace_set(user, 2**70, a_set(7)) is False  # no database holds such an id
    assert [s.reps for s in store.sets(other)] == [3]
    with pytest.raises(InvalidInput):  # the new values cannot be stored: the old ones stay
        store.replace_set(user, keep, a_set(8, key="taken"))
    assert sorted(s.reps for s in store.sets(user)) == [1, 4, 9]


def test_an_edited_set_keeps_its_place_for_undo(store, user):
    first = store.add_set(user, a_set(1))
    store.add_set(user, a_set(2))
    store.replace_set(user, first, a_set(5))
    assert store.undo(user) == "set of rdl on Mon 6 May 2024: 2 reps"  # the edit is not the newest


def test_a_session_keeps_its_first_start_its_latest_finish_and_its_note(store, user):
    start = datetime(2024, 5, 6, 18, 0, tzinfo=CEST)
    assert store.session_entry(user, DAY) is None
    assert store.start_session(user, DAY, at=start) == SessionEntry(DAY, started=start)
    store.start_session(user, DAY, at=start + timedelta(minutes=5))  # a second start: no change
    end = start + timedelta(minutes=41)
    store.finish_session(user, DAY, at=end, note="Strong today")
    assert store.session_entry(user, DAY) == SessionEntry(DAY, start, end, "Strong today")
    later = end + timedelta(minutes=10)
    store.finish_session(user, DAY, at=later, note=None)  # taken up again, note cleared
    assert store.session_entry(user, DAY) == SessionEntry(DAY, start, later, None)
    store.finish_session(user, DAY - timedelta(days=1), at=None, note="just a note")
    assert store.training_log(user).sessions == (
        SessionEntry(DAY - timedelta(days=1), note="just a note"),
        SessionEntry(DAY, start, later),
    )
    assert store.snapshot(user).log.sessions == store.training_log(user).sessions
    with pytest.raises(InvalidInput):
        store.finish_session(user, DAY, at=None, note="x" * 1001)
    with pytest.raises(NotFound):
        store.start_session(999, DAY, at=start)
