-- The live event stream of each conference: a gap-free sequence of stored events.

-- One row per conference: the last seq handed out (locked by each writer until it commits, so seqs are
-- assigned in commit order with no gaps) and the stream's epoch (changes only if the stream is reset).
create table conference_stream (
    conference_id uuid   primary key references conference on delete cascade,
    epoch         uuid   not null,
    last_seq      bigint not null default 0
);

insert into conference_stream (conference_id, epoch, last_seq)
select id, md5(random()::text || id::text)::uuid, 0 from conference;

create table conference_event (
    conference_id uuid        not null references conference_stream on delete cascade,
    seq           bigint      not null,
    type          text        not null,
    at            timestamptz not null,
    data          jsonb       not null,
    primary key (conference_id, seq)
);

-- Which bridge points have a site host's client connected (heartbeats), shared by all instances.
create table site_presence (
    conference_id  uuid        not null references conference on delete cascade,
    site_id        uuid        not null,
    online         boolean     not null,
    last_heartbeat timestamptz not null,
    primary key (conference_id, site_id)
);
create index site_presence_online on site_presence (last_heartbeat) where online;

-- At most one item of a conference is live (the services ensure it; this makes it a fact).
create unique index agenda_item_one_live on agenda_item (conference_id) where status = 'LIVE';
