#!/usr/bin/env bash
# Usage: scripts/with-postgres.sh CMD [ARGS...]
#
# Runs CMD with DATABASE_URL pointing at a working PostgreSQL server:
#   - if something answers at DATABASE_URL (default: the local server on
#     127.0.0.1:5432), CMD runs against it;
#   - otherwise a throwaway cluster is created from local binaries (initdb and
#     pg_ctl on PATH, else the newest of $PG_BIN_GLOB) in a temporary directory,
#     listening on a free loopback port with trust auth; it is stopped and
#     deleted when CMD ends, fails or is interrupted.
# The exit code is CMD's.
set -euo pipefail

: "${DATABASE_URL:=postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable}"
: "${PG_BIN_GLOB:=/usr/lib/postgresql/*/bin}" # overridable for tests
export DATABASE_URL

say() { echo "with-postgres: $*" >&2; }

[ $# -gt 0 ] || { say "usage: $0 CMD [ARGS...]"; exit 2; }

# host:port of DATABASE_URL (URL form), for messages and the /dev/tcp probe;
# never the password.
hostport() {
	local rest=${DATABASE_URL#*://}
	rest=${rest%%[/?]*}
	rest=${rest##*@}
	case $rest in
	*:*) echo "$rest" ;;
	*) echo "${rest:-127.0.0.1}:5432" ;;
	esac
}

# Directory holding initdb and pg_ctl: PATH first, then the newest versioned
# directory matching PG_BIN_GLOB. Prints nothing when there is none.
find_bindir() {
	local initdb dir
	if initdb=$(command -v initdb) && command -v pg_ctl >/dev/null; then
		dirname "$initdb"
		return
	fi
	# shellcheck disable=SC2086 # the glob is meant to expand
	for dir in $(printf '%s\n' $PG_BIN_GLOB | sort -rV); do
		if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
			echo "$dir"
			return
		fi
	done
}

# Does a server accept connections at DATABASE_URL? pg_isready when we have
# one, else a plain TCP connect.
server_up() {
	local isready hp
	isready=$(command -v pg_isready || echo "${bindir:-}/pg_isready")
	if [ -x "$isready" ]; then
		"$isready" -q -t 5 -d "$DATABASE_URL" >/dev/null 2>&1
	else
		hp=$(hostport)
		(exec 3<>"/dev/tcp/${hp%:*}/${hp##*:}") 2>/dev/null
	fi
}

bindir=$(find_bindir)
if server_up; then
	exec "$@"
fi

if [ -z "$bindir" ]; then
	say "nothing answers at $(hostport) and no initdb/pg_ctl found (PATH, $PG_BIN_GLOB): apt-get install postgresql, or set DATABASE_URL to a running server"
	exit 1
fi

# initdb refuses to run as root: use the postgres user (or nobody) then.
run_as=""
if [ "$(id -u)" -eq 0 ]; then
	run_as=postgres
	id -u postgres >/dev/null 2>&1 || run_as=nobody
fi
as_pg() {
	if [ -n "$run_as" ]; then
		runuser -u "$run_as" -- "$@"
	else
		"$@"
	fi
}

tmp=""
# shellcheck disable=SC2317 # invoked via trap
cleanup() {
	[ -n "$tmp" ] || return 0
	(cd / && as_pg "$bindir/pg_ctl" stop -D "$tmp/data" -m immediate -w) >/dev/null 2>&1 || true
	if [ -f "$tmp/data/postmaster.pid" ]; then # stop failed: make sure it is gone
		kill -KILL "$(head -n1 "$tmp/data/postmaster.pid")" 2>/dev/null || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

# A loopback port nothing listens on.
port=""
while [ -z "$port" ]; do
	port=$((20000 + RANDOM % 40000))
	if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then port=""; fi
done

# /tmp rather than $TMPDIR when dropping privileges: the user must reach it.
base=${TMPDIR:-/tmp}
[ -z "$run_as" ] || base=/tmp
tmp=$(mktemp -d "$base/stripesync-pg.XXXXXX")
[ -z "$run_as" ] || chown "$run_as" "$tmp"
say "no server at $(hostport); starting a throwaway cluster ($bindir) on 127.0.0.1:$port in $tmp"

# Everything runs from $tmp so the unprivileged user never needs our cwd.
(cd "$tmp" && as_pg "$bindir/initdb" -D "$tmp/data" -U postgres -A trust -E UTF8 \
	--no-locale --no-sync >"$tmp/initdb.log" 2>&1) || {
	say "initdb failed:"
	cat "$tmp/initdb.log" >&2
	exit 1
}
# Throwaway settings: TCP on loopback only, no unix socket, speed over safety.
cat >>"$tmp/data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = ''
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
(cd "$tmp" && as_pg "$bindir/pg_ctl" start -D "$tmp/data" -l "$tmp/data/server.log" -w -t 60 >/dev/null) || {
	say "PostgreSQL did not start:"
	tail -n 20 "$tmp/data/server.log" >&2 || true
	exit 1
}

export DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
case ":$PATH:" in *":$bindir:"*) ;; *) export PATH="$bindir:$PATH" ;; esac # psql of the same version
set +e
"$@"
rc=$?
set -e
exit "$rc"
