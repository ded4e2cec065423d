#!/bin/sh
# Waits until the PostgreSQL named by QUARKUS_DATASOURCE_JDBC_URL accepts TCP connections, then runs its
# arguments: the server's migrations fail at once on a database that is still starting (compose starts both
# together). LACUNA_DATABASE_WAIT_SECONDS bounds the wait (default 60).
set -eu

url="${QUARKUS_DATASOURCE_JDBC_URL:-}"
case "$url" in
  jdbc:postgresql://*) ;;
  *) echo "wait-for-database: QUARKUS_DATASOURCE_JDBC_URL must be a jdbc:postgresql://HOST[:PORT]/DATABASE URL, got '$url'" >&2
     exit 2 ;;
esac
authority="${url#jdbc:postgresql://}"
authority="${authority%%/*}"
authority="${authority%%\?*}"
authority="${authority%%,*}"
host="${authority%%:*}"
port=5432
[ "$host" = "$authority" ] || port="${authority#*:}"
limit="${LACUNA_DATABASE_WAIT_SECONDS:-60}"

# bash's /dev/tcp opens a TCP connection without any PostgreSQL client in the image
"$(dirname "$0")/wait-for.sh" "$limit" "PostgreSQL at $host:$port" bash -c "exec 3<>/dev/tcp/$host/$port"
echo "wait-for-database: $host:$port accepts connections" >&2
exec "$@"
