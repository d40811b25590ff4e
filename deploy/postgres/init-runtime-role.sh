#!/bin/sh
# The role Bridgepoint's instances run as (deploy/compose.yaml): run by the postgres image once, on an empty volume,
# after it created POSTGRES_USER, which owns the database and the tables (the migrations run as it). The role owns
# nothing; the migrations grant it what it needs (README, Deploying). On a volume from before the two roles, run it by
# hand once:  docker compose -f deploy/compose.yaml exec postgres sh /docker-entrypoint-initdb.d/init-runtime-role.sh
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    -v runtime="$POSTGRES_RUNTIME_USER" -v runtime_password="$POSTGRES_RUNTIME_PASSWORD" <<'SQL'
create role :"runtime" login password :'runtime_password';
SQL
