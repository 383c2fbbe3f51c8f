#!/usr/bin/env bash
# Entrypoint of the hub image.
#
#   (no arguments) or serve   serve the API; with RUN_MIGRATIONS=true run `migrate` first (the
#                             server also migrates at start, but a failed migration then stops
#                             the container before it serves), with RUN_SEED=true load the demo
#                             community (idempotent) before serving
#   migrate, seed, --help …   run that hub command and exit
#   bash, sh, …               any program of the image, e.g. for debugging
set -euo pipefail

if [ "$#" -eq 0 ]; then
    set -- serve
fi

if [ "${1#-}" = "$1" ] && [ "$1" != "serve" ] && command -v "$1" >/dev/null 2>&1; then
    exec "$@"
fi

if [ "$1" = "serve" ]; then
    if [ "${RUN_MIGRATIONS:-false}" = "true" ]; then
        echo "event=entrypoint_migrate" >&2
        geo-hub migrate
    fi
    if [ "${RUN_SEED:-false}" = "true" ]; then
        echo "event=entrypoint_seed" >&2
        geo-hub seed
    fi
fi

exec geo-hub "$@"
