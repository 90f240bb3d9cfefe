#!/bin/sh
# Runs once, when the postgres volume is first initialised (mounted into /docker-entrypoint-initdb.d), as the
# superuser: creates the platform's roles with the passwords compose passes in, their schemas and privileges.
set -eu
: "${PLATFORM_PG_SCHEDULER_PASSWORD:?}" "${PLATFORM_PG_WORKER_PASSWORD:?}" "${PLATFORM_PG_API_PASSWORD:?}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v scheduler_password="$PLATFORM_PG_SCHEDULER_PASSWORD" \
  -v worker_password="$PLATFORM_PG_WORKER_PASSWORD" \
  -v api_password="$PLATFORM_PG_API_PASSWORD" \
  -f /etc/platform/postgres-roles.sql
