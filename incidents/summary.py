"""The incident summaries the dashboard reads (IncidentWeek, IncidentPlaceWeek, and
PlanIncidentWeek, their sum over a plan's places), kept exact by PostgreSQL triggers on
incidents_incident (and, for the plans', on IncidentWeek and the plans' place link).

Why triggers and not signals: queryset updates, raw SQL, ``manage.py apply_retention`` and the
admin all change incidents without ``save()``; a trigger sees every row change, in the same
transaction, so an incident reported a second ago counts on the next load.

Every figure belongs to a plan and counts only the plan's places (ActionPlan.places), so both
summaries are kept per place: IncidentPlaceWeek per (week, place), for incidents per week and
the place × week table; IncidentWeek per (week, place, category) with the police and
ambulance counts, for the totals and the categories. A figure reads the rows of the plan's
places through the (place, week) index: one probe per place.

The price of the category per place, measured on the benchmark's distribution (1,000,000
incidents over ten years at 2,000 places, skewed; 24 weeks compared): IncidentWeek has
~903,000 rows in all, where one row per (week, category) had 6,800, and the 24 weeks hold
~41,000 rows (~46,000 incidents; per (week, place) ~26,000). So for a plan of the whole city
it is hardly smaller than the incidents; its rows are narrow and read from the index alone,
and PostgreSQL aggregates them in a few ms. A plan of 9 busy squares reads ~1,500 rows
(3,100 incidents), one of 9 quiet places ~140: well under a millisecond. The write cost is
unchanged: each incident still touches one row of each summary.

The week is the Monday of the ISO week in Copenhagen, exactly as the dashboard's TruncWeek
computes it. Rows that reach zero are deleted, so a row exists only while it counts an
incident: the trigger-kept tables equal ``REBUILD``'s result row for row, and the
dashboard's scans never read empty rows.

Each change locks the summary rows it touches until commit. Reports are a few a minute, so
the wait is short; an UPDATE that moves an incident touches its old and new rows in key
order, so two moves in opposite directions cannot deadlock.

Triggers do not fire under ``SET session_replication_role = replica`` (the benchmark
generator's bulk load): call ``rebuild(cursor)`` after such a load.

PlanIncidentWeek, per (plan, week, category), is the sum of IncidentWeek over the plan's
places (ActionPlan.places), so that a plan's totals, categories and weeks read at most
(weeks × categories) rows whatever the number of its places (a plan of the whole city read
~29,000 IncidentWeek rows for its 1,400 places at scale factor 1). Triggers keep it (the
``PLAN_`` SQL below):

- on incidents_incidentweek (whatever changes it: the incident triggers above, the rebuild):
  the row's change is added to the row of every plan whose places include its place;
- on the plans' place link (actionplan_actionplan_places), once per statement with its rows
  (transition tables): places joining a plan add their IncidentWeek rows to the plan's,
  places leaving subtract them, summed per plan row first. Per row, setting all 1,400 places
  of a plan at scale factor 1 took 105 s and clearing them 160 s (every place's ten years of
  rows, one place at a time); per statement it is one aggregate over them;
- a deleted plan's rows go with it (the foreign key's cascade).

Like the others, the functions run as the role that changes the data (no SECURITY
DEFINER), under row-level security: they read and write only the rows of the transaction's
municipality. The plan's rows belong to the plan's municipality (read from the plan, so a
plan of another municipality is never written). A row that reaches zero is deleted. A place
in many plans costs one row per plan on each change; an incident at a place of a plan of the
whole city locks that plan's row of the week and category until commit, so two reports of
the same category in the same week wait for each other (reports are a few a minute).
"""

WEEK = "date_trunc('week', {row}.occurred_at AT TIME ZONE 'Europe/Copenhagen')::date"

