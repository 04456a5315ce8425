-- The status of every transaction, as the router decided it, read from mesh.tx.events: what
-- GET /v1/tx/{txId} answers once the gateways no longer hold it in memory.
-- Kept for mesh.config-service.status-retention, then deleted.
create table transaction_statuses (
    tx_id        uuid        not null primary key,
    status       text        not null,
    rows         integer     not null,
    submitted_at timestamptz not null,
    committed_at timestamptz,
    decision     text,
    error        text,
    parts        jsonb       not null,
    updated_at   timestamptz not null default now()
);

create index transaction_statuses_by_age on transaction_statuses (updated_at);
