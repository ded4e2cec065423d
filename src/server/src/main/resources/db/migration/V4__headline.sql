-- The headline numbers of each result, one row per board column (AUES Oracle, MU95 p, precision@p, ...), so
-- results can be selected and ranked in SQL without parsing their JSON. Derived from the body: the body stays
-- the record, these rows are rebuilt from it whenever it is stored.
create table published_result_headline (
    result_id  varchar(16) not null references published_result (id) on delete cascade,
    name       varchar(32) not null,
    mean       double precision,
    sd         double precision,
    primary key (result_id, name)
);

create index published_result_headline_rank on published_result_headline (name, mean);