FUNCTIONS = """
CREATE OR REPLACE FUNCTION incidents_summary_add(
    p_municipality bigint, p_week date, p_place bigint, p_category varchar, p_n integer,
    p_police integer, p_ambulance integer
) RETURNS void LANGUAGE plpgsql AS $$
-- Adds p_n incidents (1 or -1) to a week's row of the place and category and to its row of
-- the place, in the incident's municipality.
BEGIN
    IF p_n > 0 THEN
        INSERT INTO incidents_incidentweek AS s
            (municipality_id, week, place_id, category, count, police, ambulance)
        VALUES (p_municipality, p_week, p_place, p_category, p_n, p_police, p_ambulance)
        ON CONFLICT (place_id, week, category) DO UPDATE SET
            count = s.count + EXCLUDED.count,
            police = s.police + EXCLUDED.police,
            ambulance = s.ambulance + EXCLUDED.ambulance;
        INSERT INTO incidents_incidentplaceweek AS s (municipality_id, week, place_id, count)
        VALUES (p_municipality, p_week, p_place, p_n)
        ON CONFLICT (week, place_id) DO UPDATE SET count = s.count + EXCLUDED.count;
    ELSE
        UPDATE incidents_incidentweek SET
            count = count + p_n, police = police + p_police, ambulance = ambulance + p_ambulance
        WHERE place_id = p_place AND week = p_week AND category = p_category;
        DELETE FROM incidents_incidentweek
        WHERE place_id = p_place AND week = p_week AND category = p_category AND count = 0;
        UPDATE incidents_incidentplaceweek SET count = count + p_n
        WHERE week = p_week AND place_id = p_place;
        DELETE FROM incidents_incidentplaceweek
        WHERE week = p_week AND place_id = p_place AND count = 0;
    END IF;
END;
$$;

CREATE OR REPLACE FUNCTION incidents_incident_summary() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    old_week date;
    new_week date;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        old_week := {old_week};
    END IF;
    IF TG_OP <> 'DELETE' THEN
        new_week := {new_week};
    END IF;
    IF TG_OP = 'INSERT' OR (
        TG_OP = 'UPDATE'
        AND (new_week, NEW.place_id, NEW.category) < (old_week, OLD.place_id, OLD.category)
    ) THEN
        -- Add first (key order); for an UPDATE the subtraction follows below.
        PERFORM incidents_summary_add(NEW.municipality_id, new_week, NEW.place_id, NEW.category, 1,
            NEW.police_called::int, NEW.ambulance_called::int);
        IF TG_OP = 'INSERT' THEN
            RETURN NULL;
        END IF;
        PERFORM incidents_summary_add(OLD.municipality_id, old_week, OLD.place_id, OLD.category, -1,
            -OLD.police_called::int, -OLD.ambulance_called::int);
        RETURN NULL;
    END IF;
    PERFORM incidents_summary_add(OLD.municipality_id, old_week, OLD.place_id, OLD.category, -1,
        -OLD.police_called::int, -OLD.ambulance_called::int);
    IF TG_OP = 'UPDATE' THEN
        PERFORM incidents_summary_add(NEW.municipality_id, new_week, NEW.place_id, NEW.category, 1,
            NEW.police_called::int, NEW.ambulance_called::int);
    END IF;
    RETURN NULL;
END;
$$;
""".format(old_week=WEEK.format(row="OLD"), new_week=WEEK.format(row="NEW"))

COUNTED = ["occurred_at", "place_id", "category", "police_called", "ambulance_called"]

TRIGGERS = """
CREATE TRIGGER incidents_summary_insert_delete
    AFTER INSERT OR DELETE ON incidents_incident
    FOR EACH ROW EXECUTE FUNCTION incidents_incident_summary();
-- Only changes to what is counted: not the follow-up, the retention rule's erasing, etc.
CREATE TRIGGER incidents_summary_update
    AFTER UPDATE OF {columns} ON incidents_incident
    FOR EACH ROW WHEN (({old}) IS DISTINCT FROM ({new}))
    EXECUTE FUNCTION incidents_incident_summary();
""".format(
    columns=", ".join(COUNTED),
    old=", ".join(f"OLD.{c}" for c in COUNTED),
    new=", ".join(f"NEW.{c}" for c in COUNTED),
)

INSTALL = FUNCTIONS + TRIGGERS

UNINSTALL = """
DROP TRIGGER IF EXISTS incidents_summary_update ON incidents_incident;
DROP TRIGGER IF EXISTS incidents_summary_insert_delete ON incidents_incident;
DROP FUNCTION IF EXISTS incidents_incident_summary();
DROP FUNCTION IF EXISTS incidents_summary_add(
    bigint, date, bigint, varchar, integer, integer, integer
);
"""

REBUILD = """
-- Writers that change incidents meanwhile wait here, then count on top of the rebuild.
LOCK TABLE incidents_incidentweek, incidents_incidentplaceweek IN EXCLUSIVE MODE;
-- DELETE, not TRUNCATE: TRUNCATE refuses to run in a transaction with pending deferred
-- foreign-key checks on the table (Django's foreign keys are deferred).
DELETE FROM incidents_incidentweek;
DELETE FROM incidents_incidentplaceweek;
INSERT INTO incidents_incidentweek
    (municipality_id, week, place_id, category, count, police, ambulance)
SELECT i.municipality_id, {week}, i.place_id, i.category, count(*),
       count(*) FILTER (WHERE i.police_called), count(*) FILTER (WHERE i.ambulance_called)
FROM incidents_incident i
GROUP BY 1, 2, 3, 4;
INSERT INTO incidents_incidentplaceweek (municipality_id, week, place_id, count)
SELECT i.municipality_id, {week}, i.place_id, count(*)
FROM incidents_incident i
GROUP BY 1, 2, 3;
""".format(week=WEEK.format(row="i"))


