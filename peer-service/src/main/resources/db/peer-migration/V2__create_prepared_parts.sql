-- Parts of two-phase transactions. A row is written inside the PostgreSQL prepared transaction that
-- holds the part's rows, so it exists exactly when that transaction committed; the applied-log record,
-- with its link in the hash chain, is written once the peer has finished the commit.
create table mesh_prepared_parts (
    tx_id             uuid    not null primary key,
    seq               bigint  not null,
    rows              integer not null,
    checksum          text    not null,
    placement_version bigint  not null
);

-- The hash chain follows the order in which parts were recorded, which is no longer the order of their
-- sequence numbers: a two-phase part takes its number when prepared and is recorded when committed.
alter table mesh_applied_parts add column recorded bigserial not null;
