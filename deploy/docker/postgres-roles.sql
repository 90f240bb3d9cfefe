-- The platform's database roles, run once by the superuser in the platform's database when its volume is first
-- initialised (deploy/docker/init-postgres.sh passes the three passwords as psql variables). The production overlay of
-- deploy/k8s runs the same statements (without the passwords: CloudNativePG sets them from Secrets).
--
-- Each service logs in as its own role (visible in pg_stat_activity) and may do what it needs, no more:
--   platform_scheduler  owns schema scheduler (jobs, runs, triggers, audit; EF Core migrations) and quartz (the
--                       message scheduler's tables)
--   platform_worker     owns schema worker (the run ledger)
--   platform_api        reads schema scheduler and nothing else; its sessions are read-only as well
create role platform_scheduler login password :'scheduler_password';
create role platform_worker login password :'worker_password';
create role platform_api login password :'api_password';
\ir postgres-grants.sql
