-- Import jobs show they are alive: a job whose instance stopped (no heartbeat for a while) is marked FAILED by any
-- instance (bridgepoint.delegate.ImportJobs).
alter table import_job add column heartbeat_at timestamptz;
update import_job set heartbeat_at = coalesce(finished_at, created_at);
alter table import_job alter column heartbeat_at set not null;
create index import_job_running on import_job (heartbeat_at) where status = 'RUNNING';
