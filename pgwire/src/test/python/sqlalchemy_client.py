"""SQLAlchemy's inspector (every method of the PostgreSQL dialect's inspector, on every table), MetaData.reflect
of every table, and pandas read_sql and read_sql_table, over psycopg2. Usage: sqlalchemy_client.py PORT TABLES"""
import sys
import warnings

import pandas
import sqlalchemy
from check import check, done, equal

warnings.simplefilter("ignore")
port = int(sys.argv[1])
table_count = int(sys.argv[2])
engine = sqlalchemy.create_engine("postgresql+psycopg2://alice@127.0.0.1:%d/stripe" % port)
inspector = sqlalchemy.inspect(engine)

check("get_schema_names", lambda: equal(True, "stripe" in inspector.get_schema_names()))
tables = []
check("get_table_names", lambda: tables.extend(inspector.get_table_names()))
check("table count", lambda: equal(table_count, len(tables)))
check("get_view_names", lambda: equal([], inspector.get_view_names()))
check("get_sequence_names", lambda: equal([], inspector.get_sequence_names()))
check("get_foreign_table_names", lambda: equal([], inspector.get_foreign_table_names()))
check("get_enums", lambda: equal([], inspector.get_enums()))
check("get_sorted_table_and_fkc_names", lambda: inspector.get_sorted_table_and_fkc_names())
check("has_table", lambda: equal(True, inspector.has_table("charges")))
check("has_sequence", lambda: equal(False, inspector.has_sequence("charges_id_seq")))

# every method on tables of each kind (a top-level table, a child table keyed by its parent, a table of
# json and numeric columns); MetaData.reflect below reads every table with most of them
per_table = ["get_columns", "get_pk_constraint", "get_foreign_keys", "get_indexes", "get_unique_constraints",
             "get_check_constraints", "get_table_comment", "get_table_options", "get_table_oid"]
failed = {}
for table in ["charges", "customers", "invoice_lines", "subscription_items", "balance_transactions"]:
    for method in per_table:
        try:
            getattr(inspector, method)(table)
        except Exception as e:  # noqa: BLE001 - collected, reported below
            failed.setdefault(method, "%s: %s" % (table, str(e).splitlines()[0]))
for method in per_table:
    check(method, lambda m=method: equal(None, failed.get(m)))

check("charges' primary key", lambda: equal(["id"], inspector.get_pk_constraint("charges")["constrained_columns"]))
check("charges' foreign key to customers", lambda: equal(True, any(
    fk["referred_table"] == "customers" and fk["constrained_columns"] == ["customer"]
    for fk in inspector.get_foreign_keys("charges"))))
check("a column's type", lambda: equal("BIGINT", str(
    next(c for c in inspector.get_columns("charges") if c["name"] == "amount")["type"])))

metadata = sqlalchemy.MetaData()
check("MetaData.reflect of every table", lambda: metadata.reflect(engine))
check("reflected tables", lambda: equal(table_count, len(metadata.tables)))
check("pandas read_sql", lambda: equal(3, len(pandas.read_sql("SELECT id, amount, created FROM charges LIMIT 3",
                                                              engine))))
check("pandas read_sql with parameters", lambda: equal(1, len(pandas.read_sql(
    sqlalchemy.text("SELECT id FROM customers WHERE id = :id"), engine,
    params={"id": pandas.read_sql("SELECT id FROM customers LIMIT 1", engine)["id"][0]}))))
check("pandas read_sql_table", lambda: equal(True, len(pandas.read_sql_table("customers", engine)) > 0))
done()
