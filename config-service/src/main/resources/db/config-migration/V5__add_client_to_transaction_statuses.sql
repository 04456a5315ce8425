-- The client (API key name) that submitted a transaction: with admins, the only one who may read its
-- status. Null for statuses recorded before clients were; only admins read those.
alter table transaction_statuses add column client text;
