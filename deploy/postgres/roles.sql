-- Byrum's two database roles and its database (README, "Database roles"). Run as a superuser:
--
--   psql -v ON_ERROR_STOP=1 -v db=byrum -v owner_password=... -v app_password=... -f roles.sql
--
-- byrum_owner owns the database and its tables: `manage.py migrate` (DATABASE_OWNER_URL) and
-- the benchmark's generator connect as it. It bypasses row-level security (migrations and the
-- generator work across municipalities) and may switch triggers off for bulk loads
-- (session_replication_role). byrum_app is what the application connects as (DATABASE_URL):
-- no owner, no superuser, no BYPASSRLS; after every migrate the owner grants it exactly what
-- it needs (byrum/db_roles.py). An empty password leaves the role's password as it is (for
-- servers that trust local connections, as CI's). Idempotent: run it again at will.

SELECT 'CREATE ROLE byrum_owner LOGIN'
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'byrum_owner') \gexec
SELECT 'CREATE ROLE byrum_app LOGIN'
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'byrum_app') \gexec

ALTER ROLE byrum_owner LOGIN CREATEDB BYPASSRLS NOSUPERUSER NOCREATEROLE;
ALTER ROLE byrum_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
SELECT format('ALTER ROLE byrum_owner PASSWORD %L', :'owner_password')
WHERE :'owner_password' <> '' \gexec
SELECT format('ALTER ROLE byrum_app PASSWORD %L', :'app_password')
WHERE :'app_password' <> '' \gexec
GRANT SET ON PARAMETER session_replication_role TO byrum_owner;

SELECT format('CREATE DATABASE %I OWNER byrum_owner', :'db')
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \gexec
ALTER DATABASE :"db" OWNER TO byrum_owner;
