package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// connectTimeout bounds the first connection, so an unreachable database
// fails in seconds rather than at the OS's TCP timeout.
const connectTimeout = 10 * time.Second

// connect opens a pool on the configured database and checks that it
// answers. The error names the server (host, port, database), never the
// URL, which may hold a password.
func connect(ctx context.Context, c *Config, maxConns int32) (*pgxpool.Pool, error) {
	pc, err := pgxpool.ParseConfig(c.DatabaseURL)
	if err != nil {
		return nil, validateDatabaseURL(c.DatabaseURL)
	}
	if pc.ConnConfig.ConnectTimeout == 0 || pc.ConnConfig.ConnectTimeout > connectTimeout {
		pc.ConnConfig.ConnectTimeout = connectTimeout
	}
	if maxConns > 0 {
		pc.MaxConns = maxConns
	}
	pc.ConnConfig.RuntimeParams["application_name"] = "stripesync"
	pool, err := pgxpool.NewWithConfig(ctx, pc)
	if err != nil {
		return nil, fmt.Errorf("database %s: %s", describeDB(pc), pgReason(err))
	}
	pingCtx, cancel := context.WithTimeout(ctx, connectTimeout+5*time.Second)
	defer cancel()
	if err := pool.Ping(pingCtx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("cannot reach the database %s: %s", describeDB(pc), pgReason(err))
	}
	return pool, nil
}

// describeDB names a database as host:port/name, without credentials.
func describeDB(pc *pgxpool.Config) string {
	cc := pc.ConnConfig
	return net.JoinHostPort(cc.Host, strconv.Itoa(int(cc.Port))) + "/" + cc.Database
}

// pgReason shortens a connection error to its cause: pgx prefixes its
// errors with the connection parameters, which describeDB already gives.
func pgReason(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Severity + ": " + pe.Message + " (SQLSTATE " + pe.Code + ")"
	}
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) && ce.Unwrap() != nil {
		err = ce.Unwrap()
	}
	var ne *net.OpError
	if errors.As(err, &ne) && ne.Err != nil {
		return ne.Op + ": " + ne.Err.Error()
	}
	msg := err.Error()
	if i := strings.LastIndex(msg, ": "); i >= 0 && strings.Contains(msg[:i], "failed to connect") {
		msg = msg[i+2:]
	}
	return msg
}

// databasePassword returns the password a database URL or connection
// string holds ("" when none or unparsable), for scrubbing output.
func databasePassword(raw string) string {
	pc, err := pgxpool.ParseConfig(raw)
	if err != nil {
		return ""
	}
	return pc.ConnConfig.Password
}
