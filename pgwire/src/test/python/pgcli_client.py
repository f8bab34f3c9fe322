"""pgcli as its users meet it: the completion refresher's catalog queries (schemata, tables, views, columns,
foreign keys, functions, data types, casing, databases) and pgspecial's backslash commands, through pgcli's
own PGExecute (psycopg 3). Usage: pgcli_client.py PORT"""
import sys
import threading

from pgcli.completion_refresher import CompletionRefresher
from pgcli.pgexecute import PGExecute
from pgspecial.main import PGSpecial
from check import check, done, equal

port = int(sys.argv[1])
executor = PGExecute("stripe", "alice", "", "127.0.0.1", port, "")

for name in ["search_path", "schemata", "tables", "views", "table_columns", "view_columns", "foreignkeys",
             "databases", "functions", "datatypes", "casing"]:
    check("completion " + name, lambda n=name: list(getattr(executor, n)()))
check("tables are completed", lambda: equal(True, ("stripe", "charges") in list(executor.tables())))
check("columns are completed", lambda: equal(True, any(c[1] == "charges" and c[2] == "amount"
                                                       for c in executor.table_columns())))

check("foreign keys are completed (join conditions)", lambda: equal(True, any(
    f.childtable == "charges" and f.childcolumn == "customer" and f.parenttable == "customers"
    and f.parentcolumn == "id" for f in executor.foreignkeys())))

special = PGSpecial()


def refreshed():
    # what pgcli itself does at start: every refresher in a background thread, then the callback with the
    # completer; a refresher that raises (foreignkeys did) ends the thread and pgcli completes nothing
    got = []
    ready = threading.Event()
    CompletionRefresher().refresh(executor, special, lambda c: (got.append(c), ready.set()))
    if not ready.wait(600):
        raise AssertionError("the completion refresher never called back")
    return got[0].dbmetadata["tables"]


check("pgcli's completion refresher completes", lambda: equal(True, "charges" in refreshed()["stripe"]))

for command in ["\\dt", "\\dt+", "\\d charges", "\\d+ customers", "\\dn", "\\l", "\\du", "\\dp", "\\df", "\\dT",
                "\\di", "\\dv", "\\ds", "\\dx"]:
    def run(c=command):
        for title, rows, headers, status, sql, success, is_special in executor.run(c, pgspecial=special):
            if not success:
                raise AssertionError(str(status).splitlines()[0])
            if rows is not None:
                list(rows)
    check("pgspecial " + command, run)


def listed(command):
    out = []
    for title, rows, headers, status, sql, success, is_special in executor.run(command, pgspecial=special):
        out.extend(list(rows or []))
    return out


# \dt sends relkind = ANY(ARRAY['r','p']): it listed nothing while ANY compared padded CHAR values
check("\\dt lists charges", lambda: equal(True, any(r[1] == "charges" for r in listed("\\dt"))))
check("\\d charges lists its columns", lambda: equal(True, any(r[0] == "amount" for r in listed("\\d charges"))))
done()
