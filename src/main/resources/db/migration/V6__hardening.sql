-- Import jobs show they are alive: a job whose instance stopped (no heartbeat for a while) is marked FAILED by any
-- instance (bridgepoint.delegate.ImportJobs).
alter table import_job add column heartbeat_at timestamptz;
update import_job set heartbeat_at = coalesce(finished_at, created_at);
alter table import_job alter column heartbeat_at set not null;
create index import_job_running on import_job (heartbeat_at) where status = 'RUNNING';

-- The audit log (bridgepoint.audit.AuditLog): every change by an organizer or a site host. No reference to the
-- conference: the record outlives a deleted one. Append-only whoever asks, the table's owner included.
create table audit_entry (
    id            bigserial   primary key,
    at            timestamptz not null,
    actor_id      uuid,
    actor_name    text        not null,
    actor_role    text        not null,
    client        text,
    conference_id uuid,
    action        text        not null,
    target_type   text        not null,
    target_id     text,
    before        jsonb,
    after         jsonb
);
create index audit_entry_conference on audit_entry (conference_id, id);
create index audit_entry_action on audit_entry (action, id);

create function audit_entry_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'the audit log is append-only: % is not allowed', tg_op using errcode = 'insufficient_privilege';
end
$$;
create trigger audit_entry_no_update before update or delete on audit_entry
    for each row execute function audit_entry_append_only();
create trigger audit_entry_no_truncate before truncate on audit_entry
    for each statement execute function audit_entry_append_only();
