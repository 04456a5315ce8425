-- Services' public keys registered through the admin API (rotation, revocation), beside the keys of
-- the trust folder. Published on mesh.config like tables and peers; a revoked key stays, revoked.
create table service_keys (
    key_id     text        not null primary key,
    service    text        not null,
    role       text        not null,
    public_key text        not null,
    created_at timestamptz not null default now(),
    revoked_at timestamptz,
    published  boolean     not null default false
);
