#!/bin/sh
# The server image's entry point: wait for the external PostgreSQL, create the workers' token once when
# LACUNA_WORKER_TOKEN_FILE names a file that does not exist yet (compose shares it with its workers through a
# volume; only its sha256 reaches the database), then serve on all interfaces. Arguments go to 'serve'.
# LACUNA_ROOT is the application folder laid out as a checkout (default: the folder above this script).
set -eu

root="${LACUNA_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}"
"$root/docker/wait-for-database.sh" true

if [ -n "${LACUNA_WORKER_TOKEN_FILE:-}" ] && [ ! -s "$LACUNA_WORKER_TOKEN_FILE" ]; then
  umask 077
  if "$root/lacuna" admin token create --name "${LACUNA_WORKER_NAME:-workers}" \
      --email "${LACUNA_WORKER_EMAIL:-workers@localhost}" --role worker > "$LACUNA_WORKER_TOKEN_FILE.tmp"; then
    mv "$LACUNA_WORKER_TOKEN_FILE.tmp" "$LACUNA_WORKER_TOKEN_FILE"
    echo "server-entrypoint: wrote a worker token to $LACUNA_WORKER_TOKEN_FILE" >&2
  else
    rm -f "$LACUNA_WORKER_TOKEN_FILE.tmp"
    exit 1
  fi
fi
exec "$root/lacuna" serve --host 0.0.0.0 "$@"
