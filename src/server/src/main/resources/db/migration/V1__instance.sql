-- One row identifying this installation, and one row per server start.
create table instance (
    id          uuid primary key,
    created_at  timestamp with time zone not null
);

create table boot (
    id          bigserial primary key,
    started_at  timestamp with time zone not null,
    version     varchar(64) not null
);
