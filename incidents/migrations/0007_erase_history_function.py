"""The only way to erase an incident's history text: a function that checks the age.

The application's role may not UPDATE incident events at all (byrum.db_roles). The retention
rule (``apply_retention``) calls ``incidents_erase_history(ids)``, which runs as its owner
(SECURITY DEFINER) and refuses the whole call when one of the incidents is not yet past the
retention period in ``byrum_retention`` (written from INCIDENT_RETENTION_MONTHS by migrate):
the incident's time, or for a deleted incident the newest time its history holds. It blanks
exactly what the append-only trigger lets be blanked.
"""

from django.db import migrations

ERASE_FUNCTION = """
CREATE OR REPLACE FUNCTION incidents_erase_history(p_incidents bigint[]) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    v_months integer;
    v_cutoff timestamptz;
    v_young bigint;
    v_count integer;
BEGIN
    SELECT r.months INTO v_months FROM public.byrum_retention r WHERE r.kind = 'incidents';
    IF v_months IS NULL THEN
        RAISE EXCEPTION 'byrum: no retention period for incidents'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    v_cutoff := now() - make_interval(months => v_months);
    SELECT young.id INTO v_young FROM (
        SELECT i.id FROM public.incidents_incident i
        WHERE i.id = ANY (p_incidents) AND i.occurred_at >= v_cutoff
        UNION ALL
        SELECT e.pgh_obj_id FROM public.incidents_incidentevent e
        WHERE e.pgh_obj_id = ANY (p_incidents)
          AND NOT EXISTS (SELECT 1 FROM public.incidents_incident i WHERE i.id = e.pgh_obj_id)
        GROUP BY e.pgh_obj_id HAVING max(e.occurred_at) >= v_cutoff
    ) young LIMIT 1;
    IF v_young IS NOT NULL THEN
        RAISE EXCEPTION 'byrum: incident % is not past the retention period (% months): '
            'its history keeps its text', v_young, v_months
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    UPDATE public.incidents_incidentevent
    SET description = '', follow_up_note = '', photo = '', latitude = NULL, longitude = NULL
    WHERE pgh_obj_id = ANY (p_incidents);
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END;
$$;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("byrum", "0003_retention_guards"),
        ("incidents", "0006_list_order_indexes"),
    ]

    operations = [
        migrations.RunSQL(
            ERASE_FUNCTION, "DROP FUNCTION IF EXISTS incidents_erase_history(bigint[]);"
        ),
    ]
