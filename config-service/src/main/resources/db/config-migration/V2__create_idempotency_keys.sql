-- Idempotency-Keys, shared by every gateway: the first request with a key claims a txId for it.
-- Kept for the key window (mesh.config-service.idempotency-key-window), then deleted.
create table idempotency_keys (
    scoped_key   text        not null primary key,
    request_hash text        not null,
    tx_id        uuid        not null,
    created_at   timestamptz not null default now()
);

create index idempotency_keys_by_age on idempotency_keys (created_at);
