#!/bin/sh
# wait-for.sh SECONDS WHAT COMMAND...: runs COMMAND once a second until it succeeds, or fails after SECONDS
# with 'no WHAT after SECONDS s' on stderr; what the other entry point scripts wait on (a database, a token).
set -eu

limit="$1"
what="$2"
shift 2
waited=0
until "$@" 2>/dev/null; do
  if [ "$waited" -ge "$limit" ]; then
    echo "no $what after ${limit}s" >&2
    exit 1
  fi
  sleep 1
  waited=$((waited + 1))
done
