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

Several municipalities (issue 13): the city's rows are spread over ``MUNICIPALITIES``, each
generated as a city of its share (``City.municipalities()``) by the same generators, with the
municipality set for the transaction (byrum.tenancy), so that every row's ``municipality_id``
column is filled by its default, as the app's rows are. The first municipality, where the
scenarios log in, is generated straight into the tables with ids from 1; each of the others
into temporary tables of the same names that shadow the real ones (``pg_temp`` comes first
on the search path), whose rows are then appended to the real tables with every id and every
reference between generated tables moved past the rows already there (``_append``). So each
municipality's records refer only to its own, and its ids are a contiguous block.

To add a table group (e.g. incidents): write ``def incidents(cur, city): ...`` below, add its
counts to ``SF1`` (and ``MINIMUM`` if a tiny scale factor must still have some), and append
it to ``GENERATORS`` after the generators whose rows it refers to. A generator refers to its
municipality's rows by the ids it computed (they start from 1 in every municipality) and
writes no ``municipality_id``; a column with a unique index across municipalities (a
username, a client UUID) gets a rewrite in ``UNIQUE_ACROSS_MUNICIPALITIES``.
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
    "plans": 5,  # one action plan every two years; the last is in force
    "goals": 100,
    "initiatives": 1000,
    "meetings": 10000,
    "action_items": 100000,
    "incidents": 1000000,
    "small_jobs": 50000,  # about a dozen a day across the city
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
    "plans": 1,
    "goals": 2,
    "initiatives": 2,
    "meetings": 5,
    "action_items": 20,
    "incidents": 200,
    "small_jobs": 20,
}

# The municipalities the city's rows are spread over: (code, name, share of the rows). The
# first is where the scenarios log in (ids from 1, see City); the others hold the rows that
# row-level security must leave out of its pages.
MUNICIPALITIES = [
    ("751", "Aarhus", 0.7),
    ("851", "Aalborg", 0.1),
    ("461", "Odense", 0.1),
    ("561", "Esbjerg", 0.1),
]

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
    members; people with a login have user id = person id).

    ``City(scale)`` is the whole city; ``municipalities()`` its parts, one per entry of
    MUNICIPALITIES, each a City of its share that the generators fill in turn. ``home()``
    is the first part: the scenarios' ids are its ids (it is generated with ids from 1)."""

    scale: float
    today: datetime.date = dataclasses.field(default_factory=datetime.date.today)
    share: float = 1.0  # of the city's rows, for one municipality's part
    code: str = ""  # the municipality's code (a part), "" for the whole city
    name: str = ""

    def n(self, what: str) -> int:
        return max(MINIMUM.get(what, 1), round(SF1[what] * self.scale * self.share))

    def municipalities(self) -> list["City"]:
        return [
            dataclasses.replace(self, share=self.share * share, code=code, name=name)
            for code, name, share in MUNICIPALITIES
        ]

    def home(self) -> "City":
        """The municipality the scenarios log in to."""
        return self.municipalities()[0] if not self.code else self

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
    "Anne",
    "Mette",
    "Kirsten",
    "Hanne",
    "Helle",
    "Susanne",
    "Lene",
    "Maria",
    "Camilla",
    "Sofie",
    "Ida",
    "Emma",
    "Peter",
    "Jens",
    "Lars",
    "Michael",
    "Henrik",
    "Søren",
    "Thomas",
    "Jesper",
    "Kasper",
    "Mads",
    "Rasmus",
    "Frederik",
    "Ahmed",
    "Fatima",
    "Ali",
    "Aisha",
]
LAST_NAMES = [
    "Jensen",
    "Nielsen",
    "Hansen",
    "Pedersen",
    "Andersen",
    "Christensen",
    "Larsen",
    "Sørensen",
    "Rasmussen",
    "Jørgensen",
    "Petersen",
    "Madsen",
    "Kristensen",
    "Olsen",
    "Thomsen",
    "Holm",
    "Lindberg",
    "Mølgaard",
    "Dahl",
    "Østergaard",
    "Kaya",
    "Hussein",
    "Yilmaz",
]
STREETS = [
    "Kloster",
    "Bispe",
    "Kirke",
    "Havne",
    "Mølle",
    "Skole",
    "Store",
    "Lille",
    "Nørre",
    "Søndre",
    "Vester",
    "Øster",
    "Banegårds",
    "Rådhus",
    "Bibliotek",
    "Kongens",
    "Dronning",
    "Frederiks",
    "Christians",
    "Kannike",
    "Frue",
    "Skt. Clemens",
    "Ryes",
    "Ingerslevs",
    "Vestre",
    "Åboulevard",
    "Mejlgade",
    "Park",
    "Skov",
    "Strand",
]
# (kind, weight in tenths, name ending)
PLACE_KINDS = [
    ("square", 3, "Torv"),
    ("park", 2, "Park"),
    ("street", 2, "gade"),
    ("housing_area", 1, "Parken"),
    ("drop_in_centre", 1, "Værested"),
    ("safe_place", 1, "Hellested"),
]
LOREM = (
    "Pladsen bruges hele dagen af mange forskellige grupper. Om aftenen samles en fast gruppe "
    "ved bænkene, og der er behov for toiletter, belysning og en social vicevært, der kender "
    "stedet og menneskene. "
)


