from pandawatch.store.db import Store
from pandawatch.store.schema import Migration


def test_migrations_apply_once_and_in_order(tmp_path):
    path = tmp_path / "kb.sqlite"
    migrations = [Migration("one", "CREATE TABLE a (x);"), Migration("two", "CREATE TABLE b (y); INSERT INTO b VALUES (1);")]
    with Store(path, migrations) as store:
        assert store.db["b"].count == 1
    with Store(path, migrations + [Migration("three", "INSERT INTO b VALUES (2);")]) as store:
        assert store.db["b"].count == 2
        assert [row["name"] for row in store.db["_migrations"].rows] == ["one", "two", "three"]


def test_a_failed_transaction_leaves_nothing(tmp_path):
    with Store(tmp_path / "kb.sqlite", [Migration("t", "CREATE TABLE t (x);")]) as store:
        try:
            with store.transaction() as conn:
                conn.execute("INSERT INTO t VALUES (1)")
                raise RuntimeError("killed half way")
        except RuntimeError:
            pass
        assert store.db["t"].count == 0
