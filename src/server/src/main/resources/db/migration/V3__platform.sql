-- The platform: who may submit, what was submitted, and the evaluations and jobs that measure it.

create table submitter (
    id          bigserial primary key,
    name        varchar(100) not null unique,
    email       varchar(320) not null,
    role        varchar(16) not null check (role in ('submitter', 'worker', 'admin')),
    created_at  timestamp with time zone not null default now()
);

-- only the sha256 of a token is kept; the token itself is printed once, when it is created
create table api_token (
    id            bigserial primary key,
    submitter_id  bigint not null references submitter (id) on delete cascade,
    token_sha256  varchar(64) not null unique,
    created_at    timestamp with time zone not null default now(),
    last_used_at  timestamp with time zone
);

-- plugin JARs, content-addressed: one row per distinct sha256, whoever uploaded it
create table plugin_jar (
    sha256      varchar(64) primary key,
    bytes       bytea not null,
    size_bytes  integer not null,
    created_at  timestamp with time zone not null default now()
);

-- a submission's id is the first 12 hex digits of its JAR's sha256, as on the board
create table submission (
    id            varchar(12) primary key,
    sha256        varchar(64) not null unique references plugin_jar (sha256),
    submitter_id  bigint references submitter (id),
    builtin       boolean not null default false,
    kind          varchar(16) not null check (kind in ('objective', 'localizer')),
    name          varchar(200) not null,
    version       varchar(100) not null,
    authors       varchar(1000) not null default '',
    created_at    timestamp with time zone not null default now()
);

create index submission_by_submitter on submission (submitter_id, created_at);

-- one submission on one testbed family and model over its mask seeds; the result is the harness's JSON
create table evaluation (
    id                 bigserial primary key,
    submission_id      varchar(12) not null references submission (id),
    family             varchar(32) not null,
    model              varchar(32) not null,
    seeds              varchar(200) not null,
    spec               text not null,
    state              varchar(16) not null check (state in ('queued', 'running', 'done', 'failed', 'cancelled')),
    reason             text,
    -- false when the platform (not the plugin) caused the failure: it does not count against the submitter
    submitter_fault    boolean not null default true,
    result_id          varchar(16),
    created_at         timestamp with time zone not null default now(),
    started_at         timestamp with time zone,
    finished_at        timestamp with time zone
);

create index evaluation_by_state on evaluation (state);
create index evaluation_by_submission on evaluation (submission_id);

-- a unit of work a worker claims: its task is typed JSON (dev.lacuna.engine.plan.TaskJson)
create table job (
    id              bigserial primary key,
    evaluation_id   bigint not null references evaluation (id) on delete cascade,
    step            varchar(100) not null,
    type            varchar(16) not null check (type in ('testbed', 'calibration', 'localization', 'sweep')),
    task            text not null,
    content_key     varchar(64) not null,
    state           varchar(16) not null check (state in ('queued', 'running', 'done', 'failed', 'cancelled')),
    attempt         integer not null default 0,
    max_attempts    integer not null,
    worker          varchar(200),
    lease_expires_at timestamp with time zone,
    heartbeat_at    timestamp with time zone,
    stage           varchar(100),
    progress_done   integer,
    progress_total  integer,
    eta_seconds     double precision,
    reason          text,
    log_tail        text,
    -- true when the outcome came from the content-keyed store instead of a worker
    reused          boolean not null default false,
    outcome         text,
    created_at      timestamp with time zone not null default now(),
    started_at      timestamp with time zone,
    finished_at     timestamp with time zone,
    unique (evaluation_id, step)
);

create index job_claimable on job (state, id);

-- every finished task's outcome under its content key: a re-run skips what is already known
create table task_outcome (
    content_key  varchar(64) primary key,
    type         varchar(16) not null,
    outcome      text not null,
    created_at   timestamp with time zone not null default now()
);

-- a published_result row made by the platform rather than imported from leaderboard/
alter table published_result add column origin varchar(16) not null default 'leaderboard'
    check (origin in ('leaderboard', 'platform'));
