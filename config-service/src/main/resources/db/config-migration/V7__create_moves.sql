-- Data moves as jobs: what moves, from which peer to which, and where each stands. Everything a job
-- needs to go on after a restart of any service is here; every step it takes at the peers may be
-- taken again without harm.
create table moves (
    id                bigserial   not null primary key,
    kind              text        not null,
    table_name        text        not null,
    from_peer         text        not null,
    to_peer           text        not null,
    placement_version bigint      not null,
    state             text        not null,
    phase             text        not null,
    rows_copied       bigint      not null default 0,
    rows_total        bigint,
    cursor_tx         uuid,
    cursor_row        integer,
    settle_offset     bigint,
    settle_prepared   text,
    error             text,
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now()
);

-- The placement version at which a peer's registration was committed: the version from which the
-- router sends it every new replicated row, published with the peer.
alter table peers add column placement_version bigint not null default 0;
