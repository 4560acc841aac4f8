// The bench's reference point: a bare DuckDB JSON read written to Parquet, nothing else.
import { DuckDBInstance } from '@duckdb/node-api';

const [input, output] = process.argv.slice(2);
const quote = (s) => `'${s.replace(/'/g, "''")}'`;
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
await connection.run(`COPY (SELECT * FROM read_json(${quote(input)})) TO ${quote(output)} (FORMAT parquet)`);
connection.closeSync();
instance.closeSync();
