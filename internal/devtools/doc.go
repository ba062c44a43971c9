// Package devtools holds tests for the developer tooling outside the Go code,
// such as scripts/with-postgres.sh, which `make test` and `make bench` use to
// find or start a PostgreSQL server.
package devtools
