// node-postgres against the stripe-sql PostgreSQL endpoint, for NodePgTest: one query with parameters
// (extended protocol, no parameter types: the server infers them), a named statement used twice, a query
// without parameters (simple protocol) and an error. Prints one JSON object.
const { Client } = require('pg');

async function main() {
  const client = new Client({
    host: '127.0.0.1',
    port: Number(process.env.PGPORT),
    user: process.env.PGUSER || 'alice',
    password: process.env.PGPASSWORD || 'x',
    database: 'stripe',
    // the users file's hashes use 210,000 PBKDF2 iterations; node-postgres stops at 100,000 unless told
    scramMaxIterations: Number(process.env.SCRAM_MAX_ITERATIONS || 100000),
  });
  await client.connect();
  const out = {};
  const params = await client.query(
    'SELECT id, amount, created FROM charges WHERE customer = $1 AND amount >= $2 AND created > $3 ORDER BY id',
    [process.env.CUSTOMER, 1000, new Date('2024-01-01T00:00:00Z')]);
  out.params = params.rows.map((r) => ({ id: r.id, amount: r.amount, created: r.created.toISOString() }));
  const named = [];
  for (let i = 0; i < 2; i++) {
    const r = await client.query({ name: 'by_customer', text: 'SELECT count(*) AS n FROM charges WHERE customer = $1',
      values: [process.env.CUSTOMER] });
    named.push(r.rows[0].n);
  }
  out.named = named;
  out.simple = (await client.query('SELECT count(*) AS n FROM customers')).rows[0].n;
  try {
    await client.query('SELECT * FROM nosuchtable WHERE x = $1', [1]);
  } catch (e) {
    out.error = { code: e.code, message: e.message };
  }
  await client.end();
  console.log(JSON.stringify(out));
}

main().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
