-- Exports and the record (issue 11).

-- The calendar revision of each agenda item: raised (with revised_at) whenever what a calendar shows of the item
-- changes; revision_digest is a digest of that, to tell. Written only by bridgepoint.agenda.AgendaRevisions, with
-- plain updates that leave the item's version (its ETag) alone.
alter table agenda_item
    add column revision        integer     not null default 0,
    add column revised_at      timestamptz not null default now(),
    add column revision_digest text;

-- The awards roll of a conference: collectives and individuals honoured, in the order they were entered.
create table award (
    id             uuid primary key,
    conference_id  uuid        not null references conference on delete cascade,
    number         bigint      generated always as identity,
    recipient_type text        not null check (recipient_type in ('COLLECTIVE', 'INDIVIDUAL')),
    name           text        not null,
    unit           text,
    award          text        not null,
    site_id        uuid        references site on delete set null,
    created_by     text        not null,
    created_at     timestamptz not null,
    search_text    text generated always as (bp_fold(name || ' ' || coalesce(unit, '') || ' ' || award)) stored
);
create index award_conference on award (conference_id, recipient_type, number);
create index award_search on award using gin (search_text gin_trgm_ops);

-- Import jobs of every kind share one table (GET /api/imports/{jobId}).
alter table import_job
    add column kind text not null default 'DELEGATES' check (kind in ('DELEGATES', 'AWARDS'));
