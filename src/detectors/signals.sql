CREATE OR REPLACE TABLE signals (
  account_id VARCHAR, detector VARCHAR, strength DOUBLE, detail VARCHAR, rules VARCHAR[]
);
-- Linear ramp from lo (0) to hi (1), clamped: every strength below is built from these.
CREATE OR REPLACE TEMP MACRO ramp(x, lo, hi) AS least(1.0, greatest(0.0, (x - lo) / (hi - lo)));
CREATE OR REPLACE TEMP MACRO pct(x) AS round(100 * x)::BIGINT || '%';
CREATE OR REPLACE TEMP MACRO num(x) AS format('{:,}', round(x)::BIGINT);
