"""A deterministic city at a given scale factor, generated inside PostgreSQL.

Scale factor 1 is a large Danish city over ten years (issue 9): the counts in ``SF1``. Every
table group has one generator function, run in the order of ``GENERATORS``. A generator
takes a cursor on the (freshly migrated) bench database and the :class:`City` plan, inserts
its rows with set-based SQL (``INSERT … SELECT … FROM generate_series``; or psycopg 3's
``cursor.copy`` for data built in Python) and returns ``{table: rows inserted}``.

Rules that keep the data deterministic and the generators independent:

- Ids are explicit and computed (row ``i`` of a table has id ``i``), so a later generator
  can refer to rows of an earlier one arithmetically (caretaker ``k`` is person ``k``, see
  :class:`City`) without reading them back. The harness resets each returned table's
  identity sequence afterwards, so rows the app inserts later get fresh ids.
- Pseudo-random values come from ``bench_u(key, i)``, a uniform number in [0, 1) hashed
  from a text key and the row number with PostgreSQL's ``hashint8extended`` (the hash that
  hash partitioning relies on, so it does not change between versions): the same at every
  run. It is ~20x faster than md5 (1,000,000 rows with six values each in ~2 s), and as an
  inlined SQL function it costs about 0.1 µs a call.
  ``bench_skew(key, i, n, power)`` picks 1..n with a skew (power > 1 favours low numbers,
  e.g. popular places). Never use ``random()``.
- Dates are relative to ``City.today`` (the day the data is generated): ten years back from
  it, so "overdue" and "current" mean the same at every run on a given day.

To add a table group (e.g. incidents): write ``def incidents(cur, city): ...`` below, add its
counts to ``SF1`` (and ``MINIMUM`` if a tiny scale factor must still have some), and append
it to ``GENERATORS`` after the generators whose rows it refers to.
"""

import dataclasses
import datetime
import hashlib
import json
import time
from pathlib import Path

# Row counts at scale factor 1 (issue 9). Tables not generated yet are listed so the plan is
# in one place; their generators arrive with their apps.
SF1 = {
    "organisations": 60,
    "groups": 60,
    "caretakers": 500,
    "consultants": 25,
    "steering": 15,
    "members": 660,  # group members without a role account...
    "member_logins": 100,  # ...of whom this many log in (role "Gruppemedlem")
    "places": 2000,
    "initiatives": 1000,
    "meetings": 10000,
    "action_items": 100000,
    "incidents": 1000000,
}

# Floors, so that a tiny scale factor (the CI smoke test runs at 0.001) still has one of
# everything a scenario needs.
MINIMUM = {
    "organisations": 3,
    "groups": 10,  # 8 fixed groups (steering, working, coordinating, network) + local groups
    "caretakers": 2,
    "consultants": 1,
    "steering": 1,
    "members": 2,
    "member_logins": 1,
    "places": 5,
    "initiatives": 2,
    "meetings": 5,
    "action_items": 20,
    "incidents": 200,
}

YEARS = 10
# Groups 1..8 are the fixed bodies of the terms of reference; the rest are local groups.
FIXED_GROUPS = [
    ("Styregruppen", "steering", None),
    ("Arbejdsgruppen for byrum", "working", 1),
    ("Arbejdsgruppen for tryghed", "working", 1),
    ("Arbejdsgruppen for hellesteder", "working", 1),
    ("Koordinationsgruppen Midtbyen", "coordinating", 1),
    ("Koordinationsgruppen Syd", "coordinating", 1),
    ("Byen for alle", "network", None),
    ("Byen for alle, Nord", "network", 7),
]
LOCAL_GROUP_FIRST_ID = len(FIXED_GROUPS) + 1


@dataclasses.dataclass
class City:
    """What to generate: the scale factor, the row counts it implies, the anchor date, and
    the id ranges generators share (people are numbered caretakers, consultants, steering,
    members; people with a login have user id = person id)."""

    scale: float
    today: datetime.date = dataclasses.field(default_factory=datetime.date.today)

    def n(self, what: str) -> int:
        return max(MINIMUM.get(what, 1), round(SF1[what] * self.scale))

    @property
    def start(self) -> datetime.date:
        """The first day of the ten years of data."""
        return self.today.replace(year=self.today.year - YEARS)

    # Person id ranges (inclusive), in this order.
    def caretaker_ids(self):
        return 1, self.n("caretakers")

    def consultant_ids(self):
        first = self.caretaker_ids()[1] + 1
        return first, first + self.n("consultants") - 1

    def steering_ids(self):
        first = self.consultant_ids()[1] + 1
        return first, first + self.n("steering") - 1

    def member_ids(self):
        first = self.steering_ids()[1] + 1
        return first, first + self.n("members") - 1

    def login_ids(self):
        """People with a user account (user id = person id)."""
        return 1, self.member_ids()[0] + min(self.n("member_logins"), self.n("members")) - 1

    def people(self) -> int:
        return self.member_ids()[1]

    def groups(self) -> int:
        return self.n("groups")

    def local_groups(self) -> int:
        return self.groups() - len(FIXED_GROUPS)


