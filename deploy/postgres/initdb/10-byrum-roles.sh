#!/bin/sh
# docker-compose's PostgreSQL, on its first start: Byrum's two roles and its database.
set -e
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v db=byrum \
  -v owner_password="$BYRUM_OWNER_PASSWORD" \
  -v app_password="$BYRUM_APP_PASSWORD" \
  -f /byrum/roles.sql
