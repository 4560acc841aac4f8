// The bench's reference point: a bare DuckDB read of the file (read_json, or read_csv for a .csv)
// written to Parquet, nothing else.
import { DuckDBInstance } from '@duckdb/node-api';

const [input, output] = process.argv.slice(2);
const quote = (s) => `'${s.replace(/'/g, "''")}'`;
const read = input.endsWith('.csv') ? `read_csv(${quote(input)})` : `read_json(${quote(input)})`;
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
await connection.run(`COPY (SELECT * FROM ${read}) TO ${quote(output)} (FORMAT parquet)`);
connection.closeSync();
instance.closeSync();
