"""psycopg 3 as analysts use it: every parameter type sent as a typed parameter, in text and in binary,
lists as arrays (= ANY), named cursors (DECLARE and FETCH through the extended protocol), COPY TO STDOUT,
statements ending in ';'. Usage: psycopg3_client.py PORT EXPECTED_JSON"""
import datetime
import decimal
import json
import sys

import psycopg
from psycopg.types.json import Json
from check import check, done, equal

port = int(sys.argv[1])
expected = json.loads(sys.argv[2])
conn = psycopg.connect("host=127.0.0.1 port=%d dbname=stripe user=alice" % port, autocommit=True)

utc = datetime.timezone.utc
values = {
    "str": "it's a \"test\"", "int": 42, "bigint": 2 ** 40, "float": 1.5, "decimal": decimal.Decimal("12.34"),
    "bool": True, "date": datetime.date(2026, 1, 1), "datetime": datetime.datetime(2026, 1, 2, 3, 4, 5),
    "datetime_millis": datetime.datetime(2026, 1, 2, 3, 4, 5, 123000),
    "datetime_aware": datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=utc),
    "timedelta": datetime.timedelta(days=3, hours=2), "list": [1, 2, 3], "text_list": ["a", "b"], "none": None,
}


def echoed(v):
    """What PostgreSQL answers SELECT %s with: a list of str is sent untyped, so it comes back as text."""
    if isinstance(v, list) and v and isinstance(v[0], str):
        return "{" + ",".join(v) + "}"
    return normalised(v)


def normalised(v):
    if isinstance(v, datetime.datetime):
        return v.replace(tzinfo=None)
    if isinstance(v, decimal.Decimal):
        return v.normalize()
    return v


for binary in (False, True):
    mode = "binary" if binary else "text"
    for name, value in values.items():
        def round_trip(v=value, b=binary):
            got = conn.cursor(binary=b).execute("SELECT %s", (v,)).fetchone()[0]
            equal(echoed(v), normalised(got), "SELECT %s")
        check("parameter %s (%s)" % (name, mode), round_trip)
    check("parameter dict as json (%s)" % mode, lambda b=binary: equal({"a": 1}, json.loads(
        str(conn.cursor(binary=b).execute("SELECT %s::text", (Json({"a": 1}),)).fetchone()[0]))))

in_count = expected["succeeded"] + expected["pending"]


def one(sql, params=()):
    return conn.execute(sql, params).fetchone()[0]


check("list with = ANY", lambda: equal(in_count, one("SELECT count(*) FROM charges WHERE status = ANY(%s)",
                                                     (["succeeded", "pending"],))))
check("ids with = ANY", lambda: equal(2, one("SELECT count(*) FROM charges WHERE id = ANY(%s)",
                                             (expected["two_charges"],))))
check("timestamp parameter filters", lambda: equal(
    one("SELECT count(*) FROM charges WHERE created > TIMESTAMP '2025-12-01 00:00:00'"),
    one("SELECT count(*) FROM charges WHERE created > %s", (datetime.datetime(2025, 12, 1, tzinfo=utc),))))
check("interval parameter", lambda: equal(
    one("SELECT count(*) FROM charges WHERE created > TIMESTAMP '2026-01-01 00:00:00' - interval '30 days'"),
    one("SELECT count(*) FROM charges WHERE created > %s - %s",
        (datetime.datetime(2026, 1, 1), datetime.timedelta(days=30)))))
check("statement ending in ;", lambda: equal(expected["customers"], one("SELECT count(*) FROM customers;")))


def named_cursor():
    with conn.transaction():
        with conn.cursor(name="customers_cursor") as c:
            c.itersize = 40
            c.execute("SELECT id FROM customers ORDER BY id")
            first = c.fetchmany(3)
            equal(3, len(first), "fetchmany")
            rest = c.fetchall()
    equal(expected["customers"], len(first) + len(rest), "rows through a named cursor")


check("named cursor", named_cursor)


def copy_rows():
    with conn.cursor() as cur:
        with cur.copy("COPY (SELECT id, status FROM charges ORDER BY id) TO STDOUT") as copy:
            rows = list(copy.rows())
    equal(expected["total"], len(rows), "COPY rows")


def copy_csv():
    with conn.cursor() as cur:
        with cur.copy("COPY (SELECT id, amount FROM charges ORDER BY id) TO STDOUT (FORMAT csv, HEADER)") as copy:
            data = b"".join(bytes(b) for b in copy).decode()
    equal("id,amount", data.splitlines()[0], "header")
    equal(expected["total"], len(data.splitlines()) - 1, "CSV rows")


check("COPY TO STDOUT rows", copy_rows)
check("COPY TO STDOUT csv", copy_csv)
done()
