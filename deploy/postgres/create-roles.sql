-- Bridgepoint's database on an external PostgreSQL (README, Running it): the owner of the tables, as whom the
-- migrations run (QUARKUS_FLYWAY_USERNAME/_PASSWORD), the role the service runs as, which owns nothing
-- (QUARKUS_DATASOURCE_USERNAME/_PASSWORD), and the database, owned by the first. Run it once as an administrator (a
-- superuser, or on a managed service its administrator, with CREATEROLE and CREATEDB):
--   psql -v ON_ERROR_STOP=1 -v owner=bridgepoint -v owner_password='…' -v runtime=bridgepoint_runtime \
--        -v runtime_password='…' -v database=bridgepoint -f deploy/postgres/create-roles.sql   postgres
-- What the service's role may do is granted by the migrations themselves, after each start's migrate
-- (src/main/resources/db/migration/afterMigrate__grant_runtime_role.sql): no grant is needed here.
create role :"owner" login password :'owner_password';
create role :"runtime" login password :'runtime_password';
-- An administrator that is no superuser must be a member of the owner to give it a database.
select not rolsuper as must_join from pg_roles where rolname = current_user \gset
\if :must_join
grant :"owner" to current_user;
\endif
create database :"database" owner :"owner";
