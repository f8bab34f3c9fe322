# One-off: turns the research's decoded wire transcripts (/work/research/pgwire/captures/*.wire.txt) into
# pgwire/src/test/resources/captured/flows.jsonl: per capture, the client's messages after login and, per
# Query and Sync (each answered by one ReadyForQuery), the server's first ErrorResponse SQLSTATE and the
# ReadyForQuery status, as PostgreSQL 15 answered.
import ast, json, re, glob, os
CAP = '/work/research/pgwire/captures'
INCLUDE = [
 'psql_01_dt','psql_02_dt_schema','psql_03_d_customers','psql_04_dplus_charges','psql_05_dn','psql_06_l',
 'psql_07_select_where','psql_08_groupby','psql_09_unknown_table','psql_11_d_all','psql_12_dplus_customers_verbose',
 'psql_13_dtplus','psql_14_d_charges',
 'odbc_01_connect','odbc_02_sqltables','odbc_03_sqlcolumns','odbc_05_large','odbc_06_error','odbc_07_isql_k_dsnless',
 'odbcc_catalogs','odbcc_columns','odbcc_connect','odbcc_connect_ansi','odbcc_error','odbcc_fkeys','odbcc_large',
 'odbcc_large_declarefetch','odbcc_pkeys','odbcc_schemas','odbcc_stats','odbcc_tables','odbcc_tabletypes',
 'odbcc_typeinfo','odbcc_txn','odbcc_param','odbcc_describe',
 'jdbc_connect','jdbc_connect_assumeMinServerVersion','jdbc_getCatalogs','jdbc_getColumns','jdbc_getExportedKeys',
 'jdbc_getFunctions','jdbc_getImportedKeys','jdbc_getIndexInfo','jdbc_getPrimaryKeys','jdbc_getSchemas',
 'jdbc_getTableTypes','jdbc_getTables','jdbc_getTablesAll','jdbc_getTypeInfo','jdbc_error','jdbc_txnerror',
 'jdbc_fetchsize','jdbc_fetchsizeAuto','jdbc_maxrows','jdbc_statement','jdbc_rsmd','zerotbl_jdbc_rsmd',
]
OIDS = {'16387': '{oid:customers}', '16394': '{oid:charges}', '16406': '{oid:events}'}
def lit(s):
    return ast.literal_eval(s)
def oids(sql):
    for k, v in OIDS.items():
        sql = re.sub(r'(?<![0-9])' + k + r'(?![0-9])', v, sql)
    return sql
out = []
for name in INCLUDE:
    steps = []
    pending = []
    started = False
    for line in open(f'{CAP}/{name}.wire.txt', encoding='utf-8'):
        m = re.match(r'\s*[0-9.]+ \[\d+\] ([CS]): (\w+) ?(.*)$', line.rstrip('\n'))
        if not m:
            continue
        side, kind, rest = m.groups()
        if side == 'S':
            if not started or not steps:
                continue
            if kind == 'ErrorResponse':
                pending[0].setdefault('error', re.search(r"C='([0-9A-Z]{5})'", rest).group(1))
            elif kind == 'ReadyForQuery':
                pending.pop(0)['ready'] = rest.strip()
            continue
        if kind in ('StartupMessage', 'SSLRequest', 'SASLInitialResponse', 'SASLResponse', 'Terminate'):
            continue
        started = True
        if kind == 'Query':
            steps.append({'msg': 'Q', 'sql': oids(lit(rest))})
            pending.append(steps[-1])
        elif kind == 'Parse':
            p = re.match(r"stmt=('(?:[^'\\]|\\.)*'|\"[^\"]*\") paramTypes=(\[[^\]]*\]) query=(.*)$", rest)
            steps.append({'msg': 'P', 'name': lit(p.group(1)), 'types': lit(p.group(2)), 'sql': oids(lit(p.group(3)))})
        elif kind == 'Bind':
            p = re.match(r"portal=('[^']*') stmt=('[^']*') paramFormats=(\[[^\]]*\]) params=(\[.*\]) resultFormats=(\[[^\]]*\])$", rest)
            params = lit(p.group(4))
            steps.append({'msg': 'B', 'portal': lit(p.group(1)), 'name': lit(p.group(2)), 'formats': lit(p.group(3)),
                          'params': [None if x is None else (x.hex() if isinstance(x, bytes) else oids(x)) for x in params],
                          'binary': any(isinstance(x, bytes) for x in params), 'resultFormats': lit(p.group(5))})
        elif kind == 'Describe':
            k, n = rest.split(' ', 1)
            steps.append({'msg': 'D', 'kind': k, 'name': lit(n)})
        elif kind == 'Execute':
            p = re.match(r"portal=('[^']*') maxRows=(\d+)", rest)
            steps.append({'msg': 'E', 'portal': lit(p.group(1)), 'maxRows': int(p.group(2))})
        elif kind == 'Close':
            k, n = rest.split(' ', 1)
            steps.append({'msg': 'C', 'kind': k, 'name': lit(n)})
        elif kind == 'Sync':
            steps.append({'msg': 'S'})
            pending.append(steps[-1])
        else:
            raise SystemExit(f'{name}: unknown client message {kind}')
    out.append({'capture': name, 'steps': steps})
with open('/work/wt/pg-wire/pgwire/src/test/resources/captured/flows.jsonl', 'w', encoding='utf-8') as f:
    for o in out:
        f.write(json.dumps(o, ensure_ascii=False) + '\n')
print(len(out), 'captures,', sum(len(o['steps']) for o in out), 'steps')
