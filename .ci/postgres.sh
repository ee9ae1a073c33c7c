#!/usr/bin/env bash
# Starts or stops a throwaway PostgreSQL on 127.0.0.1 for tests, as the `postgres` user (it refuses root).
#   .ci/postgres.sh start DIR               -> prints a postgres:// URL for TEST_DATABASE_URL
#   .ci/postgres.sh stop DIR
#   .ci/postgres.sh restart DIR [SECONDS]   stops it (fast: connections cut), waits, starts it on the same data and port
set -euo pipefail
cmd=${1:?start, stop or restart}
dir=${2:?a directory for the cluster}
run() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
serve() {
  run pg_ctl -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-h 127.0.0.1 -p $1 -k $dir -c fsync=off -c synchronous_commit=off -c max_connections=200" start >/dev/null
}

case "$cmd" in
  start)
    command -v initdb >/dev/null || { echo "PostgreSQL binaries (initdb, pg_ctl) are not on PATH" >&2; exit 1; }
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    run initdb -D "$dir/data" --auth=trust --username=postgres --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1
    echo "$port" >"$dir/port"
    serve "$port"
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    run pg_ctl -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    ;;
  restart)
    # A fast stop writes a shutdown checkpoint, so every committed transaction is there after the start.
    run pg_ctl -D "$dir/data" -m fast -w stop >/dev/null
    sleep "${3:-0}"
    serve "$(cat "$dir/port")"
    ;;
  *) echo "usage: $0 start|stop|restart DIR" >&2; exit 2 ;;
esac
