-- Autovacuum cutting empty pages off the end of a table holds an exclusive lock on it; the inbox's
-- transactions wait at most 100 ms for a lock (a key held by an undecided transaction is refused,
-- not waited for), so that lock would fail parts for no fault of theirs. The tables that churn
-- (acknowledgements sent and deleted, offsets rewritten, versions forgotten) keep their pages;
-- rows of user tables are kept the same way (set where they are created).
-- Their TOAST tables too: a large acknowledgement or row is stored out of line.
alter table mesh_outbox set (vacuum_truncate = false, toast.vacuum_truncate = false);
alter table mesh_offsets set (vacuum_truncate = false, toast.vacuum_truncate = false);
alter table mesh_prepared_versions set (vacuum_truncate = false, toast.vacuum_truncate = false);
alter table mesh_applied_parts set (vacuum_truncate = false, toast.vacuum_truncate = false);
alter table mesh_refused_parts set (vacuum_truncate = false, toast.vacuum_truncate = false);
alter table mesh_prepared_parts set (vacuum_truncate = false, toast.vacuum_truncate = false);
alter table mesh_tables set (vacuum_truncate = false, toast.vacuum_truncate = false);