PLAN_FUNCTIONS = """
CREATE OR REPLACE FUNCTION incidents_plan_summary_add(
    p_place bigint, p_plan bigint, p_week date, p_category varchar, p_n integer,
    p_police integer, p_ambulance integer
) RETURNS void LANGUAGE plpgsql AS $$
-- Adds a change of p_n incidents (positive or negative) of a week and category at a place to
-- the rows of the plans whose places include it (p_plan: of that plan only; NULL: every plan),
-- in plan order. Only plans the transaction may read (its municipality's) are written.
BEGIN
    IF p_n > 0 THEN
        INSERT INTO incidents_planincidentweek AS s
            (municipality_id, plan_id, week, category, count, police, ambulance)
        SELECT p.municipality_id, p.id, p_week, p_category, p_n, p_police, p_ambulance
        FROM actionplan_actionplan_places l
        JOIN actionplan_actionplan p ON p.id = l.actionplan_id
        WHERE l.place_id = p_place AND (p_plan IS NULL OR l.actionplan_id = p_plan)
        ORDER BY p.id
        ON CONFLICT (plan_id, week, category) DO UPDATE SET
            count = s.count + EXCLUDED.count,
            police = s.police + EXCLUDED.police,
            ambulance = s.ambulance + EXCLUDED.ambulance;
    ELSIF p_n < 0 OR p_police <> 0 OR p_ambulance <> 0 THEN
        -- A plan's row is missing only while its plan is being deleted (the cascade may
        -- come first): then there is nothing to subtract from.
        UPDATE incidents_planincidentweek s SET
            count = s.count + p_n, police = s.police + p_police,
            ambulance = s.ambulance + p_ambulance
        FROM (
            SELECT l.actionplan_id FROM actionplan_actionplan_places l
            WHERE l.place_id = p_place AND (p_plan IS NULL OR l.actionplan_id = p_plan)
            ORDER BY l.actionplan_id
        ) plans
        WHERE s.plan_id = plans.actionplan_id AND s.week = p_week AND s.category = p_category;
        DELETE FROM incidents_planincidentweek s
        USING actionplan_actionplan_places l
        WHERE l.place_id = p_place AND (p_plan IS NULL OR l.actionplan_id = p_plan)
            AND s.plan_id = l.actionplan_id AND s.week = p_week AND s.category = p_category
            AND s.count = 0;
    END IF;
END;
$$;

CREATE OR REPLACE FUNCTION incidents_incidentweek_plan_summary() RETURNS trigger
LANGUAGE plpgsql AS $$
-- A place's row changed: its change goes to the rows of the place's plans.
BEGIN
    IF TG_OP = 'UPDATE' AND (NEW.place_id, NEW.week, NEW.category)
            IS NOT DISTINCT FROM (OLD.place_id, OLD.week, OLD.category) THEN
        PERFORM incidents_plan_summary_add(NEW.place_id, NULL, NEW.week, NEW.category,
            NEW.count - OLD.count, NEW.police - OLD.police, NEW.ambulance - OLD.ambulance);
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        PERFORM incidents_plan_summary_add(OLD.place_id, NULL, OLD.week, OLD.category,
            -OLD.count, -OLD.police, -OLD.ambulance);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM incidents_plan_summary_add(NEW.place_id, NULL, NEW.week, NEW.category,
            NEW.count, NEW.police, NEW.ambulance);
    END IF;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION incidents_plan_place_summary() RETURNS trigger
LANGUAGE plpgsql AS $$
-- Places joined or left plans (a statement's rows: ``removed``, ``added``): their rows are
-- subtracted from or added to their plans', summed per (plan, week, category) first, so a
-- form that sets a plan's 1,400 places writes each of the plan's rows once.
BEGIN
    IF TG_OP <> 'INSERT' THEN
        UPDATE incidents_planincidentweek s SET
            count = s.count - d.count, police = s.police - d.police,
            ambulance = s.ambulance - d.ambulance
        FROM (
            SELECT r.actionplan_id, w.week, w.category, sum(w.count) AS count,
                   sum(w.police) AS police, sum(w.ambulance) AS ambulance
            FROM removed r JOIN incidents_incidentweek w ON w.place_id = r.place_id
            GROUP BY 1, 2, 3
        ) d
        WHERE s.plan_id = d.actionplan_id AND s.week = d.week AND s.category = d.category;
        DELETE FROM incidents_planincidentweek s
        USING (SELECT DISTINCT actionplan_id FROM removed) r
        WHERE s.plan_id = r.actionplan_id AND s.count = 0;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO incidents_planincidentweek AS s
            (municipality_id, plan_id, week, category, count, police, ambulance)
        SELECT p.municipality_id, p.id, w.week, w.category, sum(w.count), sum(w.police),
               sum(w.ambulance)
        FROM added a
        JOIN actionplan_actionplan p ON p.id = a.actionplan_id
        JOIN incidents_incidentweek w ON w.place_id = a.place_id
        GROUP BY p.municipality_id, p.id, w.week, w.category
        ORDER BY p.id, w.week, w.category
        ON CONFLICT (plan_id, week, category) DO UPDATE SET
            count = s.count + EXCLUDED.count,
            police = s.police + EXCLUDED.police,
            ambulance = s.ambulance + EXCLUDED.ambulance;
    END IF;
    RETURN NULL;
END;
$$;
"""

