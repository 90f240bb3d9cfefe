-- Same roles as deploy/local/servers.sh: each service logs in as itself and acts as the owner.
create role platform_scheduler login password 'platform_scheduler';
create role platform_worker login password 'platform_worker';
create role platform_api login password 'platform_api';
grant platform to platform_scheduler, platform_worker, platform_api;
alter role platform_scheduler set role = 'platform';
alter role platform_worker set role = 'platform';
alter role platform_api set role = 'platform';
