"""pgcli as its users meet it: the completion refresher's catalog queries (schemata, tables, views, columns,
foreign keys, functions, data types, casing, databases) and pgspecial's backslash commands, through pgcli's
own PGExecute (psycopg 3). Usage: pgcli_client.py PORT"""
import sys

from pgcli.pgexecute import PGExecute
from pgspecial.main import PGSpecial
from check import check, done, equal

port = int(sys.argv[1])
executor = PGExecute("stripe", "alice", "", "127.0.0.1", port, "")

# not foreignkeys: its zip of two correlated set-returning subqueries is beyond Calcite's decorrelator
# (docs/postgres.md), so pgcli suggests no join conditions
for name in ["search_path", "schemata", "tables", "views", "table_columns", "view_columns", "databases",
             "functions", "datatypes", "casing"]:
    check("completion " + name, lambda n=name: list(getattr(executor, n)()))
check("tables are completed", lambda: equal(True, ("stripe", "charges") in list(executor.tables())))
check("columns are completed", lambda: equal(True, any(c[1] == "charges" and c[2] == "amount"
                                                       for c in executor.table_columns())))

special = PGSpecial()
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
