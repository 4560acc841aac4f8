-- Tables owned by the load stage (docs/tables.md). IF NOT EXISTS: with --db they persist across runs.
CREATE TABLE IF NOT EXISTS inputs (
  path VARCHAR, sha256 VARCHAR, format VARCHAR,
  records BIGINT, loaded BIGINT, rejected BIGINT, duplicates BIGINT,
  loaded_at TIMESTAMP,
  compression VARCHAR,
  -- JSON object: canonical column -> source field the file was read with.
  mapping VARCHAR
);
-- Added with export profiles; a database kept by an earlier version gains them.
ALTER TABLE inputs ADD COLUMN IF NOT EXISTS profile VARCHAR;
ALTER TABLE inputs ADD COLUMN IF NOT EXISTS caller VARCHAR;
ALTER TABLE inputs ADD COLUMN IF NOT EXISTS filtered BIGINT;
ALTER TABLE inputs ADD COLUMN IF NOT EXISTS paired BIGINT;
CREATE TABLE IF NOT EXISTS quarantine (file VARCHAR, line BIGINT, reason VARCHAR, raw VARCHAR);
CREATE TABLE IF NOT EXISTS indicators (actor VARCHAR, type VARCHAR, value VARCHAR, ordinal INTEGER);
-- The partner that shared an indicator (STIX producer or MISP organisation); NULL for the investigator's own.
ALTER TABLE indicators ADD COLUMN IF NOT EXISTS source VARCHAR;
CREATE TABLE IF NOT EXISTS model_releases (model VARCHAR, released_at TIMESTAMP);
CREATE TABLE IF NOT EXISTS enforcement (account_id VARCHAR, action VARCHAR, "at" TIMESTAMP);
CREATE TABLE IF NOT EXISTS settings (name VARCHAR, value VARCHAR);
-- One run's directory walk: what was met and left alone.
CREATE OR REPLACE TEMP TABLE skipped_files (path VARCHAR, reason VARCHAR);
-- Turns a trimmed text `x` (and `d`, the same text read as a number, computed once by the
-- caller) into a UTC timestamp: epoch seconds, ms, µs or ns by magnitude, else ISO-8601 with or
-- without zone (the session time zone is UTC). NULL when unreadable.
CREATE OR REPLACE TEMP MACRO da_time(x, d) AS CASE
  WHEN d IS NOT NULL THEN
    CASE WHEN abs(d) < 1e11 THEN TRY_CAST(make_timestamp(CAST(round(d * 1e6) AS BIGINT)) AS TIMESTAMP)
         WHEN abs(d) < 1e14 THEN TRY_CAST(make_timestamp(CAST(round(d * 1e3) AS BIGINT)) AS TIMESTAMP)
         WHEN abs(d) < 1e17 THEN TRY_CAST(make_timestamp(CAST(round(d) AS BIGINT)) AS TIMESTAMP)
         WHEN abs(d) < 1e20 THEN TRY_CAST(make_timestamp(CAST(round(d / 1e3) AS BIGINT)) AS TIMESTAMP)
    END
  ELSE CAST(TRY_CAST(x AS TIMESTAMPTZ) AS TIMESTAMP)
END;
-- An integer only when the number `d` is whole and in INTEGER range (12.0 yes, 12.5 and "true" no).
CREATE OR REPLACE TEMP MACRO da_int(d) AS CASE
  WHEN d BETWEEN -2147483648 AND 2147483647 AND d = floor(d) THEN CAST(d AS INTEGER)
END;