HELPERS = """
CREATE OR REPLACE FUNCTION bench_u(key text, i bigint) RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT (hashint8extended(i, hashtext(key)) & 4294967295) / 4294967296.0::double precision
$$;
CREATE OR REPLACE FUNCTION bench_skew(key text, i bigint, n bigint, power double precision)
RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT 1 + floor(n * pow(bench_u(key, i), power))::bigint
$$;
CREATE OR REPLACE FUNCTION bench_pick(options text[], key text, i bigint) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT options[1 + floor(bench_u(key, i) * array_length(options, 1))::int]
$$;
"""

FIRST_NAMES = [
    "Anne", "Mette", "Kirsten", "Hanne", "Helle", "Susanne", "Lene", "Maria", "Camilla",
    "Sofie", "Ida", "Emma", "Peter", "Jens", "Lars", "Michael", "Henrik", "Søren", "Thomas",
    "Jesper", "Kasper", "Mads", "Rasmus", "Frederik", "Ahmed", "Fatima", "Ali", "Aisha",
]
LAST_NAMES = [
    "Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen",
    "Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen", "Holm",
    "Lindberg", "Mølgaard", "Dahl", "Østergaard", "Kaya", "Hussein", "Yilmaz",
]
STREETS = [
    "Kloster", "Bispe", "Kirke", "Havne", "Mølle", "Skole", "Store", "Lille", "Nørre", "Søndre",
    "Vester", "Øster", "Banegårds", "Rådhus", "Bibliotek", "Kongens", "Dronning", "Frederiks",
    "Christians", "Kannike", "Frue", "Skt. Clemens", "Ryes", "Ingerslevs", "Vestre", "Åboulevard",
    "Mejlgade", "Park", "Skov", "Strand",
]
# (kind, weight in tenths, name ending)
PLACE_KINDS = [
    ("square", 3, "Torv"), ("park", 2, "Park"), ("street", 2, "gade"),
    ("housing_area", 1, "Parken"), ("drop_in_centre", 1, "Værested"),
    ("safe_place", 1, "Hellested"),
]
CITIES = ["Aarhus"] * 17 + ["Aalborg", "Odense", "Esbjerg"]
LOREM = (
    "Pladsen bruges hele dagen af mange forskellige grupper. Om aftenen samles en fast gruppe "
    "ved bænkene, og der er behov for toiletter, belysning og en social vicevært, der kender "
    "stedet og menneskene. "
)


def _sql_array(values):
    return "ARRAY[" + ",".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def organisations(cur, city):
    n = city.n("organisations")
    kinds = _sql_array(["municipality", "police", "ngo", "ngo", "business", "residents",
                        "housing", "other"])
    cur.execute(
        f"""
        INSERT INTO actionplan_organisation (id, name, kind, description, website)
        SELECT i,
               'Organisation ' || lpad(i::text, 4, '0'),
               ({kinds})[1 + (i %% 8)],
               'Genereret organisation til belastningstest.',
               'https://org' || i || '.example.dk/'
        FROM generate_series(1, %s) AS i
        """,
        [n],
    )
    return {"actionplan_organisation": n}


