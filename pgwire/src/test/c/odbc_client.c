/*
 * A small ODBC client for OdbcTest: connects with a DSN-less connection string (argv[1]) through the
 * driver manager (unixODBC) and does one action (argv[2]), printing one line per row, fields joined by '|'.
 *   tables            SQLTables for schema stripe: TABLE_NAME
 *   columns TABLE     SQLColumns: COLUMN_NAME|DATA_TYPE|TYPE_NAME
 *   pkeys TABLE       SQLPrimaryKeys: COLUMN_NAME|KEY_SEQ|PK_NAME
 *   fkeys TABLE       SQLForeignKeys of the table's foreign keys: FKCOLUMN_NAME|PKTABLE_NAME|PKCOLUMN_NAME
 *   param CUSTOMER N  SQLPrepare + SQLBindParameter (VARCHAR, BIGINT) + SQLExecute, twice with the same values
 *   count SQL         SQLExecDirect, fetch every row, print the row count
 * On an error it prints the SQLSTATE and message to stderr and exits 1.
 * Build: gcc -o odbc_client odbc_client.c -lodbc
 */
#include <sql.h>
#include <sqlext.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void fail(SQLSMALLINT type, SQLHANDLE h, const char *what) {
  SQLCHAR state[6], msg[1024];
  SQLINTEGER native;
  SQLSMALLINT len;
  if (SQLGetDiagRec(type, h, 1, state, &native, msg, sizeof msg, &len) == SQL_SUCCESS) {
    fprintf(stderr, "%s failed: SQLSTATE %s: %s\n", what, state, msg);
  } else {
    fprintf(stderr, "%s failed\n", what);
  }
  exit(1);
}

#define CHECK(rc, type, h, what) if (!SQL_SUCCEEDED(rc)) fail(type, h, what)

static void print_rows(SQLHSTMT st, int *wanted, int nwanted) {
  SQLSMALLINT cols;
  SQLNumResultCols(st, &cols);
  SQLRETURN rc;
  while ((rc = SQLFetch(st)) != SQL_NO_DATA) {
    CHECK(rc, SQL_HANDLE_STMT, st, "SQLFetch");
    for (int i = 0; i < nwanted; i++) {
      char buf[4096];
      SQLLEN ind;
      CHECK(SQLGetData(st, wanted[i], SQL_C_CHAR, buf, sizeof buf, &ind), SQL_HANDLE_STMT, st, "SQLGetData");
      printf("%s%s", i ? "|" : "", ind == SQL_NULL_DATA ? "NULL" : buf);
    }
    printf("\n");
  }
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: odbc_client CONNECTION-STRING tables|columns T|param C N|count SQL\n");
    return 2;
  }
  SQLHENV env;
  SQLHDBC dbc;
  SQLHSTMT st;
  SQLAllocHandle(SQL_HANDLE_ENV, SQL_NULL_HANDLE, &env);
  SQLSetEnvAttr(env, SQL_ATTR_ODBC_VERSION, (void *) SQL_OV_ODBC3, 0);
  SQLAllocHandle(SQL_HANDLE_DBC, env, &dbc);
  SQLCHAR out[1024];
  SQLSMALLINT outlen;
  CHECK(SQLDriverConnect(dbc, NULL, (SQLCHAR *) argv[1], SQL_NTS, out, sizeof out, &outlen, SQL_DRIVER_NOPROMPT),
      SQL_HANDLE_DBC, dbc, "SQLDriverConnect");
  CHECK(SQLAllocHandle(SQL_HANDLE_STMT, dbc, &st), SQL_HANDLE_DBC, dbc, "SQLAllocHandle");
  if (strcmp(argv[2], "tables") == 0) {
    CHECK(SQLTables(st, NULL, 0, (SQLCHAR *) "stripe", SQL_NTS, (SQLCHAR *) "%", SQL_NTS, (SQLCHAR *) "TABLE", SQL_NTS),
        SQL_HANDLE_STMT, st, "SQLTables");
    int wanted[] = {3};
    print_rows(st, wanted, 1);
  } else if (strcmp(argv[2], "columns") == 0 && argc > 3) {
    CHECK(SQLColumns(st, NULL, 0, (SQLCHAR *) "stripe", SQL_NTS, (SQLCHAR *) argv[3], SQL_NTS, (SQLCHAR *) "%", SQL_NTS),
        SQL_HANDLE_STMT, st, "SQLColumns");
    int wanted[] = {4, 5, 6};
    print_rows(st, wanted, 3);
  } else if (strcmp(argv[2], "pkeys") == 0 && argc > 3) {
    CHECK(SQLPrimaryKeys(st, NULL, 0, (SQLCHAR *) "stripe", SQL_NTS, (SQLCHAR *) argv[3], SQL_NTS),
        SQL_HANDLE_STMT, st, "SQLPrimaryKeys");
    int wanted[] = {4, 5, 6};
    print_rows(st, wanted, 3);
  } else if (strcmp(argv[2], "fkeys") == 0 && argc > 3) {
    CHECK(SQLForeignKeys(st, NULL, 0, NULL, 0, NULL, 0, NULL, 0, (SQLCHAR *) "stripe", SQL_NTS, (SQLCHAR *) argv[3],
        SQL_NTS), SQL_HANDLE_STMT, st, "SQLForeignKeys");
    int wanted[] = {8, 3, 4};
    print_rows(st, wanted, 3);
  } else if (strcmp(argv[2], "param") == 0 && argc > 4) {
    CHECK(SQLPrepare(st, (SQLCHAR *) "SELECT id, amount FROM charges WHERE customer = ? AND amount >= ? ORDER BY id",
        SQL_NTS), SQL_HANDLE_STMT, st, "SQLPrepare");
    SQLLEN customer_len = SQL_NTS, amount_len = 0;
    SQLBIGINT amount = atoll(argv[4]);
    CHECK(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR, 64, 0, argv[3], 0, &customer_len),
        SQL_HANDLE_STMT, st, "SQLBindParameter 1");
    CHECK(SQLBindParameter(st, 2, SQL_PARAM_INPUT, SQL_C_SBIGINT, SQL_BIGINT, 0, 0, &amount, 0, &amount_len),
        SQL_HANDLE_STMT, st, "SQLBindParameter 2");
    for (int run = 0; run < 2; run++) {
      CHECK(SQLExecute(st), SQL_HANDLE_STMT, st, "SQLExecute");
      int wanted[] = {1, 2};
      print_rows(st, wanted, 2);
      SQLCloseCursor(st);
      printf("--\n");
    }
  } else if (strcmp(argv[2], "count") == 0 && argc > 3) {
    CHECK(SQLExecDirect(st, (SQLCHAR *) argv[3], SQL_NTS), SQL_HANDLE_STMT, st, "SQLExecDirect");
    long n = 0;
    SQLRETURN rc;
    while ((rc = SQLFetch(st)) != SQL_NO_DATA) {
      CHECK(rc, SQL_HANDLE_STMT, st, "SQLFetch");
      n++;
    }
    printf("%ld\n", n);
  } else {
    fprintf(stderr, "unknown action %s\n", argv[2]);
    return 2;
  }
  SQLFreeHandle(SQL_HANDLE_STMT, st);
  SQLDisconnect(dbc);
  SQLFreeHandle(SQL_HANDLE_DBC, dbc);
  SQLFreeHandle(SQL_HANDLE_ENV, env);
  return 0;
}
