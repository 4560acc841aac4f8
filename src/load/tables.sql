-- Tables owned by the load stage (docs/tables.md). IF NOT EXISTS: with --db they persist across runs.
CREATE TABLE IF NOT EXISTS inputs (
  path VARCHAR, sha256 VARCHAR, format VARCHAR,
  records BIGINT, loaded BIGINT, rejected BIGINT, duplicates BIGINT,
  loaded_at TIMESTAMP,
  compression VARCHAR,
  -- JSON object: canonical column -> source field the file was read with.
  mapping VARCHAR
);
CREATE TABLE IF NOT EXISTS quarantine (file VARCHAR, line BIGINT, reason VARCHAR, raw VARCHAR);
CREATE TABLE IF NOT EXISTS indicators (actor VARCHAR, type VARCHAR, value VARCHAR, ordinal INTEGER);
CREATE TABLE IF NOT EXISTS model_releases (model VARCHAR, released_at TIMESTAMP);
CREATE TABLE IF NOT EXISTS enforcement (account_id VARCHAR, action VARCHAR, "at" TIMESTAMP);
CREATE TABLE IF NOT EXISTS settings (name VARCHAR, value VARCHAR);
-- One run's directory walk: what was met and left alone.
CREATE OR REPLACE TEMP TABLE skipped_files (path VARCHAR, reason VARCHAR);
-- Turns a text or number into a UTC timestamp: epoch seconds, ms, µs or ns by magnitude,
-- else ISO-8601 with or without zone (the session time zone is UTC). NULL when unreadable.
CREATE OR REPLACE TEMP MACRO da_time(x) AS CASE
  WHEN TRY_CAST(x AS DOUBLE) IS NOT NULL THEN
    CASE WHEN abs(TRY_CAST(x AS DOUBLE)) < 1e11 THEN TRY_CAST(make_timestamp(CAST(round(TRY_CAST(x AS DOUBLE) * 1e6) AS BIGINT)) AS TIMESTAMP)
         WHEN abs(TRY_CAST(x AS DOUBLE)) < 1e14 THEN TRY_CAST(make_timestamp(CAST(round(TRY_CAST(x AS DOUBLE) * 1e3) AS BIGINT)) AS TIMESTAMP)
         WHEN abs(TRY_CAST(x AS DOUBLE)) < 1e17 THEN TRY_CAST(make_timestamp(CAST(round(TRY_CAST(x AS DOUBLE)) AS BIGINT)) AS TIMESTAMP)
         WHEN abs(TRY_CAST(x AS DOUBLE)) < 1e20 THEN TRY_CAST(make_timestamp(CAST(round(TRY_CAST(x AS DOUBLE) / 1e3) AS BIGINT)) AS TIMESTAMP)
    END
  ELSE CAST(TRY_CAST(x AS TIMESTAMPTZ) AS TIMESTAMP)
END;
-- An integer only when the value is a whole number in INTEGER range (12.0 yes, 12.5 and "true" no).
CREATE OR REPLACE TEMP MACRO da_int(x) AS CASE
  WHEN TRY_CAST(x AS DOUBLE) BETWEEN -2147483648 AND 2147483647 AND TRY_CAST(x AS DOUBLE) = floor(TRY_CAST(x AS DOUBLE))
  THEN CAST(TRY_CAST(x AS DOUBLE) AS INTEGER)
END;