def people_and_users(cur, city):
    """Users (with roles) for the first people, then every person."""
    people = city.people()
    first_login, last_login = city.login_ids()
    cur.execute(
        """
        INSERT INTO auth_user (id, password, last_login, is_superuser, username, first_name,
                               last_name, email, is_staff, is_active, date_joined)
        SELECT i, '!bench-no-password', NULL, false, 'bench' || lpad(i::text, 6, '0'),
               bench_pick(%(first)s, 'first', i), bench_pick(%(last)s, 'last', i),
               'bench' || i || '@example.dk', false, true,
               %(start)s::timestamptz + (i %% 3650) * interval '1 day'
        FROM generate_series(%(lo)s, %(hi)s) AS i
        """,
        {"first": FIRST_NAMES, "last": LAST_NAMES, "start": city.start,
         "lo": first_login, "hi": last_login},
    )
    roles = [
        ("Social vicevært", *city.caretaker_ids()),
        ("Konsulent", *city.consultant_ids()),
        ("Styregruppe", *city.steering_ids()),
        ("Gruppemedlem", city.member_ids()[0], last_login),
    ]
    for role, lo, hi in roles:
        cur.execute(
            """
            INSERT INTO auth_user_groups (user_id, group_id)
            SELECT i, (SELECT id FROM auth_group WHERE name = %s)
            FROM generate_series(%s, %s) AS i
            """,
            [role, lo, hi],
        )
    titles = ["Social vicevært", "Konsulent", "Styregruppemedlem", "Medlem"]
    cur.execute(
        """
        INSERT INTO actionplan_person (id, name, title, email, phone, organisation_id, user_id)
        SELECT i,
               bench_pick(%(first)s, 'first', i) || ' ' || bench_pick(%(last)s, 'last', i),
               CASE WHEN i <= %(care)s THEN %(t1)s WHEN i <= %(cons)s THEN %(t2)s
                    WHEN i <= %(steer)s THEN %(t3)s ELSE %(t4)s END,
               'person' || i || '@example.dk',
               '+45 ' || lpad((10000000 + i)::text, 8, '0'),
               1 + (i %% %(orgs)s),
               CASE WHEN i <= %(logins)s THEN i END
        FROM generate_series(1, %(people)s) AS i
        """,
        {
            "first": FIRST_NAMES, "last": LAST_NAMES,
            "care": city.caretaker_ids()[1], "cons": city.consultant_ids()[1],
            "steer": city.steering_ids()[1], "t1": titles[0], "t2": titles[1],
            "t3": titles[2], "t4": titles[3], "orgs": city.n("organisations"),
            "logins": last_login, "people": people,
        },
    )
    users = last_login - first_login + 1
    return {"auth_user": users, "auth_user_groups": users, "actionplan_person": people}


def groups_and_memberships(cur, city):
    """The fixed bodies, then local groups; current memberships for everyone and ten years
    of history (one past membership per person)."""
    rows = [(i + 1, name, kind, parent) for i, (name, kind, parent) in enumerate(FIXED_GROUPS)]
    with cur.copy("COPY actionplan_group (id, name, kind, parent_id, city, mandate, tasks) "
                  "FROM STDIN") as copy:
        for gid, name, kind, parent in rows:
            copy.write_row((gid, name, kind, parent, "Aarhus",
                            "Generated group for the benchmark.", "Møder\nOpfølgning"))
    local = city.local_groups()
    cur.execute(
        """
        INSERT INTO actionplan_group (id, name, kind, city, mandate, tasks, parent_id)
        SELECT %(first)s + k, 'Lokalgruppe ' || lpad((k + 1)::text, 3, '0'), 'local', 'Aarhus',
               'Lokal koordinering af indsatsen på gruppens pladser.',
               'Tryghedsvandringer' || chr(10) || 'Opfølgning på hændelser', 5
        FROM generate_series(0, %(local)s - 1) AS k
        """,
        {"first": LOCAL_GROUP_FIRST_ID, "local": local},
    )
    groups = city.groups()
    care_hi = city.caretaker_ids()[1]
    cons_lo, cons_hi = city.consultant_ids()
    steer_lo, steer_hi = city.steering_ids()
    mem_hi = city.member_ids()[1]
    start, today = city.start, city.today
    # Current memberships: caretakers in a local group, consultants as secretaries (round
    # robin over all groups), steering members in the steering group (first is chair),
    # members spread over all groups. Each started within the last two years.
    cur.execute(
        """
        INSERT INTO actionplan_membership (id, person_id, group_id, role, start, "end",
                                           represents_id)
        SELECT i, i,
               CASE WHEN i <= %(care_hi)s THEN %(local_first)s + (i %% %(local)s)
                    WHEN i <= %(cons_hi)s THEN 1 + ((i - %(cons_lo)s) %% %(groups)s)
                    WHEN i <= %(steer_hi)s THEN 1
                    ELSE 1 + (i %% %(groups)s) END,
               CASE WHEN i BETWEEN %(cons_lo)s AND %(cons_hi)s THEN 'secretary'
                    WHEN i = %(steer_lo)s THEN 'chair'
                    WHEN i > %(steer_hi)s AND bench_u('observer', i) < 0.1 THEN 'observer'
                    ELSE 'member' END,
               %(today)s::date - (floor(bench_u('mstart', i) * 730))::int,
               NULL, NULL
        FROM generate_series(1, %(people)s) AS i
        """,
        {"care_hi": care_hi, "cons_lo": cons_lo, "cons_hi": cons_hi, "steer_lo": steer_lo,
         "steer_hi": steer_hi, "local_first": LOCAL_GROUP_FIRST_ID, "local": local,
         "groups": groups, "today": today, "people": mem_hi},
    )
    # History: one ended membership per person in another group, somewhere in the ten years
    # before the current one started.
    cur.execute(
        """
        INSERT INTO actionplan_membership (id, person_id, group_id, role, start, "end")
        SELECT %(people)s + i, i, 1 + ((i + 7) %% %(groups)s), 'member', s, s + 200 + (i %% 300)
        FROM (SELECT i, %(start)s::date + floor(bench_u('hstart', i) * 2000)::int AS s
              FROM generate_series(1, %(people)s) AS i) AS h
        """,
        {"groups": groups, "start": start, "people": mem_hi},
    )
    return {"actionplan_group": groups, "actionplan_membership": 2 * mem_hi}


