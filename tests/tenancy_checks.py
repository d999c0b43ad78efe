"""Checks that data written outside the app's forms (the demo seeder, the benchmark's
generator) keeps every municipality's records to itself.

They read every row, so they run as the owner role, which row-level security does not
filter (``byrum.db_roles.as_owner``); as the application's role they would see one
municipality and find nothing wrong.
"""

from bench.generate import foreign_keys

# The municipality of a row of a table without a municipality column: a login's is its
# Account's. A superuser may work in any municipality, so a row may refer to one anywhere.
USER_MUNICIPALITY = (
    "(SELECT a.municipality_id FROM governance_account a "
    "WHERE a.user_id = {row}.id AND NOT {row}.is_superuser)"
)


def _tenant_tables(cursor):
    cursor.execute(
        """
        SELECT c.relname FROM pg_class c
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'municipality_id'
        WHERE c.relkind IN ('r', 'p') AND c.relnamespace = 'public'::regnamespace
          AND NOT a.attisdropped
        """
    )
    return {row[0] for row in cursor.fetchall()}


def cross_municipality_references(cursor):
    """``[(what, rows)]`` of references from a row of one municipality to a row of another:
    empty when every record and everything it refers to belong to one municipality.

    - a foreign key between two tables with a municipality (or to a login, whose
      municipality is its Account's): both rows must have the same;
    - a table without one (a many-to-many link, a login's roles): the rows it links must
      belong to the same municipality."""
    tenant = _tenant_tables(cursor)

    def municipality_of(table, alias):
        if table in tenant:
            return f'{alias}."municipality_id"'
        if table == "auth_user":
            return USER_MUNICIPALITY.format(row=alias)
        return None

    keys = foreign_keys(cursor)
    found = []
    for name, table, column, target, target_column in keys:
        own, theirs = municipality_of(table, "t"), municipality_of(target, "r")
        if own is None or theirs is None or table == target == "auth_user":
            continue
        if table not in tenant and table != "auth_user":
            continue
        cursor.execute(
            f'SELECT count(*) FROM {table} t JOIN {target} r ON r."{target_column}" = t."{column}" '
            f"WHERE {theirs} IS NOT NULL AND {own} IS DISTINCT FROM {theirs}"
        )
        rows = cursor.fetchone()[0]
        if rows:
            found.append((name, rows))
    # Link tables: every pair of their references to rows with a municipality.
    links = {}
    for _name, table, column, target, target_column in keys:
        if table in tenant or table == "auth_user" or municipality_of(target, "r") is None:
            continue
        links.setdefault(table, []).append((column, target, target_column))
    for table, refs in sorted(links.items()):
        for i, (column_a, target_a, key_a) in enumerate(refs):
            for column_b, target_b, key_b in refs[i + 1 :]:
                a, b = municipality_of(target_a, "a"), municipality_of(target_b, "b")
                cursor.execute(
                    f"SELECT count(*) FROM {table} t "
                    f'JOIN {target_a} a ON a."{key_a}" = t."{column_a}" '
                    f'JOIN {target_b} b ON b."{key_b}" = t."{column_b}" '
                    f"WHERE {a} IS NOT NULL AND {b} IS NOT NULL AND {a} <> {b}"
                )
                rows = cursor.fetchone()[0]
                if rows:
                    found.append((f"{table}: {column_a} / {column_b}", rows))
    return found


def rows_by_municipality(cursor):
    """``{table: {municipality id: rows}}`` of every tenant table with rows."""
    counts = {}
    for table in sorted(_tenant_tables(cursor)):
        cursor.execute(f'SELECT "municipality_id", count(*) FROM {table} GROUP BY 1 ORDER BY 1')
        by_municipality = dict(cursor.fetchall())
        if by_municipality:
            counts[table] = by_municipality
    return counts
