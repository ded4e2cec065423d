-- The published board: testbed manifests and result files imported from leaderboard/, kept byte for byte.
create table testbed (
    hash         varchar(64) primary key,
    family       varchar(32) not null,
    model        varchar(32) not null,
    mask_seed    bigint not null,
    manifest     text not null,
    imported_at  timestamp with time zone not null
);

create table published_result (
    id              varchar(16) primary key,
    content_sha256  varchar(64) not null unique,
    source_path     varchar(512) not null unique,
    kind            varchar(16) not null check (kind in ('objective', 'localizer')),
    plugin_name     varchar(200) not null,
    plugin_version  varchar(100) not null,
    plugin_sha256   varchar(64) not null,
    family          varchar(32) not null,
    model           varchar(32) not null,
    testbed_hash    varchar(64) not null,
    seed_count      integer not null,
    body            text not null,
    imported_at     timestamp with time zone not null
);

create index published_result_board on published_result (kind, family, model);
create index published_result_plugin on published_result (plugin_sha256);

-- which testbeds each result ran on (one row per mask seed)
create table published_result_testbed (
    result_id     varchar(16) not null references published_result (id) on delete cascade,
    testbed_hash  varchar(64) not null references testbed (hash),
    primary key (result_id, testbed_hash)
);