def places(cur, city):
    n = city.n("places")
    kinds = []
    for kind, weight, _ending in PLACE_KINDS:
        kinds += [kind] * weight
    endings = {kind: ending for kind, _weight, ending in PLACE_KINDS}
    cur.execute(
        """
        INSERT INTO places_place (id, name, kind, city, latitude, longitude, description,
                                  local_group_id, address, usage_notes)
        SELECT i, bench_pick(%(streets)s, 'street', i) || ' ' || (%(endings)s::jsonb ->> kind)
                  || ' ' || i,
               kind, bench_pick(%(cities)s, 'city', i),
               round((56.10 + bench_u('lat', i) * 0.10)::numeric, 6),
               round((10.10 + bench_u('lon', i) * 0.20)::numeric, 6),
               repeat(%(lorem)s, 1 + (i %% 3)),
               %(local_first)s + (i %% %(local)s),
               '', ''
        FROM (SELECT i, bench_pick(%(kinds)s, 'kind', i) AS kind
              FROM generate_series(1, %(n)s) AS i) AS p
        """,
        {"streets": STREETS, "endings": _json(endings), "cities": CITIES, "lorem": LOREM,
         "local_first": LOCAL_GROUP_FIRST_ID, "local": city.local_groups(), "kinds": kinds,
         "n": n},
    )
    return {"places_place": n}


def _json(value):
    return json.dumps(value)


# (label, generator) in dependency order. Append new table groups here.
GENERATORS = [
    ("organisations", organisations),
    ("people and users", people_and_users),
    ("groups and memberships", groups_and_memberships),
    ("places", places),
]


def reset_identity(cur, table):
    """After explicit ids: the next row the app inserts gets max(id) + 1."""
    cur.execute(
        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
        f"coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
    )


def generate(connection, city, log=print):
    """Run every generator in one transaction, reset the identities, then VACUUM ANALYZE so
    the planner has statistics and index-only scans can use the visibility map.
    Returns {"tables": {table: rows}, "seconds": {label: s}, "total_seconds": s}."""
    tables, seconds = {}, {}
    began = time.perf_counter()
    connection.ensure_connection()
    raw = connection.connection  # psycopg 3 connection under Django's wrapper
    with raw.transaction():
        with raw.cursor() as cur:
            cur.execute(HELPERS)
            for label, generator in GENERATORS:
                t0 = time.perf_counter()
                counts = generator(cur, city)
                seconds[label] = round(time.perf_counter() - t0, 2)
                tables.update(counts)
                log(f"  {label}: {', '.join(f'{t} {c:,}' for t, c in counts.items())} "
                    f"({seconds[label]} s)")
            for table in tables:
                reset_identity(cur, table)
    t0 = time.perf_counter()
    previous = raw.autocommit
    raw.autocommit = True
    try:
        raw.execute("VACUUM (ANALYZE)")
    finally:
        raw.autocommit = previous
    seconds["vacuum analyze"] = round(time.perf_counter() - t0, 2)
    result = {"tables": tables, "seconds": seconds,
              "total_seconds": round(time.perf_counter() - began, 2)}
    with raw.transaction():
        raw.execute("CREATE TABLE IF NOT EXISTS bench_meta (plan jsonb, generation jsonb)")
        raw.execute("DELETE FROM bench_meta")
        raw.execute("INSERT INTO bench_meta VALUES (%s::jsonb, %s::jsonb)",
                    [json.dumps(plan(city)), json.dumps(result)])
    return result


def plan(city):
    """What identifies a generated database: scale, anchor day and the generators' code."""
    source = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
    return {"scale": city.scale, "today": city.today.isoformat(), "generators": source}


def stored(connection):
    """(plan, generation) of the data in the database, or (None, None)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('bench_meta') IS NOT NULL")
        if not cursor.fetchone()[0]:
            return None, None
        cursor.execute("SELECT plan, generation FROM bench_meta")
        row = cursor.fetchone()
    if row is None:
        return None, None
    return tuple(json.loads(v) if isinstance(v, str) else v for v in row)
