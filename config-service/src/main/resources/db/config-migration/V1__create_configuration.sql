create table placement_versions (
    version     bigint      not null primary key,
    description text        not null,
    created_at  timestamptz not null default now()
);

insert into placement_versions (version, description) values (0, 'empty placement map');

create table peers (
    id         text        not null primary key,
    query_url  text        not null,
    region     text        not null,
    status     text        not null,
    updated_at timestamptz not null default now(),
    published  boolean     not null default false
);

create table table_versions (
    name              text        not null,
    version           integer     not null,
    definition        jsonb       not null,
    placement_version bigint      not null references placement_versions (version),
    created_at        timestamptz not null default now(),
    published         boolean     not null default false,
    primary key (name, version)
);
