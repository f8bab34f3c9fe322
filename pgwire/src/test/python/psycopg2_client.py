"""psycopg2 as analysts use it: every parameter type (psycopg2 writes them into the SQL text), lists,
named (server-side) cursors, COPY with copy_expert, PostgreSQL's date, interval and json forms.
Usage: psycopg2_client.py PORT EXPECTED_STATUS_COUNTS_JSON"""
import datetime
import decimal
import io
import json
import sys

import psycopg2
import psycopg2.extras
from check import check, done, equal

port = int(sys.argv[1])
expected = json.loads(sys.argv[2])
conn = psycopg2.connect(host="127.0.0.1", port=port, dbname="stripe", user="alice")
conn.autocommit = True
cur = conn.cursor()


def one(sql, params=None):
    cur.execute(sql, params)
    return cur.fetchone()[0]


def _refused(sql, state):
    try:
        cur.execute(sql)
    except psycopg2.Error as e:
        equal(state, e.pgcode, sql)
        return
    raise AssertionError(sql + " was not refused")


utc = datetime.timezone.utc
values = {
    "str": "it's a \"test\"", "int": 42, "bigint": 2 ** 40, "float": 1.5, "decimal": decimal.Decimal("12.34"),
    "bool": True, "date": datetime.date(2026, 1, 1), "datetime": datetime.datetime(2026, 1, 2, 3, 4, 5),
    "datetime_micros": datetime.datetime(2026, 1, 2, 3, 4, 5, 123000),
    "datetime_aware": datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=utc),
    "timedelta": datetime.timedelta(days=3, hours=2), "none": None,
}
for name, value in values.items():
    def round_trip(v=value):
        got = one("SELECT %s", (v,))
        want = v.replace(tzinfo=None) if isinstance(v, datetime.datetime) else v
        if isinstance(got, datetime.datetime):
            got = got.replace(tzinfo=None)
        equal(want, got, "SELECT %s")
    check("parameter " + name, round_trip)
check("parameter list", lambda: equal([1, 2, 3], one("SELECT %s", ([1, 2, 3],))))
check("parameter text list", lambda: equal(["a", "b"], one("SELECT %s", (["a", "b"],))))
check("parameter dict as json", lambda: equal({"a": 1}, json.loads(one("SELECT %s::json", (psycopg2.extras.Json({"a": 1}),)))))

in_count = expected["succeeded"] + expected["pending"]
check("list with = ANY", lambda: equal(in_count, one("SELECT count(*) FROM charges WHERE status = ANY(%s)",
                                                     (["succeeded", "pending"],))))
check("tuple with IN", lambda: equal(in_count, one("SELECT count(*) FROM charges WHERE status IN %s",
                                                   (("succeeded", "pending"),))))
check("<> ALL", lambda: equal(expected["total"] - in_count,
                              one("SELECT count(*) FROM charges WHERE status <> ALL(%s)", (["succeeded", "pending"],))))
check("timestamp parameter filters", lambda: equal(
    one("SELECT count(*) FROM charges WHERE created > TIMESTAMP '2025-12-01 00:00:00'"),
    one("SELECT count(*) FROM charges WHERE created > %s", (datetime.datetime(2025, 12, 1),))))
check("aware timestamp parameter filters", lambda: equal(
    one("SELECT count(*) FROM charges WHERE created > TIMESTAMP '2025-12-01 00:00:00'"),
    one("SELECT count(*) FROM charges WHERE created > %s", (datetime.datetime(2025, 12, 1, tzinfo=utc),))))
check("interval parameter", lambda: equal(
    one("SELECT count(*) FROM charges WHERE created > TIMESTAMP '2026-01-01 00:00:00' - interval '30 days'"),
    one("SELECT count(*) FROM charges WHERE created > %s - %s",
        (datetime.datetime(2026, 1, 1), datetime.timedelta(days=30)))))


def named_cursor():
    with conn.cursor(name="customers_cursor") as c:
        c.itersize = 50
        c.execute("SELECT id FROM customers ORDER BY id")
        ids = [r[0] for r in c]
    equal(expected["customers"], len(ids), "rows through a named cursor")


conn.autocommit = False
check("named cursor", named_cursor)
conn.rollback()
conn.autocommit = True


def copy_csv():
    buf = io.StringIO()
    cur.copy_expert("COPY (SELECT id, status, amount FROM charges ORDER BY id) TO STDOUT WITH CSV HEADER", buf)
    lines = buf.getvalue().splitlines()
    equal("id,status,amount", lines[0], "CSV header")
    equal(expected["total"], len(lines) - 1, "CSV rows")


def copy_text():
    buf = io.StringIO()
    cur.copy_expert("COPY (SELECT id, description FROM charges ORDER BY id LIMIT 5) TO STDOUT", buf)
    equal(5, len(buf.getvalue().splitlines()), "text rows")


check("COPY TO STDOUT csv", copy_csv)
check("COPY TO STDOUT text", copy_text)
check("COPY FROM refused", lambda: _refused("COPY customers FROM STDIN", "25006"))


forms = {
    "interval literal": "SELECT count(*) FROM charges WHERE created > now() - interval '30 days'",
    "interval cast": "SELECT '1 day'::interval",
    "metabase relative date": "SELECT count(*) FROM charges WHERE created > NOW() + INTERVAL '-30 day'",
    "date minus days": "SELECT current_date - 30",
    "at time zone": "SELECT created AT TIME ZONE 'UTC' FROM charges LIMIT 1",
    "generate_series over timestamps":
        "SELECT count(*) FROM generate_series(timestamp '2026-01-01', timestamp '2026-01-05', interval '1 day')",
    "json ->>": "SELECT metadata->>'order_id' FROM charges LIMIT 1",
    "json ->": "SELECT metadata->'order_id' FROM charges LIMIT 1",
    "json_extract_path_text": "SELECT json_extract_path_text(metadata, 'order_id') FROM charges LIMIT 1",
    "distinct on": "SELECT DISTINCT ON (customer) customer, id FROM charges ORDER BY customer, created DESC",
    "percentile_cont": "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY amount) FROM charges",
    "bool::int": "SELECT sum(paid::int) FROM charges",
    "TABLE t": "TABLE customers",
    "unnest": "SELECT unnest(ARRAY[1, 2, 3])",
    "EXPLAIN": "EXPLAIN SELECT * FROM charges WHERE customer = 'cus_1'",
    "date_part named": "SELECT date_part('year', created) FROM charges LIMIT 1",
}
for name, sql in forms.items():
    check("form " + name, lambda s=sql: cur.execute(s))
check("generate_series rows", lambda: equal(5, one(forms["generate_series over timestamps"])))
check("percentile_cont value", lambda: equal(expected["median_amount"], one(forms["percentile_cont"])))
check("bool::int sum", lambda: equal(expected["paid"], one(forms["bool::int"])))
check("unnest rows", lambda: (cur.execute(forms["unnest"]), equal([(1,), (2,), (3,)], cur.fetchall())))
check("distinct on rows", lambda: (cur.execute(forms["distinct on"]), equal(expected["customers_with_charges"],
                                                                          len(cur.fetchall()))))


def column_names():
    cur.execute("SELECT date_part('year', created), count(*) FROM charges GROUP BY 1")
    equal(["date_part", "count"], [d.name for d in cur.description])


check("column names as PostgreSQL names them", column_names)
check("EXPLAIN is a QUERY PLAN", lambda: (cur.execute(forms["EXPLAIN"]), equal("QUERY PLAN", cur.description[0].name)))
check("1/0 is 22012", lambda: _refused("SELECT 1/0", "22012"))
done()
