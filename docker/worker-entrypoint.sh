#!/bin/sh
# The worker image's entry point: find the token (LACUNA_TOKEN, or the file LACUNA_TOKEN_FILE names, waited for
# up to LACUNA_TOKEN_WAIT_SECONDS, default 120, since the server writes it on its first start), choose the
# device (LACUNA_DEVICE, else cuda:0 where nvidia-smi lists a GPU, else cpu; a GPU is bound into the sandbox
# with --sandbox gpu=1) and run 'lacuna worker' against LACUNA_SERVER. Further arguments go to the worker.
set -eu

root="${LACUNA_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}"
: "${LACUNA_SERVER:?set LACUNA_SERVER to the URL of the server}"

if [ -z "${LACUNA_TOKEN:-}" ] && [ -n "${LACUNA_TOKEN_FILE:-}" ]; then
  "$root/docker/wait-for.sh" "${LACUNA_TOKEN_WAIT_SECONDS:-120}" "token in $LACUNA_TOKEN_FILE" test -s "$LACUNA_TOKEN_FILE"
  LACUNA_TOKEN="$(cat "$LACUNA_TOKEN_FILE")"
fi
if [ -z "${LACUNA_TOKEN:-}" ]; then
  echo "worker-entrypoint: set LACUNA_TOKEN to a worker token, or LACUNA_TOKEN_FILE to a file holding one" >&2
  exit 2
fi
export LACUNA_TOKEN

if [ -n "${LACUNA_DEVICE:-}" ]; then
  device="$LACUNA_DEVICE"
elif command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi -L 2>/dev/null | grep -q '^GPU '; then
  device="cuda:0"
else
  device="cpu"
fi
echo "worker-entrypoint: device $device" >&2
case "$device" in
  cuda*) set -- --sandbox gpu=1 "$@" ;;
esac
exec "$root/lacuna" worker --server "$LACUNA_SERVER" --device "$device" --home "${LACUNA_HOME:-/var/lib/lacuna}" "$@"
