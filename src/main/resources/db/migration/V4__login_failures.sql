-- Failed logins and joins per client, counted in the database so that every instance refuses a client that
-- failed too often on any of them (see bridgepoint.security.LoginThrottle). Rows past the window are deleted.
create table login_failure (
    client       text        primary key,
    failures     integer     not null,
    last_failure timestamptz not null
);