PLAN_TRIGGERS = """
CREATE TRIGGER incidents_incidentweek_plan_summary
    AFTER INSERT OR UPDATE OR DELETE ON incidents_incidentweek
    FOR EACH ROW EXECUTE FUNCTION incidents_incidentweek_plan_summary();
-- Per statement, with the statement's rows: Django adds and removes a plan's places in one
-- statement each, often hundreds at once.
CREATE TRIGGER incidents_plan_place_summary_insert
    AFTER INSERT ON actionplan_actionplan_places REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION incidents_plan_place_summary();
CREATE TRIGGER incidents_plan_place_summary_update
    AFTER UPDATE ON actionplan_actionplan_places
    REFERENCING OLD TABLE AS removed NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION incidents_plan_place_summary();
CREATE TRIGGER incidents_plan_place_summary_delete
    AFTER DELETE ON actionplan_actionplan_places REFERENCING OLD TABLE AS removed
    FOR EACH STATEMENT EXECUTE FUNCTION incidents_plan_place_summary();
"""

PLAN_INSTALL = PLAN_FUNCTIONS + PLAN_TRIGGERS

PLAN_UNINSTALL = """
DROP TRIGGER IF EXISTS incidents_plan_place_summary_delete ON actionplan_actionplan_places;
DROP TRIGGER IF EXISTS incidents_plan_place_summary_update ON actionplan_actionplan_places;
DROP TRIGGER IF EXISTS incidents_plan_place_summary_insert ON actionplan_actionplan_places;
DROP TRIGGER IF EXISTS incidents_incidentweek_plan_summary ON incidents_incidentweek;
DROP FUNCTION IF EXISTS incidents_plan_place_summary();
DROP FUNCTION IF EXISTS incidents_incidentweek_plan_summary();
DROP FUNCTION IF EXISTS incidents_plan_summary_add(
    bigint, bigint, date, varchar, integer, integer, integer
);
"""

PLAN_REBUILD = """
LOCK TABLE incidents_planincidentweek IN EXCLUSIVE MODE;
DELETE FROM incidents_planincidentweek;
INSERT INTO incidents_planincidentweek
    (municipality_id, plan_id, week, category, count, police, ambulance)
SELECT p.municipality_id, p.id, w.week, w.category, sum(w.count), sum(w.police),
       sum(w.ambulance)
FROM incidents_incidentweek w
JOIN actionplan_actionplan_places l ON l.place_id = w.place_id
JOIN actionplan_actionplan p ON p.id = l.actionplan_id
GROUP BY 1, 2, 3, 4;
"""


def rebuild(cursor):
    """Recompute the summaries from incidents_incident, one INSERT … SELECT … GROUP BY each
    (about a second for 1,000,000 incidents), the plans' from the places' last. For loads
    that bypass the triggers (the benchmark generator's ``session_replication_role =
    replica``) and for the migration's backfill. Deletes every summary row first and locks
    the summaries against writers until the transaction ends; run it in the loading
    transaction. With the triggers on it is correct but slow (the places' rows' triggers
    update the plans' rows one by one before the plans' are recomputed). ``cursor``: a
    DB-API cursor (Django's or psycopg's)."""
    cursor.execute(REBUILD)
    cursor.execute(PLAN_REBUILD)
