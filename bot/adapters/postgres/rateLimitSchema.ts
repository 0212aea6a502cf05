/**
 * Schema version 6, the action rate limiter's part: its tables and `rate_limit_take`, the one statement a take is.
 * Applied text: never edit it; a change is a new migration (CREATE OR REPLACE FUNCTION).
 *
 * A function, so that a take is one round trip and still exact: it waits for the tenant's advisory lock, and each
 * statement after that sees what the take before it committed (a new snapshot per statement, in READ COMMITTED).
 * Times are the bot's Clock in milliseconds, passed in, never the server's now().
 */
export const ACTION_RATE_LIMIT_SQL = `
  -- One row per counted action and scope: a tenant ('t:<tenant>') or a person ('u:<tenant>:<person>').
  CREATE TABLE rate_limit_log (
    scope text   NOT NULL,
    at_ms bigint NOT NULL
  );
  CREATE INDEX rate_limit_log_by_scope ON rate_limit_log (scope, at_ms);
  -- Serves the sweep of rows long out of the window.
  CREATE INDEX rate_limit_log_by_time ON rate_limit_log (at_ms);

  -- Keys of counted actions ('u:<tenant>:<person>:<key>'): a repeat passes free while its key is remembered.
  CREATE TABLE rate_limit_keys (
    key   text   PRIMARY KEY,
    at_ms bigint NOT NULL
  );
  CREATE INDEX rate_limit_keys_by_time ON rate_limit_keys (at_ms);

  -- 0 when the action is allowed (and counted, unless its key was); else the milliseconds until the oldest entry
  -- that fills a window leaves it.
  CREATE FUNCTION rate_limit_take(
    p_tenant text, p_person text, p_key text, p_now bigint,
    p_per_person integer, p_per_tenant integer, p_window_ms bigint, p_key_memory_ms bigint
  ) RETURNS bigint LANGUAGE plpgsql AS $fn$
  DECLARE
    v_from bigint := p_now - p_window_ms;
    v_wait bigint := 0;
    v_at   bigint;
  BEGIN
    -- A tenant's takes (its people's too) one after another, on every instance; other tenants' go on.
    PERFORM pg_advisory_xact_lock(5262156, hashtext(current_schema() || ':' || p_tenant));
    IF p_key IS NOT NULL
       AND EXISTS (SELECT 1 FROM rate_limit_keys WHERE key = p_key AND at_ms > p_now - p_key_memory_ms) THEN
      RETURN 0;
    END IF;
    -- The limit-th most recent entry within the window: while it is there, the window is full until it leaves.
    -- A clock set back leaves later times in the log; they count until the window passes them.
    SELECT at_ms INTO v_at FROM rate_limit_log WHERE scope = p_person AND at_ms > v_from
      ORDER BY at_ms DESC OFFSET p_per_person - 1 LIMIT 1;
    IF FOUND THEN v_wait := v_at + p_window_ms - p_now; END IF;
    SELECT at_ms INTO v_at FROM rate_limit_log WHERE scope = p_tenant AND at_ms > v_from
      ORDER BY at_ms DESC OFFSET p_per_tenant - 1 LIMIT 1;
    IF FOUND THEN v_wait := greatest(v_wait, v_at + p_window_ms - p_now); END IF;
    IF v_wait > 0 THEN RETURN v_wait; END IF;

    INSERT INTO rate_limit_log (scope, at_ms) VALUES (p_person, p_now), (p_tenant, p_now);
    IF p_key IS NOT NULL THEN
      INSERT INTO rate_limit_keys (key, at_ms) VALUES (p_key, p_now)
        ON CONFLICT (key) DO UPDATE SET at_ms = excluded.at_ms;
    END IF;
    -- A few rows long past (a window more than needed, for instances whose clocks differ a little) go with each
    -- take, more than it adds; rows another take is sweeping are skipped, never waited for.
    DELETE FROM rate_limit_log WHERE ctid = ANY (ARRAY(
      SELECT ctid FROM rate_limit_log WHERE at_ms <= v_from - p_window_ms
      ORDER BY at_ms LIMIT 20 FOR UPDATE SKIP LOCKED));
    DELETE FROM rate_limit_keys WHERE key = ANY (ARRAY(
      SELECT key FROM rate_limit_keys WHERE at_ms <= p_now - 2 * p_key_memory_ms
      ORDER BY at_ms LIMIT 20 FOR UPDATE SKIP LOCKED));
    RETURN 0;
  END
  $fn$;
`;
