"""The steering group's dashboard and the report to the city council: the reads.

One function per figure. Each aggregates in PostgreSQL (Count/Sum with ``filter=``) and runs a
fixed number of queries whatever the number of incidents, places or weeks; the docstring says
how many. Python only shapes the aggregated rows, never loops over incidents.

Every figure belongs to a plan of the user's municipality: the incidents and small jobs at
the plan's places (ActionPlan.places), the overdue action items of its groups and
initiatives, its goals, initiatives and budget; and each links to a list that counts the same
rows (the lists' ``plan`` filter, the goal list's status on a day).

The incident figures read summaries PostgreSQL triggers keep exact (incidents.summary):
the totals, categories and weeks PlanIncidentWeek (the plan's own rows per ISO week in
Europe/Copenhagen and category: at most weeks × categories rows, whether the plan covers one
square or the whole city), the place table IncidentPlaceWeek (per week and place) through
its (place, week) index, instead of the thousands of incidents in the weeks compared. The
figures are live: an incident counts from the moment it is committed; nothing is cached or
computed in a nightly batch. The summaries count every incident, so they serve only those
who see every incident (the dashboard's users).

Access log: the dashboard, the report and the workbook show counts of incidents only, never
an incident's text, place-and-time row or the person who reported it, so they are not
logged (the incident list a figure links to logs its own reads).
"""
