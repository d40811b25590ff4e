-- Run by Flyway after every migrate, as the owner of the tables (README, Running it): the role the service runs as
-- (${runtime_role}, the datasource's) gets what it needs and no more. It owns nothing, so it can neither alter nor drop
-- a table nor disable a trigger; on the audit log it may only add and read entries. Nothing to do when the service
-- runs as the owner itself (one role for both: the service warns at start) or names no role that exists.
do $$
declare
    runtime constant text := '${runtime_role}';
    schema constant text := '${flyway:defaultSchema}';
    t record;
begin
    if runtime = current_user or not exists (select from pg_roles where rolname = runtime) then
        return;
    end if;
    -- Instances starting together: GRANTs on the same table at once fail ("tuple concurrently updated").
    perform pg_advisory_xact_lock(7461002);
    execute format('grant usage on schema %I to %I', schema, runtime);
    for t in select tablename from pg_tables where schemaname = schema loop
        if t.tablename = '${flyway:table}' then
            execute format('revoke all on %I.%I from %I', schema, t.tablename, runtime);
        elsif t.tablename = 'audit_entry' then
            execute format('revoke all on %I.%I from %I, public', schema, t.tablename, runtime);
            execute format('grant select, insert on %I.%I to %I', schema, t.tablename, runtime);
        else
            execute format('grant select, insert, update, delete on %I.%I to %I', schema, t.tablename, runtime);
        end if;
    end loop;
    execute format('grant usage, select on all sequences in schema %I to %I', schema, runtime);
end
$$;
