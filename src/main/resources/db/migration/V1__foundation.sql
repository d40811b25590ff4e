-- Bridgepoint foundation: users, sites, conferences with participating sites, delegates, agenda.

create extension if not exists unaccent;
create extension if not exists pg_trgm;

-- Folds text for search: lower case, no diacritics, đ/Đ as d ("Đà Nẵng" -> "da nang").
-- unaccent() is only STABLE (its dictionary could change), so a wrapper that names the dictionary
-- is declared IMMUTABLE for use in generated columns and indexes.
create function bp_fold(value text) returns text
    language sql immutable strict parallel safe
    set search_path = ${flyway:defaultSchema}, public
as $$
    select lower(unaccent('unaccent'::regdictionary, translate(value, 'đĐ', 'dD')))
$$;

create table token_key (
    id         smallint primary key,
    secret     bytea       not null,
    created_at timestamptz not null
);

create table site (
    id          uuid primary key,
    name        text        not null,
    city        text,
    address     text,
    time_zone   text        not null,
    capacity    integer check (capacity >= 0),
    created_at  timestamptz not null,
    version     bigint      not null,
    search_text text generated always as (bp_fold(name || ' ' || coalesce(city, '') || ' ' || coalesce(address, ''))) stored
);
create unique index site_name_key on site (lower(name));
create index site_search on site using gin (search_text gin_trgm_ops);

create table app_user (
    id            uuid primary key,
    username      text        not null,
    password_hash text        not null,
    role          text        not null check (role in ('ORGANIZER', 'SITE_HOST')),
    created_at    timestamptz not null,
    version       bigint      not null
);
create unique index app_user_username_key on app_user (lower(username));

create table app_user_site (
    user_id uuid not null references app_user on delete cascade,
    site_id uuid not null references site,
    primary key (user_id, site_id)
);
create index app_user_site_site on app_user_site (site_id);

create table conference (
    id            uuid primary key,
    title         text        not null,
    description   text,
    starts_at     timestamptz not null,
    ends_at       timestamptz not null,
    time_zone     text        not null,
    chair_name    text,
    chair_title   text,
    status        text        not null check (status in ('DRAFT', 'SCHEDULED', 'LIVE', 'ENDED', 'CANCELLED')),
    floor_site_id uuid,
    started_at    timestamptz,
    ended_at      timestamptz,
    created_at    timestamptz not null,
    version       bigint      not null,
    search_text   text generated always as (bp_fold(title || ' ' || coalesce(chair_name, '') || ' ' || coalesce(description, ''))) stored,
    constraint conference_window check (ends_at > starts_at)
);
create index conference_starts_at on conference (starts_at);
create index conference_search on conference using gin (search_text gin_trgm_ops);

-- A site taking part in a conference (a bridge point), with its local co-chairs.
create table conference_site (
    conference_id uuid  not null references conference on delete cascade,
    site_id       uuid  not null references site,
    role          text  not null check (role in ('HOST', 'REMOTE')),
    chairs        jsonb not null default '[]',
    stream_url    text,
    added_at      timestamptz not null,
    version       bigint not null,
    primary key (conference_id, site_id)
);
create unique index conference_site_one_host on conference_site (conference_id) where role = 'HOST';
create index conference_site_site on conference_site (site_id);

create table delegate (
    id            uuid primary key,
    conference_id uuid        not null references conference on delete cascade,
    site_id       uuid        not null,
    full_name     text        not null,
    title         text,
    organization  text,
    email         text,
    phone         text,
    join_code     text        not null,
    created_at    timestamptz not null,
    version       bigint      not null,
    search_text   text generated always as (bp_fold(full_name || ' ' || coalesce(organization, '') || ' ' || coalesce(email, ''))) stored,
    constraint delegate_join_code_key unique (join_code),
    constraint delegate_site foreign key (conference_id, site_id) references conference_site (conference_id, site_id)
);
create unique index delegate_email_key on delegate (conference_id, lower(email)) where email is not null;
create index delegate_conference_site on delegate (conference_id, site_id);
create index delegate_search on delegate using gin (search_text gin_trgm_ops);

create table agenda_item (
    id              uuid primary key,
    conference_id   uuid        not null references conference on delete cascade,
    position        integer     not null check (position > 0),
    kind            text        not null,
    title           text        not null,
    speaker_name    text,
    speaker_title   text,
    site_id         uuid,
    planned_start   timestamptz,
    planned_minutes integer     not null check (planned_minutes > 0),
    documents       jsonb       not null default '[]',
    status          text        not null check (status in ('PLANNED', 'LIVE', 'DONE', 'SKIPPED')),
    actual_start    timestamptz,
    actual_end      timestamptz,
    delay_minutes   integer     not null default 0,
    version         bigint      not null,
    -- deferred, so that a reorder can move positions through each other within one transaction
    constraint agenda_item_position_key unique (conference_id, position) deferrable initially deferred,
    constraint agenda_item_site foreign key (conference_id, site_id) references conference_site (conference_id, site_id)
);
create index agenda_item_site on agenda_item (conference_id, site_id);
