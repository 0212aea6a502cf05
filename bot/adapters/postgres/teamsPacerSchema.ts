/**
 * Schema version 6, the Teams pacer's part: what every instance has sent into which chat and tenant, the turns
 * handed out, and Teams' 429 holds, with `pacer_turn`, `pacer_throttled` and `pacer_settled`, each one statement.
 * Applied text: never edit it; a change is a new migration (CREATE OR REPLACE FUNCTION).
 *
 * The same rules as InMemoryTeamsPacer (bot/adapters/rateLimit/teamsPacer.ts), which documents them; the limits and
 * spacings are passed in by the caller. A turn locks its tenant's lane row, then its chat's (every function takes
 * them in that order), so the sends of one tenant are decided one after another whichever instance makes them.
 * Times are the bot's Clock in milliseconds, passed in.
 */
export const TEAMS_PACER_SQL = `
  -- A lane: a tenant ('t:<tenant>'), a chat ('c:<tenant>:<person>'), or every chat ('*'). tail: the latest turn
  -- handed out to a message waiting there (0: none); hold: nothing goes before then (Teams answered 429).
  CREATE TABLE pacer_lanes (
    lane text   PRIMARY KEY,
    tail bigint NOT NULL DEFAULT 0,
    hold bigint NOT NULL DEFAULT 0
  );
  -- What was sent, per lane (a send is in its chat's lane and its tenant's).
  CREATE TABLE pacer_sends (
    lane  text   NOT NULL,
    at_ms bigint NOT NULL
  );
  CREATE INDEX pacer_sends_by_lane ON pacer_sends (lane, at_ms);
  CREATE INDEX pacer_sends_by_time ON pacer_sends (at_ms);
  -- Outbox message id -> the turn it was given.
  CREATE TABLE pacer_waiting (
    id      bigint PRIMARY KEY,
    turn_at bigint NOT NULL
  );
  CREATE INDEX pacer_waiting_by_time ON pacer_waiting (turn_at);
  -- Chats Teams refused (429), with their tenant lane and until when.
  CREATE TABLE pacer_throttles (
    chat     text   PRIMARY KEY,
    tenant   text   NOT NULL,
    until_ms bigint NOT NULL
  );

  -- When one more send fits every limit of a lane (counts[i] in windows[i]): p_now or earlier if it fits now.
  CREATE FUNCTION pacer_opens_at(p_lane text, p_counts integer[], p_windows bigint[], p_now bigint)
  RETURNS bigint LANGUAGE plpgsql AS $fn$
  DECLARE
    v_opens bigint := 0;
    v_at    bigint;
  BEGIN
    FOR i IN 1 .. coalesce(array_length(p_counts, 1), 0) LOOP
      -- The count-th most recent send within the window must leave it before another fits.
      SELECT at_ms INTO v_at FROM pacer_sends WHERE lane = p_lane AND at_ms > p_now - p_windows[i]
        ORDER BY at_ms DESC OFFSET p_counts[i] - 1 LIMIT 1;
      IF FOUND THEN v_opens := greatest(v_opens, v_at + p_windows[i]); END IF;
    END LOOP;
    RETURN v_opens;
  END
  $fn$;

  -- Locks and returns a lane, made if new.
  CREATE FUNCTION pacer_lane(p_lane text) RETURNS pacer_lanes LANGUAGE plpgsql AS $fn$
  DECLARE
    v pacer_lanes;
  BEGIN
    INSERT INTO pacer_lanes (lane) VALUES (p_lane)
      ON CONFLICT (lane) DO UPDATE SET lane = excluded.lane
      RETURNING * INTO v;
    RETURN v;
  END
  $fn$;

  -- 0: the message may be sent now (counted as sent); else the time it should be offered again.
  CREATE FUNCTION pacer_turn(
    p_id bigint, p_chat text, p_tenant text, p_now bigint,
    p_chat_counts integer[], p_chat_windows bigint[], p_tenant_counts integer[], p_tenant_windows bigint[],
    p_chat_spacing bigint, p_tenant_spacing bigint, p_memory_ms bigint
  ) RETURNS bigint LANGUAGE plpgsql AS $fn$
  DECLARE
    v_tenant pacer_lanes := pacer_lane(p_tenant);
    v_chat   pacer_lanes := pacer_lane(p_chat);
    v_all    bigint := coalesce((SELECT hold FROM pacer_lanes WHERE lane = '*'), 0);
    v_given  bigint := (SELECT turn_at FROM pacer_waiting WHERE id = p_id);
    v_chat_opens   bigint;
    v_tenant_opens bigint;
    v_at bigint;
  BEGIN
    -- Sends and turns long past go a few at a time (more than a turn adds); rows being swept are skipped.
    DELETE FROM pacer_sends WHERE ctid = ANY (ARRAY(
      SELECT ctid FROM pacer_sends WHERE at_ms <= p_now - 2 * p_memory_ms
      ORDER BY at_ms LIMIT 20 FOR UPDATE SKIP LOCKED));
    DELETE FROM pacer_waiting WHERE id = ANY (ARRAY(
      SELECT id FROM pacer_waiting WHERE turn_at <= p_now - 2 * p_memory_ms
      ORDER BY turn_at LIMIT 20 FOR UPDATE SKIP LOCKED));

    IF v_given IS NOT NULL AND v_given > p_now THEN RETURN v_given; END IF;
    v_chat_opens := greatest(v_all, v_chat.hold, v_tenant.hold,
      pacer_opens_at(p_chat, p_chat_counts, p_chat_windows, p_now));
    v_tenant_opens := pacer_opens_at(p_tenant, p_tenant_counts, p_tenant_windows, p_now);
    -- First in line: its turn has come, or nothing waits for this chat.
    IF (v_given IS NOT NULL OR v_chat.tail <= p_now) AND v_chat_opens <= p_now AND v_tenant_opens <= p_now THEN
      INSERT INTO pacer_sends (lane, at_ms) VALUES (p_chat, p_now), (p_tenant, p_now);
      DELETE FROM pacer_waiting WHERE id = p_id;
      RETURN 0;
    END IF;

    -- Behind whatever already waits for this chat, and not before the chat's limits (or a 429) allow.
    v_at := greatest(p_now + 1, v_chat_opens, v_chat.tail + p_chat_spacing);
    IF v_tenant_opens > v_at THEN
      v_at := greatest(v_tenant_opens, v_tenant.tail + p_tenant_spacing);
      UPDATE pacer_lanes SET tail = v_at WHERE lane = p_tenant;
    END IF;
    UPDATE pacer_lanes SET tail = greatest(tail, v_at) WHERE lane = p_chat;
    INSERT INTO pacer_waiting (id, turn_at) VALUES (p_id, v_at)
      ON CONFLICT (id) DO UPDATE SET turn_at = excluded.turn_at;
    RETURN v_at;
  END
  $fn$;

  -- Teams answered 429 to message p_id: its chat waits until p_until, the message first; a second chat refused
  -- while another still waits holds their tenant (same tenant) or every chat (another tenant).
  CREATE FUNCTION pacer_throttled(p_id bigint, p_chat text, p_tenant text, p_until bigint, p_now bigint)
  RETURNS void LANGUAGE plpgsql AS $fn$
  BEGIN
    -- One 429 at a time: whether it spreads depends on those recorded before it, by any instance.
    PERFORM pg_advisory_xact_lock(5262157, hashtext(current_schema()));
    PERFORM pacer_lane(p_tenant);
    PERFORM pacer_lane(p_chat);
    UPDATE pacer_lanes SET hold = greatest(hold, p_until), tail = greatest(tail, p_until) WHERE lane = p_chat;
    INSERT INTO pacer_waiting (id, turn_at) VALUES (p_id, p_until)
      ON CONFLICT (id) DO UPDATE SET turn_at = excluded.turn_at;
    IF EXISTS (SELECT 1 FROM pacer_throttles WHERE chat <> p_chat AND until_ms > p_now AND tenant = p_tenant) THEN
      UPDATE pacer_lanes SET hold = greatest(hold, p_until) WHERE lane = p_tenant;
    END IF;
    IF EXISTS (SELECT 1 FROM pacer_throttles WHERE chat <> p_chat AND until_ms > p_now AND tenant <> p_tenant) THEN
      PERFORM pacer_lane('*');
      UPDATE pacer_lanes SET hold = greatest(hold, p_until) WHERE lane = '*';
    END IF;
    DELETE FROM pacer_throttles WHERE until_ms <= p_now;
    INSERT INTO pacer_throttles (chat, tenant, until_ms) VALUES (p_chat, p_tenant, p_until)
      ON CONFLICT (chat) DO UPDATE SET tenant = excluded.tenant, until_ms = excluded.until_ms;
  END
  $fn$;

  -- A send given at p_at reached nobody (p_gone false: not counted), or its chat is gone (paced afresh).
  CREATE FUNCTION pacer_settled(p_chat text, p_tenant text, p_at bigint, p_gone boolean)
  RETURNS void LANGUAGE plpgsql AS $fn$
  BEGIN
    PERFORM pacer_lane(p_tenant);
    PERFORM pacer_lane(p_chat);
    IF p_gone THEN
      DELETE FROM pacer_sends WHERE lane = p_chat;
      DELETE FROM pacer_throttles WHERE chat = p_chat;
      DELETE FROM pacer_lanes WHERE lane = p_chat;
    ELSE
      DELETE FROM pacer_sends WHERE ctid = (SELECT ctid FROM pacer_sends WHERE lane = p_chat AND at_ms = p_at LIMIT 1);
      DELETE FROM pacer_sends WHERE ctid = (SELECT ctid FROM pacer_sends WHERE lane = p_tenant AND at_ms = p_at LIMIT 1);
    END IF;
  END
  $fn$;
`;
