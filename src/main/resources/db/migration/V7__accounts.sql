-- Accounts for the people who run the bridge points (issue 15): a display name, disabling, who created an account
-- and when it last signed in, password resets, and revoking tokens (all of an account's, or a single one).

alter table app_user add column display_name    text;
alter table app_user add column disabled        boolean     not null default false;
alter table app_user add column last_login_at   timestamptz;
-- who created the account (no reference: the record outlives a deleted creator); null for the first organizer
alter table app_user add column created_by      uuid;
alter table app_user add column created_by_name text;
-- Copied into every token of the account; replaced by a new random value to revoke them all (sites or role changed,
-- disabled, signed out everywhere, password changed). '' for accounts whose tokens were never revoked: tokens issued
-- before this migration carry no stamp and count as ''.
alter table app_user add column token_stamp     text        not null default '';
alter table app_user add column search_text     text generated always as (bp_fold(username || ' ' || coalesce(display_name, ''))) stored;
create index app_user_search on app_user using gin (search_text gin_trgm_ops);
-- the last enabled organizer is protected: the rule reads (and locks) these rows
create index app_user_enabled_organizer on app_user (id) where role = 'ORGANIZER' and not disabled;

-- One pending password reset per account: the code itself is shown once and never stored, only its SHA-256.
create table password_reset (
    user_id    uuid        primary key references app_user on delete cascade,
    code_hash  text        not null,
    expires_at timestamptz not null,
    created_at timestamptz not null,
    created_by uuid
);

-- Single tokens revoked before they expire (POST /api/auth/logout), by their jti. Rows past expires_at are of no use
-- (the token is refused for its age anyway) and are deleted now and then.
create table revoked_token (
    token_id   text        primary key,
    subject    uuid        not null,
    expires_at timestamptz not null
);
create index revoked_token_subject on revoked_token (subject);
