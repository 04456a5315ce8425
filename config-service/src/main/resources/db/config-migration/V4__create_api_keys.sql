-- Clients' API keys. Only the SHA-256 of a key is kept: a key is 256 random bits, so its hash is
-- as hard to invert as the key is to guess, and a leak of this table gives no usable key.
-- Revoked keys stay (revoked_at set) so that listings show who had access and when it ended.
create table api_keys (
    id          text        not null primary key,
    name        text        not null,
    role        text        not null,
    tables      text[]      not null default '{}',
    key_hash    text        not null unique,
    created_at  timestamptz not null default now(),
    revoked_at  timestamptz
);
