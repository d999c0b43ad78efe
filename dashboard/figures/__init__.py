"""The steering group's dashboard and the report to the city council: the reads.

One function per figure. Each aggregates in PostgreSQL (Count/Sum with ``filter=``) and runs a
fixed number of queries whatever the number of incidents, places or weeks; the docstring says
how many. Python only shapes the aggregated rows, never loops over incidents.

The incident figures read the summaries IncidentWeek (per ISO week in Europe/Copenhagen and
category) and IncidentPlaceWeek (per week and place), which PostgreSQL triggers keep exact
(incidents.summary), so they read a few hundred rows instead of the tens of thousands of
incidents a city has in the weeks compared. The figures are live: an incident counts from the
moment it is committed; nothing is cached or computed in a nightly batch. The summaries count
every incident, so they serve only those who see every incident (the dashboard's users).

Access log: the dashboard, the report and the workbook show counts of incidents only, never
an incident's text, place-and-time row or the person who reported it, so they are not
logged (the incident list a figure links to logs its own reads).
"""
