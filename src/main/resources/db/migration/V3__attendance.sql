-- Attendance: check-ins (with their history), offline batches, head counts and delegate imports.

create table checkin (
    id                 uuid primary key,
    conference_id      uuid        not null references conference on delete cascade,
    delegate_id        uuid        not null references delegate on delete cascade,
    site_id            uuid        not null,
    at                 timestamptz not null,  -- when the delegate arrived (an offline entry keeps its own time)
    recorded_at        timestamptz not null,  -- when the service stored it
    method             text        not null check (method in ('ORGANIZER', 'SITE_HOST', 'SELF', 'OFFLINE')),
    recorded_by        text        not null,
    moved_from_site_id uuid,                  -- the site the delegate was checked in at before
    current            boolean     not null,  -- the delegate's present check-in; older ones are history
    constraint checkin_site foreign key (conference_id, site_id) references conference_site (conference_id, site_id)
);
-- A person is checked in at one site at most: one current check-in per delegate.
create unique index checkin_current on checkin (delegate_id) where current;
create index checkin_conference_site on checkin (conference_id, site_id) where current;
create index checkin_delegate on checkin (delegate_id);

-- Every entry of an offline batch, by nonce: a retried upload finds its entries here and changes nothing.
create table checkin_batch_entry (
    conference_id uuid        not null references conference on delete cascade,
    nonce         text        not null,
    delegate_id   uuid,
    site_id       uuid,
    at            timestamptz,
    result        text        not null check (result in ('created', 'duplicate', 'rejected')),
    reason        text,
    checkin_id    uuid,
    processed_at  timestamptz not null,
    primary key (conference_id, nonce)
);

-- Head counts reported by host sites (which may include people who are not registered delegates); every
-- report is kept, the latest counts.
create table attendance_report (
    id            uuid primary key,
    conference_id uuid        not null references conference on delete cascade,
    site_id       uuid        not null,
    present       integer     not null check (present >= 0),
    note          text,
    reported_by   text        not null,
    reported_at   timestamptz not null,
    constraint attendance_report_site foreign key (conference_id, site_id) references conference_site (conference_id, site_id)
);
create index attendance_report_latest on attendance_report (conference_id, site_id, reported_at desc);

-- Delegate imports run as jobs; their state is here so that any instance can report it.
create table import_job (
    id            uuid primary key,
    conference_id uuid        not null references conference on delete cascade,
    status        text        not null check (status in ('RUNNING', 'DONE', 'FAILED')),
    total         integer     not null,
    processed     integer     not null,
    created       integer     not null,
    errors        jsonb       not null default '[]',
    created_by    text        not null,
    created_at    timestamptz not null,
    finished_at   timestamptz
);
