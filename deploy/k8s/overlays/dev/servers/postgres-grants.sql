-- Schemas and privileges of the platform's roles (created before this runs). Run by the superuser in the platform's
-- database: from deploy/docker/postgres-roles.sql (compose, the dev overlay) and, as the same statements, from the
-- production overlay's CloudNativePG Cluster (postInitApplicationSQL).
select current_database() as platform_database \gset
revoke all on database :"platform_database" from public;
grant connect, temporary on database :"platform_database" to platform_scheduler, platform_worker, platform_api;
-- "create schema if not exists" (the Quartz bridge, the worker's ledger) needs the database's CREATE privilege even when
-- the schema is already there.
grant create on database :"platform_database" to platform_scheduler, platform_worker;
revoke create on schema public from public;
create schema scheduler authorization platform_scheduler;
create schema quartz authorization platform_scheduler;
create schema worker authorization platform_worker;
grant usage on schema scheduler to platform_api;
alter default privileges for role platform_scheduler in schema scheduler grant select on tables to platform_api;
alter role platform_api set default_transaction_read_only = on;
