-- The placement version each prepared part was routed by, written with its vote (outside the prepared
-- transaction, so others can read it) and removed with its decision: a move waits only for undecided
-- parts routed by an older version than its own, never for newer ones that may be waiting on it.
create table mesh_prepared_versions (
    tx_id             uuid   not null primary key,
    placement_version bigint not null
);
