-- The throttle of the ways in (bridgepoint.security.LoginThrottle), shared by every instance. It replaces
-- login_failure, which counted every failure of a client address together: a hall behind one NAT address shared
-- one count, so ten typos at a bridge point locked everyone there out, its host included.
drop table login_failure;

-- Failed logins per account name (as given, lower-cased as accounts are looked up; unknown names too), whatever the
-- address: the first few are free, then each attempt waits a delay since the last failure that doubles per failure.
-- A successful login deletes the row. Rows without a failure for long are deleted now and then.
create table login_throttle (
    account      text        primary key,
    failures     integer     not null,
    last_failure timestamptz not null
);

-- Failed joins and reset codes per client address and kind ('join', 'reset-code'), counted in a fixed window that
-- starts at the first failure; at the budget, every attempt of that kind from the address is refused until the
-- window ends. Successes are not counted. Rows whose window is over are deleted now and then.
create table address_throttle (
    kind         text        not null,
    client       text        not null,
    failures     integer     not null,
    window_start timestamptz not null,
    primary key (kind, client)
);
