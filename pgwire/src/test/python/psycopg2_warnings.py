"""psycopg2 receives the warning of a connected account SkipUnreadableAccounts left out in conn.notices, once per
statement that left it out. Usage: psycopg2_warnings.py PORT LEFT_OUT_ACCOUNT KEPT_ACCOUNT"""
import sys

import psycopg2
from check import check, done, equal

port, gone, kept = int(sys.argv[1]), sys.argv[2], sys.argv[3]
conn = psycopg2.connect(host="127.0.0.1", port=port, dbname="stripe", user="alice")
conn.autocommit = True
cur = conn.cursor()
said = "WARNING:  connected account %s left out of the statement: " % gone


def simple_query():
    del conn.notices[:]
    cur.execute("SELECT account, count(*) FROM charges GROUP BY account")
    equal([kept], [r[0] for r in cur.fetchall()], "accounts")
    equal(1, len(conn.notices), "notices %r" % conn.notices)
    if not conn.notices[0].startswith(said) or "does not have access to account" not in conn.notices[0]:
        raise AssertionError(conn.notices[0])


def each_statement_says_it():
    del conn.notices[:]
    for _ in range(2):
        cur.execute("SELECT count(*) FROM customers WHERE account = %s OR account = %s", (gone, kept))
        cur.fetchall()
    equal(2, len(conn.notices), "notices %r" % conn.notices)


def none_without_a_refused_account():
    del conn.notices[:]
    cur.execute("SELECT count(*) FROM customers WHERE account = %s", (kept,))
    cur.fetchall()
    equal([], conn.notices)


check("warning of a simple query", simple_query)
check("a warning per statement", each_statement_says_it)
check("no warning when the refused account is not read", none_without_a_refused_account)
done()