def _sql_array(values):
    return "ARRAY[" + ",".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def organisations(cur, city):
    n = city.n("organisations")
    kinds = _sql_array(
        ["municipality", "police", "ngo", "ngo", "business", "residents", "housing", "other"]
    )
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
        {
            "first": FIRST_NAMES,
            "last": LAST_NAMES,
            "start": city.start,
            "lo": first_login,
            "hi": last_login,
        },
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
            "first": FIRST_NAMES,
            "last": LAST_NAMES,
            "care": city.caretaker_ids()[1],
            "cons": city.consultant_ids()[1],
            "steer": city.steering_ids()[1],
            "t1": titles[0],
            "t2": titles[1],
            "t3": titles[2],
            "t4": titles[3],
            "orgs": city.n("organisations"),
            "logins": last_login,
            "people": people,
        },
    )
    # Each login belongs to the municipality being generated (the column's default).
    cur.execute(
        "INSERT INTO governance_account (user_id) SELECT i FROM generate_series(%s, %s) AS i",
        [first_login, last_login],
    )
    users = last_login - first_login + 1
    return {
        "auth_user": users,
        "auth_user_groups": users,
        "governance_account": users,
        "actionplan_person": people,
    }


def groups_and_memberships(cur, city):
    """The fixed bodies, then local groups; current memberships for everyone and ten years
    of history (one past membership per person)."""
    rows = [(i + 1, name, kind, parent) for i, (name, kind, parent) in enumerate(FIXED_GROUPS)]
    with cur.copy(
        "COPY actionplan_group (id, name, kind, parent_id, city, mandate, tasks) FROM STDIN"
    ) as copy:
        for gid, name, kind, parent in rows:
            copy.write_row(
                (
                    gid,
                    name,
                    kind,
                    parent,
                    city.name,
                    "Generated group for the benchmark.",
                    "Møder\nOpfølgning",
                )
            )
    local = city.local_groups()
    cur.execute(
        """
        INSERT INTO actionplan_group (id, name, kind, city, mandate, tasks, parent_id)
        SELECT %(first)s + k, 'Lokalgruppe ' || lpad((k + 1)::text, 3, '0'), 'local', %(city)s,
               'Lokal koordinering af indsatsen på gruppens pladser.',
               'Tryghedsvandringer' || chr(10) || 'Opfølgning på hændelser', 5
        FROM generate_series(0, %(local)s - 1) AS k
        """,
        {"first": LOCAL_GROUP_FIRST_ID, "local": local, "city": city.name},
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
        {
            "care_hi": care_hi,
            "cons_lo": cons_lo,
            "cons_hi": cons_hi,
            "steer_lo": steer_lo,
            "steer_hi": steer_hi,
            "local_first": LOCAL_GROUP_FIRST_ID,
            "local": local,
            "groups": groups,
            "today": today,
            "people": mem_hi,
        },
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
               kind, %(city)s,
               round((56.10 + bench_u('lat', i) * 0.10)::numeric, 6),
               round((10.10 + bench_u('lon', i) * 0.20)::numeric, 6),
               repeat(%(lorem)s, 1 + (i %% 3)),
               %(local_first)s + (i %% %(local)s),
               '', ''
        FROM (SELECT i, bench_pick(%(kinds)s, 'kind', i) AS kind
              FROM generate_series(1, %(n)s) AS i) AS p
        """,
        {
            "streets": STREETS,
            "endings": _json(endings),
            "city": city.name,
            "lorem": LOREM,
            "local_first": LOCAL_GROUP_FIRST_ID,
            "local": city.local_groups(),
            "kinds": kinds,
            "n": n,
        },
    )
    return {"places_place": n}


def _json(value):
    return json.dumps(value)


def _dates_of_plans(city):
    """(first day, last day) of each action plan: two years each from the start of the ten
    years; the last one runs a year past today (the plan in force)."""
    n = city.n("plans")
    span = (city.today - city.start).days // n
    periods = []
    for k in range(n):
        first = city.start + datetime.timedelta(days=k * span)
        last = first + datetime.timedelta(days=span - 1)
        if k == n - 1:
            last = city.today + datetime.timedelta(days=365)
        periods.append((first, last))
    return periods


def per_plan(city, what):
    """Rows of ``what`` per plan (goals, initiatives): the same number for every plan, so
    row ``j`` belongs to plan ``(j - 1) // per_plan + 1``."""
    return max(1, city.n(what) // city.n("plans"))


def plans_goals_and_initiatives(cur, city):
    """Action plans (the last in force), their goals with dated assessments, initiatives
    with places, goals and dated status updates."""
    periods = _dates_of_plans(city)
    n = len(periods)
    with cur.copy(
        "COPY actionplan_actionplan (id, title, period_start, period_end, budget,"
        " status, purpose, themes, short_term_track, long_term_track) FROM STDIN"
    ) as copy:
        for k, (first, last) in enumerate(periods, start=1):
            copy.write_row(
                (
                    k,
                    f"Handleplan for socialt udsatte i byrummet {first.year}–{last.year}",
                    first,
                    last,
                    2_500_000,
                    "implementation" if k == n else "evaluated",
                    "Tryghed og værdighed for alle i byens rum.",
                    "Hellesteder\nSociale viceværter\nToiletter og belysning",
                    "Her og nu-indsatser på de mest belastede pladser.",
                    "Langsigtet strategi for byrum, boliger og tilbud.",
                )
            )
    cur.execute(
        """INSERT INTO actionplan_actionplan_groups (id, actionplan_id, group_id)
           SELECT k * 2 - g + 1, k, g FROM generate_series(1, %s) k, generate_series(1, 2) g""",
        [n],
    )
    # Every plan covers the whole city: its dashboard counts every place, the worst case.
    cur.execute(
        """INSERT INTO actionplan_actionplan_places (id, actionplan_id, place_id)
           SELECT (k - 1) * %(places)s + p, k, p
           FROM generate_series(1, %(plans)s) k, generate_series(1, %(places)s) p""",
        {"plans": n, "places": city.n("places")},
    )
    first_days = [p[0] for p in periods]
    last_days = [p[1] for p in periods]
    gpp, ipp = per_plan(city, "goals"), per_plan(city, "initiatives")
    goals, initiatives = gpp * n, ipp * n
    cons_lo, cons_hi = city.consultant_ids()
    common = {
        "firsts": first_days,
        "lasts": last_days,
        "today": city.today,
        "gpp": gpp,
        "ipp": ipp,
        "goals": goals,
        "initiatives": initiatives,
        "cons_lo": cons_lo,
        "cons_n": cons_hi - cons_lo + 1,
        "orgs": city.n("organisations"),
        "places": city.n("places"),
    }
    cur.execute(
        """
        INSERT INTO actionplan_goal (id, plan_id, track, text, success_criteria, indicator,
                                     baseline, target, horizon)
        SELECT g, k, CASE WHEN g %% 2 = 0 THEN 'long' ELSE 'short' END,
               'Mål ' || g || ': færre konflikter og mere tryghed på pladserne',
               'Antallet af konflikter falder, og flere oplever pladsen som tryg.',
               'Hændelser med konflikt pr. måned', 40 + g %% 20, 20 + g %% 10,
               (%(lasts)s::date[])[k]
        FROM (SELECT g, (g - 1) / %(gpp)s + 1 AS k FROM generate_series(1, %(goals)s) g) x
        """,
        common,
    )
    # Six assessments per goal, spread over its plan's period up to today.
    cur.execute(
        """
        INSERT INTO actionplan_assessment (id, point, date, status, measured_value, note,
                                           assessed_by_id, plan_id, goal_id)
        SELECT (g - 1) * 6 + a, '',
               LEAST(%(today)s::date, (%(firsts)s::date[])[k] + a * 60),
               bench_pick(ARRAY['on_track', 'on_track', 'at_risk', 'off_track', 'achieved'],
                          'assessment', (g - 1) * 6 + a),
               30 + ((g + a) %% 15), 'Vurderet på styregruppens møde.',
               %(cons_lo)s + (g %% %(cons_n)s), NULL, g
        FROM (SELECT g, (g - 1) / %(gpp)s + 1 AS k FROM generate_series(1, %(goals)s) g) x,
             generate_series(1, 6) a
        """,
        common,
    )
    cur.execute(
        """
        INSERT INTO actionplan_initiative (id, plan_id, title, kind, track, description, status,
                                           start, "end", budget_allocated, budget_spent,
                                           responsible_organisation_id, responsible_person_id,
                                           citizen_driven)
        SELECT j, k, 'Indsats ' || j || ': ' || kind_title, kind,
               CASE WHEN j %% 3 = 0 THEN 'long' ELSE 'short' END,
               'Genereret indsats til belastningstesten.',
               CASE WHEN k < %(plans)s THEN bench_pick(ARRAY['done', 'done', 'stopped'], 'ist', j)
                    ELSE bench_pick(ARRAY['idea', 'planned', 'in_progress', 'in_progress',
                                          'done'], 'ist', j) END,
               (%(firsts)s::date[])[k], (%(lasts)s::date[])[k],
               10000 * (1 + j %% 20), 5000 * (j %% 20),
               1 + j %% %(orgs)s, %(cons_lo)s + (j %% %(cons_n)s),
               kind = 'citizen_driven'
        FROM (SELECT j, (j - 1) / %(ipp)s + 1 AS k,
                     bench_pick(%(kinds)s, 'ikind', j) AS kind,
                     bench_pick(%(titles)s, 'ititle', j) AS kind_title
              FROM generate_series(1, %(initiatives)s) j) x
        """,
        {**common, "plans": n, "kinds": INITIATIVE_KINDS, "titles": INITIATIVE_TITLES},
    )
    cur.execute(
        """
        INSERT INTO actionplan_initiative_places (id, initiative_id, place_id)
        SELECT (j - 1) * 2 + p, j,
               1 + ((bench_skew('iplace', j, %(places)s, 2) - 1 + (p - 1) * (1 + j %% 3))
                    %% %(places)s)
        FROM generate_series(1, %(initiatives)s) j, generate_series(1, 2) p
        """,
        common,
    )
    cur.execute(
        """
        INSERT INTO actionplan_initiative_goals (id, initiative_id, goal_id)
        SELECT j, j, ((j - 1) / %(ipp)s) * %(gpp)s + 1 + (j %% %(gpp)s)
        FROM generate_series(1, %(initiatives)s) j
        """,
        common,
    )
    # Four dated status updates per initiative: the last one a while ago for some, so the
    # dashboard has quiet initiatives to show.
    cur.execute(
        """
        INSERT INTO actionplan_initiativeupdate (id, initiative_id, date, old_status,
                                                 new_status, note, created_at, by_id)
        SELECT (j - 1) * 4 + u, j, d, CASE WHEN u = 1 THEN '' ELSE 'planned' END,
               CASE WHEN u = 1 THEN 'planned' ELSE 'in_progress' END,
               'Status: indsatsen skrider frem som planlagt.', d::timestamptz,
               %(cons_lo)s + (j %% %(cons_n)s)
        FROM (SELECT j, u,
                     CASE WHEN u < 4 THEN (%(firsts)s::date[])[k] + u * 90
                          ELSE LEAST(%(today)s::date - (j %% 120), (%(lasts)s::date[])[k])
                     END AS d
              FROM (SELECT j, (j - 1) / %(ipp)s + 1 AS k
                    FROM generate_series(1, %(initiatives)s) j) p,
                   generate_series(1, 4) u) x
        """,
        common,
    )
    return {
        "actionplan_actionplan": n,
        "actionplan_actionplan_groups": 2 * n,
        "actionplan_actionplan_places": n * city.n("places"),
        "actionplan_goal": goals,
        "actionplan_assessment": 6 * goals,
        "actionplan_initiative": initiatives,
        "actionplan_initiative_places": 2 * initiatives,
        "actionplan_initiative_goals": initiatives,
        "actionplan_initiativeupdate": 4 * initiatives,
    }


def _meeting_day(city, m):
    """The day of meeting ``m`` (1-based): evenly spaced from the start of the ten years to
    90 days after today, so the first meetings have minutes and the last are planned."""
    span = (city.today - city.start).days + 90
    return city.start + datetime.timedelta(days=(m - 1) * span // city.n("meetings"))


def past_meetings(city):
    """How many meetings (the first ones) were held before today: they have minutes and
    decisions; the rest are planned."""
    # Meeting m is before today when (m - 1) * span // n < days, i.e. (m - 1) * span < days * n.
    n = city.n("meetings")
    days = (city.today - city.start).days
    span = days + 90
    return min(n, -(-days * n // span))


AGENDA_ITEMS = 5
DECISIONS = 2  # per held meeting, on agenda items 2 and 3
PARTICIPANTS = 8


def meetings(cur, city):
    """Ten years of meetings, every group in turn, at 16:00 Copenhagen time: five agenda
    items each with about 2 KB of minutes in all, two decisions, eight participants."""
    n = city.n("meetings")
    held = past_meetings(city)
    span = (city.today - city.start).days + 90
    cons_lo, cons_hi = city.consultant_ids()
    params = {
        "n": n,
        "held": held,
        "span": span,
        "start": city.start,
        "groups": city.groups(),
        "places": city.n("places"),
        "cons_lo": cons_lo,
        "cons_n": cons_hi - cons_lo + 1,
        "people": city.people(),
        "kinds": MEETING_KINDS,
        "lorem": MINUTES,
        "items": AGENDA_ITEMS,
        "titles": AGENDA_TITLES,
        "decisions": DECISIONS,
        "parts": min(PARTICIPANTS, city.people()),
        "today": city.today,
    }
    cur.execute(
        """
        INSERT INTO meetings_meeting (id, group_id, title, kind, start, "end", location,
                                      place_id, description, state, approved_at, approved_by_id,
                                      created_at)
        SELECT m, 1 + (m %% %(groups)s), 'Møde nr. ' || m, bench_pick(%(kinds)s, 'mkind', m),
               t, t + interval '2 hours', 'Rådhuset, mødelokale ' || (1 + m %% 9),
               CASE WHEN m %% 3 = 0 THEN 1 + (m %% %(places)s) END,
               'Dagsorden: status på pladserne, hændelser og opgaver.',
               CASE WHEN m > %(held)s THEN 'planned'
                    WHEN m > %(held)s - 3 THEN 'minutes_draft' ELSE 'minutes_approved' END,
               CASE WHEN m <= %(held)s - 3 THEN t + interval '7 days' END,
               CASE WHEN m <= %(held)s - 3 THEN %(cons_lo)s + (m %% %(cons_n)s) END,
               t - interval '14 days'
        FROM (SELECT m, ((%(start)s::date + ((m - 1)::bigint * %(span)s / %(n)s)::int)
                         + time '16:00') AT TIME ZONE 'Europe/Copenhagen' AS t
              FROM generate_series(1, %(n)s) m) x
        """,
        params,
    )
    # Minutes only for the meetings held; about 400 characters on each of five items.
    cur.execute(
        """
        INSERT INTO meetings_agendaitem (id, meeting_id, position, title, presenter, duration,
                                         description, notes, notes_updated_at,
                                         notes_updated_by_id, outcome, finding_id)
        SELECT (m - 1) * %(items)s + k, m, k, bench_pick(%(titles)s, 'atitle', m * 10 + k),
               'Sekretariatet', 15 + 5 * (k %% 3), '',
               CASE WHEN m <= %(held)s THEN left(repeat(%(lorem)s, 3), 380 + (m + k) %% 60)
                    ELSE '' END,
               CASE WHEN m <= %(held)s THEN mt.start + interval '3 hours' END,
               CASE WHEN m <= %(held)s THEN %(cons_lo)s + (m %% %(cons_n)s) END,
               '', NULL
        FROM generate_series(1, %(n)s) m
        JOIN meetings_meeting mt ON mt.id = m, generate_series(1, %(items)s) k
        """,
        params,
    )
    cur.execute(
        """
        INSERT INTO meetings_decision (id, agenda_item_id, text, created_at, created_by_id)
        SELECT (m - 1) * %(decisions)s + d, (m - 1) * %(items)s + 1 + d,
               'Styregruppen besluttede at følge op på pladsen og rapportere på næste møde.',
               mt.start + interval '1 hour', %(cons_lo)s + (m %% %(cons_n)s)
        FROM generate_series(1, %(held)s) m
        JOIN meetings_meeting mt ON mt.id = m, generate_series(1, %(decisions)s) d
        """,
        params,
    )
    cur.execute(
        """
        INSERT INTO meetings_participant (id, meeting_id, person_id, name, organisation, email,
                                          attendance)
        SELECT (m - 1) * %(parts)s + k, m,
               1 + (((m - 1) * %(parts)s + k) %% %(people)s), '', '', '',
               CASE WHEN m > %(held)s THEN 'invited'
                    ELSE bench_pick(ARRAY['present', 'present', 'present', 'present',
                                          'apologies', 'absent'], 'att', m * 10 + k) END
        FROM generate_series(1, %(n)s) m, generate_series(1, %(parts)s) k
        """,
        params,
    )
    return {
        "meetings_meeting": n,
        "meetings_agendaitem": n * AGENDA_ITEMS,
        "meetings_decision": held * DECISIONS,
        "meetings_participant": n * params["parts"],
    }


def action_items(cur, city):
    """Action items: half from meeting decisions (due one to three months after the
    meeting, in the meeting's group), three in ten from initiatives, the rest entered
    directly. About 8 % are overdue (open, due before today), like a real backlog."""
    n = city.n("action_items")
    decisions = past_meetings(city) * DECISIONS
    span = (city.today - city.start).days + 120
    cons_lo, cons_hi = city.consultant_ids()
    params = {
        "n": n,
        "decisions": max(decisions, 1),
        "has_decisions": decisions > 0,
        "span": span,
        "start": city.start,
        "today": city.today,
        "groups": city.groups(),
        "people": city.people(),
        "orgs": city.n("organisations"),
        "initiatives": per_plan(city, "initiatives") * city.n("plans"),
        "meetings": city.n("meetings"),
        "mspan": (city.today - city.start).days + 90,
        "cons_lo": cons_lo,
        "cons_n": cons_hi - cons_lo + 1,
        # P(still open | due before today): 8 % of all items over the share past due.
        "p_overdue": 0.08 * span / (span - 120),
    }
    cur.execute(
        """
        INSERT INTO actionplan_actionitem (id, title, description, due, status, source,
                                           done_on, created_at, done_by_id, group_id,
                                           responsible_organisation_id, responsible_person_id,
                                           initiative_id)
        SELECT a, title, '', due,
               status, source,
               CASE WHEN status = 'done' THEN due - (a %% 10) END,
               due::timestamptz - interval '30 days',
               CASE WHEN status = 'done' THEN %(cons_lo)s + (a %% %(cons_n)s) END,
               grp,
               CASE WHEN a %% 4 <> 1 THEN 1 + (a %% %(orgs)s) END,
               CASE WHEN a %% 4 <> 2 THEN 1 + ((a * 7) %% %(people)s) END,
               CASE WHEN source = 'initiative' THEN 1 + (a %% %(initiatives)s) END
        FROM (
            SELECT a, source, due, grp, title,
                   CASE WHEN due >= %(today)s::date
                            THEN CASE WHEN a %% 3 = 0 THEN 'in_progress' ELSE 'open' END
                        WHEN bench_u('overdue', a) < %(p_overdue)s
                            THEN CASE WHEN a %% 3 = 0 THEN 'in_progress' ELSE 'open' END
                        WHEN bench_u('cancel', a) < 0.05 THEN 'cancelled'
                        ELSE 'done' END AS status
            FROM (
                SELECT a, source, title,
                       CASE WHEN source = 'meeting_decision'
                            THEN %(start)s::date
                                 + ((((d - 1) / 2)::bigint * %(mspan)s / %(meetings)s)::int)
                                 + 14 + floor(bench_u('due', a) * 76)::int
                            ELSE %(start)s::date + floor(bench_u('due', a) * %(span)s)::int
                       END AS due,
                       CASE WHEN source = 'meeting_decision'
                            THEN 1 + (((d - 1) / 2 + 1) %% %(groups)s)
                            ELSE 1 + (a %% %(groups)s) END AS grp
                FROM (
                    -- The n-th item from a decision goes to decision n mod D: every
                    -- decision gets its share (two or three at scale factor 1).
                    SELECT a, 1 + (((a / 10) * 5 + a %% 10) %% %(decisions)s) AS d,
                           CASE WHEN a %% 10 < 5 AND %(has_decisions)s THEN 'meeting_decision'
                                WHEN a %% 10 < 8 THEN 'initiative'
                                ELSE 'other' END AS source,
                           bench_pick(%(titles)s, 'aititle', a) || ' (' || a || ')' AS title
                    FROM generate_series(1, %(n)s) a
                ) s
            ) t
        ) u
        """,
        {**params, "titles": ACTION_TITLES},
    )
    cur.execute(
        """
        INSERT INTO meetings_decision_action_items (id, decision_id, actionitem_id)
        SELECT row_number() OVER (ORDER BY a), 1 + (((a / 10) * 5 + a %% 10) %% %(decisions)s), a
        FROM generate_series(1, %(n)s) a
        WHERE a %% 10 < 5 AND %(has_decisions)s
        """,
        params,
    )
    linked = sum(1 for a in range(1, n + 1) if a % 10 < 5) if decisions else 0
    return {"actionplan_actionitem": n, "meetings_decision_action_items": linked}


def caretaker_places(cur, city):
    """Every place has one caretaker: caretaker ``k`` works at places k, k + C, k + 2C, …
    (C caretakers), so the first caretaker has the city's most popular place."""
    places = city.n("places")
    caretakers = city.caretaker_ids()[1]
    cur.execute(
        """INSERT INTO incidents_caretakerplace (id, place_id, user_id)
           SELECT p, p, 1 + ((p - 1) %% %s) FROM generate_series(1, %s) p""",
        [caretakers, places],
    )
    return {"incidents_caretakerplace": places}


def _reporter_sql(caretakers):
    """The caretaker of place ``place`` (see caretaker_places)."""
    return f"1 + ((place - 1) %% {int(caretakers)})"  # %% : the SQL has parameters


def incidents(cur, city):
    """A million incidents over ten years: places skewed (a few squares see most of them),
    more on Fridays to Sundays and in the afternoon and evening, at Copenhagen local time.
    Free text is kept only for the last INCIDENT_RETENTION_MONTHS, as the retention rule
    leaves it."""
    from django.conf import settings

    n = city.n("incidents")
    monday = city.start - datetime.timedelta(days=city.start.weekday())
    weeks = ((city.today - monday).days // 7) + 1
    retention_days = round(settings.INCIDENT_RETENTION_MONTHS * 30.44)
    cur.execute(
        f"""
        INSERT INTO incidents_incident (id, client_uuid, fingerprint, place_id, occurred_at,
                                        category, severity, people_involved, police_called,
                                        ambulance_called, description, follow_up_needed, status,
                                        follow_up_note, photo, latitude, longitude,
                                        reported_by_id, created_at, redacted_at)
        SELECT i, md5('incident' || i)::uuid, '', place, happened, category,
               bench_pick(ARRAY['1', '1', '1', '2', '2', '3'], 'sev', i)::smallint,
               1 + floor(pow(bench_u('people', i), 3) * 8)::smallint,
               bench_u('police', i) < CASE WHEN category IN ('violence', 'threats') THEN 0.4
                                           ELSE 0.02 END,
               bench_u('ambulance', i) < CASE WHEN category = 'health_emergency' THEN 0.5
                                              ELSE 0.005 END,
               CASE WHEN recent THEN bench_pick(%(texts)s, 'text', i) ELSE '' END,
               follow_up, CASE WHEN follow_up AND NOT this_month THEN 'handled' ELSE 'open' END,
               '', '', NULL, NULL, {_reporter_sql(city.caretaker_ids()[1])},
               happened + interval '1 minute' * (1 + i %% 30),
               CASE WHEN NOT recent THEN happened + interval '1 day' * %(retention)s END
        FROM (
            SELECT i, place, category, happened, bench_u('follow', i) < 0.1 AS follow_up,
                   happened > now() - interval '1 day' * %(retention)s AS recent,
                   happened > now() - interval '30 days' AS this_month
            FROM (
                SELECT i, place, category,
                       CASE WHEN local_at AT TIME ZONE 'Europe/Copenhagen' > now()
                            THEN (local_at - interval '7 days') AT TIME ZONE 'Europe/Copenhagen'
                            ELSE local_at AT TIME ZONE 'Europe/Copenhagen' END AS happened
                FROM (
                    SELECT i, bench_skew('place', i, %(places)s, 2) AS place,
                           bench_pick(%(categories)s, 'category', i) AS category,
                           %(monday)s::date
                           + floor(bench_u('week', i) * %(weeks)s)::int * 7
                           + bench_pick(%(weekdays)s, 'weekday', i)::int
                           + make_interval(hours => bench_pick(%(hours)s, 'hour', i)::int,
                                           mins => floor(bench_u('minute', i) * 60)::int)
                             AS local_at
                    FROM generate_series(1, %(n)s) i
                ) a
            ) b
        ) c
        """,
        {
            "n": n,
            "places": city.n("places"),
            "categories": INCIDENT_CATEGORIES,
            "monday": monday,
            "weeks": weeks,
            "weekdays": WEEKDAYS,
            "hours": HOURS,
            "texts": INCIDENT_TEXTS,
            "retention": retention_days,
        },
    )
    return {"incidents_incident": n}


def incident_summaries(cur):
    """The week summaries that triggers keep current in the app (off during generation),
    of every municipality's incidents and plans: once, after all are generated."""
    from incidents import summary

    summary.rebuild(cur)
    cur.execute(
        "SELECT (SELECT count(*) FROM incidents_incidentweek),"
        " (SELECT count(*) FROM incidents_incidentplaceweek),"
        " (SELECT count(*) FROM incidents_planincidentweek)"
    )
    weeks, place_weeks, plan_weeks = cur.fetchone()
    return {
        "incidents_incidentweek": weeks,
        "incidents_incidentplaceweek": place_weeks,
        "incidents_planincidentweek": plan_weeks,
    }


def small_jobs(cur, city):
    """Small jobs over ten years at the same skewed places, each under a small-jobs
    initiative of the plan of its time where there is one."""
    n = city.n("small_jobs")
    span = (city.today - city.start).days
    cur.execute(
        f"""
        INSERT INTO incidents_smalljob (id, client_uuid, fingerprint, date, place_id, task, note,
                                        participants, hours, initiative_id, reported_by_id,
                                        created_at)
        SELECT i, md5('smalljob' || i)::uuid, '', d, place,
               bench_pick(ARRAY['cleaning', 'cleaning', 'washing_furniture', 'green_care',
                                'waste_collection', 'other'], 'task', i),
               '', 1 + floor(bench_u('participants', i) * 5)::smallint,
               (1 + floor(bench_u('hours', i) * 6)) / 2.0,
               CASE WHEN i %% 2 = 0 THEN 1 + (i %% %(initiatives)s) END,
               {_reporter_sql(city.caretaker_ids()[1])},
               d + time '15:00'
        FROM (SELECT i, bench_skew('jobplace', i, %(places)s, 2) AS place,
                     %(start)s::date + floor(bench_u('jobday', i) * %(span)s)::int AS d
              FROM generate_series(1, %(n)s) i) x
        """,
        {
            "n": n,
            "places": city.n("places"),
            "start": city.start,
            "span": span,
            "initiatives": per_plan(city, "initiatives") * city.n("plans"),
        },
    )
    return {"incidents_smalljob": n}


INITIATIVE_KINDS = [
    "safe_place",
    "social_caretakers",
    "small_jobs",
    "physical",
    "physical",
    "co_creation",
    "safety_walks",
    "mediation",
    "neighbourliness",
    "citizen_driven",
    "other",
]
INITIATIVE_TITLES = [
    "Hellested",
    "Sociale viceværter",
    "Småjobs",
    "Nyt toilet",
    "Bedre belysning",
    "Samskabelse",
    "Tryghedsvandringer",
    "Konfliktmægling",
    "Naboskabsaktiviteter",
    "Borgerdrevet indsats",
]
MEETING_KINDS = [
    "ordinary",
    "ordinary",
    "ordinary",
    "ordinary",
    "theme",
    "dialogue",
    "open_house",
    "walk_follow_up",
]
AGENDA_TITLES = [
    "Godkendelse af dagsorden",
    "Status fra pladserne",
    "Hændelser siden sidst",
    "Opfølgning på opgaver",
    "Tryghedsvandring",
    "Budget",
    "Eventuelt",
]
MINUTES = (
    "Gruppen gennemgik status fra pladserne. Der har været færre konflikter ved "
    "bænkene om aftenen, men affald og toiletforhold fylder stadig. De sociale "
    "viceværter oplever god kontakt med de faste brugere. "
)
ACTION_TITLES = [
    "Udskift pærer i belysningen",
    "Bestil ekstra toiletvask",
    "Kontakt boligforeningen",
    "Følg op med politiet",
    "Indkald til dialogmøde",
    "Tøm affaldsspande oftere",
    "Beskær buske ved stien",
    "Send status til udvalget",
]
# Weighted: a category, a weekday (0 = Monday) and an hour of the day, by how often.
INCIDENT_CATEGORIES = (
    ["intoxication"] * 6
    + ["good_contact"] * 6
    + ["internal_conflict"] * 4
    + ["conflict_with_others"] * 3
    + ["waste"] * 3
    + ["urination"] * 2
    + ["noise"] * 2
    + ["de_escalation"] * 3
    + ["sleeping_rough"] * 2
    + ["threats", "violence", "damage", "health_emergency"]
)
WEEKDAYS = ["0", "1", "2", "3", "3", "4", "4", "4", "5", "5", "5", "6", "6"]
HOURS = [
    str(h)
    for h in (
        [0, 1, 2, 7, 8, 9, 10, 10, 11, 11, 12, 12, 12]
        + [13, 14, 15, 16, 17, 18, 19, 20, 21, 22] * 3
        + [23]
    )
]
INCIDENT_TEXTS = [
    "Uro ved bænkene, talte situationen ned.",
    "God snak med de faste brugere.",
    "Affald efter aftenen, ryddet op sammen.",
    "Konflikt om pladsen ved toilettet.",
    "Beruset person hjulpet hjem.",
    "Højlydt musik sent på aftenen.",
]


# (label, generator) in dependency order. Append new table groups here.
GENERATORS = [
    ("organisations", organisations),
    ("people and users", people_and_users),
    ("groups and memberships", groups_and_memberships),
    ("places", places),
    ("plans, goals and initiatives", plans_goals_and_initiatives),
    ("meetings", meetings),
    ("action items", action_items),
    ("caretakers' places", caretaker_places),
    ("incidents", incidents),
    ("small jobs", small_jobs),
]


def _has_id(cur, table):
    cur.execute(
        "SELECT 1 FROM pg_attribute WHERE attrelid = %s::regclass AND attname = 'id'",
        [f"public.{table}"],
    )
    return cur.fetchone() is not None


def reset_identity(cur, table):
    """After explicit ids: the next row the app inserts gets max(id) + 1."""
    if not _has_id(cur, table):
        return
    cur.execute(
        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
        f"coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
    )


def fill(cur, city, log=print):
    """Run every generator for every municipality of ``city`` on ``cur`` (inside the
    caller's transaction) and reset the identities. Returns ({table: rows}, {label:
    seconds})."""
    from byrum import tenancy

    tables, seconds = {}, {}
    cur.execute(HELPERS)
    # Generated rows are imported data: no history events for them, and no trigger or
    # foreign-key check per row (the ids are computed, see the module docstring;
    # dangling_references() checks them). Needs the right to set session_replication_role,
    # which the owner role has (deploy/postgres/roles.sql); without it the triggers run and
    # generation is slower.
    cur.execute("SELECT has_parameter_privilege('session_replication_role', 'SET')")
    if cur.fetchone()[0]:
        cur.execute("SET LOCAL session_replication_role = replica")
    generated = []  # the tables the generators write, in the order they write them
    parts = zip(city.municipalities(), _municipalities(cur), strict=True)
    for index, (part, municipality_id) in enumerate(parts):
        log(f"  {part.name} ({part.code}), {part.share:.0%} of the city:")
        # Every row inserted from here on belongs to this municipality (its column default).
        cur.execute("SELECT set_config(%s, %s, true)", [tenancy.SETTING, str(municipality_id)])
        if index:  # after the first: into temporary tables, then appended
            _shadow(cur, generated)
        for label, generator in GENERATORS:
            t0 = time.perf_counter()
            counts = generator(cur, part)
            elapsed = time.perf_counter() - t0
            seconds[label] = round(seconds.get(label, 0) + elapsed, 2)
            for table, rows in counts.items():
                tables[table] = tables.get(table, 0) + rows
                if not index:
                    generated.append(table)
            log(
                f"    {label}: {', '.join(f'{t} {c:,}' for t, c in counts.items())}"
                f" ({elapsed:.2f} s)"
            )
        if index:
            t0 = time.perf_counter()
            _append(cur, generated)
            elapsed = time.perf_counter() - t0
            seconds["appending"] = round(seconds.get("appending", 0) + elapsed, 2)
            log(f"    appended after the rows of the municipalities before ({elapsed:.2f} s)")
    cur.execute("SELECT set_config(%s, '', true)", [tenancy.SETTING])
    t0 = time.perf_counter()
    counts = incident_summaries(cur)
    seconds["incident summaries"] = round(time.perf_counter() - t0, 2)
    tables.update(counts)
    log(f"  incident summaries: {', '.join(f'{t} {c:,}' for t, c in counts.items())}")
    for table in tables:
        reset_identity(cur, table)
    cur.execute("SET LOCAL session_replication_role = DEFAULT")
    return tables, seconds


def _municipalities(cur):
    """The ids of MUNICIPALITIES' rows, created when missing (by code)."""
    ids = []
    for code, name, _share in MUNICIPALITIES:
        cur.execute(
            "INSERT INTO governance_municipality (name, code) VALUES (%s, %s) "
            "ON CONFLICT (code) DO NOTHING",
            [name, code],
        )
        cur.execute("SELECT id FROM governance_municipality WHERE code = %s", [code])
        ids.append(cur.fetchone()[0])
    return ids


def _shadow(cur, tables):
    """Empty temporary tables named as ``tables``, with their columns and defaults (the
    municipality's among them) but no constraints: unqualified names now mean them."""
    for table in tables:
        cur.execute(f"DROP TABLE IF EXISTS pg_temp.{table}")
        cur.execute(
            f"CREATE TEMPORARY TABLE {table} "
            f"(LIKE public.{table} INCLUDING DEFAULTS INCLUDING IDENTITY) ON COMMIT DROP"
        )


# Columns unique across municipalities, as each generator writes them for a row id ("{id}"
# is the row's id in the real table).
UNIQUE_ACROSS_MUNICIPALITIES = {
    ("auth_user", "username"): "'bench' || lpad({id}::text, greatest(6, length({id}::text)), '0')",
    ("incidents_incident", "client_uuid"): "md5('incident' || {id})::uuid",
    ("incidents_smalljob", "client_uuid"): "md5('smalljob' || {id})::uuid",
}


def _append(cur, tables):
    """Move the rows of the temporary ``tables`` (one municipality's, ids from 1) into the
    real ones, after the rows already there: each table's ids, and every reference to a
    generated table, grow by that table's largest id; the columns in
    UNIQUE_ACROSS_MUNICIPALITIES are written again for the new id. Then drop the
    temporary tables."""
    offsets = {}
    for table in tables:
        if _has_id(cur, table):  # not governance_account, whose key is its login's
            cur.execute(f"SELECT coalesce(max(id), 0) FROM public.{table}")
            offsets[table] = cur.fetchone()[0]
    references = {}
    for _name, table, column, target, _target_column in foreign_keys(cur):
        if table in tables and target in offsets:
            references[(table, column)] = target
    for table in tables:
        cur.execute(
            """SELECT attname FROM pg_attribute
               WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped
                 AND attgenerated = '' ORDER BY attnum""",
            [f"public.{table}"],
        )
        columns = [row[0] for row in cur.fetchall()]
        new_id = f"(t.id + {offsets.get(table, 0)})"
        values = []
        for column in columns:
            if column == "id":
                values.append(new_id)
            elif (table, column) in references:
                values.append(f't."{column}" + {offsets[references[(table, column)]]}')
            elif (table, column) in UNIQUE_ACROSS_MUNICIPALITIES:
                values.append(UNIQUE_ACROSS_MUNICIPALITIES[(table, column)].format(id=new_id))
            else:
                values.append(f't."{column}"')
        quoted = ", ".join(f'"{column}"' for column in columns)
        cur.execute(
            f"INSERT INTO public.{table} ({quoted}) "
            f"SELECT {', '.join(values)} FROM pg_temp.{table} t"
        )
    for table in tables:
        cur.execute(f"DROP TABLE pg_temp.{table}")


def generate(connection, city, log=print):
    """Run every generator in one transaction, reset the identities, then VACUUM ANALYZE so
    the planner has statistics and index-only scans can use the visibility map.
    Returns {"tables": {table: rows}, "seconds": {label: s}, "total_seconds": s}."""
    began = time.perf_counter()
    connection.ensure_connection()
    raw = connection.connection  # psycopg 3 connection under Django's wrapper
    with raw.transaction():
        with raw.cursor() as cur:
            tables, seconds = fill(cur, city, log)
    t0 = time.perf_counter()
    previous = raw.autocommit
    raw.autocommit = True
    try:
        raw.execute("VACUUM (ANALYZE)")
    finally:
        raw.autocommit = previous
    seconds["vacuum analyze"] = round(time.perf_counter() - t0, 2)
    result = {
        "tables": tables,
        "seconds": seconds,
        "total_seconds": round(time.perf_counter() - began, 2),
    }
    with raw.transaction():
        raw.execute("CREATE TABLE IF NOT EXISTS bench_meta (plan jsonb, generation jsonb)")
        raw.execute("DELETE FROM bench_meta")
        raw.execute(
            "INSERT INTO bench_meta VALUES (%s::jsonb, %s::jsonb)",
            [json.dumps(plan(city)), json.dumps(result)],
        )
    return result


def foreign_keys(cursor):
    """(constraint, table, column, target table, target column) of every one-column
    foreign key between tables of the public schema; tables by name without a schema, also
    while temporary tables shadow them (``_shadow``)."""
    cursor.execute(
        """
        SELECT c.conname, t.relname, a.attname, r.relname, fa.attname
        FROM pg_constraint c
        JOIN pg_class t ON t.oid = c.conrelid
        JOIN pg_class r ON r.oid = c.confrelid
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
        JOIN pg_attribute fa ON fa.attrelid = c.confrelid AND fa.attnum = c.confkey[1]
        WHERE c.contype = 'f' AND cardinality(c.conkey) = 1
          AND c.connamespace = 'public'::regnamespace
        ORDER BY c.conname
        """
    )
    return cursor.fetchall()


def dangling_references(connection):
    """Foreign keys that point at no row: ``[(constraint, rows)]``, empty when the generated
    data is consistent. Generation runs with triggers off, and PostgreSQL checks foreign
    keys with triggers, so this is how the smoke test makes sure the ids add up."""
    with connection.cursor() as cursor:
        keys = foreign_keys(cursor)
        found = []
        for name, table, column, target, target_column in keys:
            cursor.execute(
                f'SELECT count(*) FROM {table} t WHERE t."{column}" IS NOT NULL AND NOT EXISTS '
                f'(SELECT 1 FROM {target} r WHERE r."{target_column}" = t."{column}")'
            )
            rows = cursor.fetchone()[0]
            if rows:
                found.append((name, rows))
    return found


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
