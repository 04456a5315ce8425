-- Rows are insert-only: updates and deletes are refused unless the system itself removes rows
-- after a completed move (it sets mesh.system_change for its own transaction only).
create function mesh_refuse_change() returns trigger
    language plpgsql as
$$
begin
    if coalesce(current_setting('mesh.system_change', true), '') = 'on' then
        return case when tg_op = 'DELETE' then old else new end;
    end if;
    raise exception 'rows of % are insert-only: % is refused', tg_table_name, tg_op using errcode = '42501';
end
$$;

create table mesh_applied_parts (
    tx_id       uuid        not null primary key,
    seq         bigint      not null unique,
    rows        integer     not null,
    checksum    text        not null,
    chain_hash  text        not null,
    placement_version bigint not null,
    applied_at  timestamptz not null default now()
);

create trigger mesh_applied_parts_insert_only
    before update or delete on mesh_applied_parts
    for each row execute function mesh_refuse_change();

create table mesh_refused_parts (
    tx_id      uuid        not null primary key,
    reason     text        not null,
    refused_at timestamptz not null default now()
);

create sequence mesh_commit_seq;

create table mesh_offsets (
    topic       text    not null,
    partition   integer not null,
    next_offset bigint  not null,
    primary key (topic, partition)
);

create table mesh_outbox (
    id      bigserial not null primary key,
    topic   text      not null,
    key     text      not null,
    payload bytea     not null
);

create table mesh_tables (
    name       text        not null primary key,
    version    integer     not null,
    definition jsonb       not null,
    updated_at timestamptz not null default now()
);
