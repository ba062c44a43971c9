package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stripesync/stripesync/runtime/stripetest"
)

// liveKey is a key stripetest rejects with 401 (it only knows test keys).
// Its secret part equals testKey's, so checkOutputs also guards it.
const liveKey = "sk_live_" + "SECRETdoNotPrint4f9c2a7e1b"

// badCase is one bad input: the command must fail with one stderr line
// holding every fragment of want, and leave the database db untouched.
type badCase struct {
	name string
	db   string // database whose fingerprint must not move ("" for none)
	env  map[string]string
	args []string
	code int
	want []string
}

// unreachable is a database nothing answers on.
const unreachable = "postgres://postgres@127.0.0.1:1/nowhere?sslmode=disable&connect_timeout=5"

func TestBadInput(t *testing.T) {
	t.Parallel()
	fake := stripetest.NewTestServer(t)
	empty, migrated := emptyDB(t), migratedDB(t)
	ahead := migratedDB(t)
	execSQL(t, ahead, `INSERT INTO stripesync.goose_db_version (version_id, is_applied) VALUES (`+aheadS()+`, true)`)
	var cases []badCase
	cases = append(cases, unreachableCases(empty)...)
	cases = append(cases, rejectedKeyCases(fake.URL(), migrated, empty)...)
	cases = append(cases, malformedCases(t, fake.URL(), migrated)...)
	cases = append(cases, versionCases(fake.URL(), empty, migrated, ahead)...)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var before string
			if c.db != "" {
				before = fingerprint(t, c.db)
			}
			r := run(t, c.env, c.args...)
			wantOneLine(t, r, c.code, c.want...)
			if c.db != "" {
				wantUnchanged(t, c.db, before)
			}
		})
	}
}

// withKey returns an environment with a database, the test key and an
// API base.
func withKey(db, base string) map[string]string {
	return map[string]string{"DATABASE_URL": db, "STRIPE_API_KEY": testKey, "STRIPE_API_BASE": base}
}

func unreachableCases(empty string) []badCase {
	missing := strings.Replace(empty, "stripesync_test_", "stripesync_missing_", 1)
	var out []badCase
	for _, cmd := range []string{"migrate", "backfill", "sync"} {
		out = append(out,
			badCase{"unreachable/" + cmd, "", withKey(unreachable, "http://127.0.0.1:1"), []string{cmd}, 1,
				[]string{"stripesync " + cmd + ": cannot reach the database 127.0.0.1:1/nowhere", "connection refused"}},
			badCase{"no-such-database/" + cmd, empty, withKey(missing, "http://127.0.0.1:1"), []string{cmd}, 1,
				[]string{"cannot reach the database", "does not exist"}},
		)
	}
	return append(out, badCase{"unreachable/doctor", "", withKey(unreachable, "http://127.0.0.1:1"),
		[]string{"doctor"}, 1, []string{"stripesync doctor: ", "checks failed: sync cannot work"}})
}

func rejectedKeyCases(base, migrated, empty string) []badCase {
	env := map[string]string{"DATABASE_URL": migrated, "STRIPE_API_KEY": liveKey, "STRIPE_API_BASE": base}
	var out []badCase
	for _, cmd := range []string{"backfill", "sync"} {
		out = append(out, badCase{"rejected-key/" + cmd, migrated, env, []string{cmd}, 1,
			[]string{"stripesync " + cmd + ": stripe at " + base + " rejected the API key sk_live_…(redacted) (401)"}})
	}
	// An unmigrated database is refused before the key is even tried.
	out = append(out, badCase{"rejected-key/unmigrated", empty,
		map[string]string{"DATABASE_URL": empty, "STRIPE_API_KEY": liveKey, "STRIPE_API_BASE": base},
		[]string{"sync"}, 1, []string{"run `stripesync migrate`"}})
	return append(out, badCase{"rejected-key/doctor", migrated, env, []string{"doctor"}, 1,
		[]string{"stripesync doctor: 1 of ", "checks failed: sync cannot work"}})
}

func malformedCases(t *testing.T, base, db string) []badCase {
	env := withKey(db, base)
	keyFile := filepath.Join(t.TempDir(), "key")
	if err := os.WriteFile(keyFile, []byte(testKey+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	bad := func(name string, want string, args ...string) badCase {
		return badCase{"malformed/" + name, db, env, args, 2, []string{want}}
	}
	noKey := map[string]string{"DATABASE_URL": db, "STRIPE_API_BASE": base}
	return []badCase{
		bad("unknown-flag", "stripesync sync: flag provided but not defined: -bogus", "sync", "--bogus"),
		bad("flag-without-value", "flag needs an argument: -schema", "sync", "--schema"),
		bad("positional", `unexpected argument "now"`, "sync", "now"),
		bad("no-command", "stripesync: no command"),
		bad("unknown-command", `stripesync: unknown command "synch"`, "synch"),
		bad("log-format", `--log-format "xml": want one of text, json`, "sync", "--log-format", "xml"),
		bad("log-level", `--log-level "loud"`, "sync", "--log-level", "loud"),
		bad("progress", `--progress "sometimes"`, "backfill", "--progress", "sometimes"),
		bad("empty-schema", "--schema: empty schema name", "sync", "--schema="),
		bad("same-schemas", "--schema and --state-schema are both", "migrate", "--schema", "x", "--state-schema", "x"),
		bad("quote-in-schema", "contains a double quote", "migrate", "--schema", `a"b`),
		bad("api-base", `--api-base "ftp://example": want http(s)://host[:port]`, "sync", "--api-base", "ftp://example"),
		bad("listen", `--listen "8080": want host:port`, "sync", "--listen", "8080"),
		bad("webhook-secret", "--webhook-secret: secret 2 of 2 is not a webhook signing secret", "sync", "--webhook-secret", "whsec_abcdef,oops"),
		bad("database-url", "--database-url: not a valid PostgreSQL URL", "migrate", "--database-url", "postgres://%zz"),
		bad("publishable-key", "--api-key: a publishable key (pk_) cannot read account data", "sync", "--api-key", "pk_test_abcdef"),
		bad("key-and-key-file", "give --api-key or --api-key-file, not both", "sync", "--api-key", testKey, "--api-key-file", keyFile),
		bad("missing-key-file", "--api-key-file", "sync", "--api-key-file", filepath.Join(t.TempDir(), "absent")),
		{"malformed/no-key", db, noKey, []string{"backfill"}, 2, []string{"no Stripe API key: set STRIPE_API_KEY"}},
		{"malformed/no-database", "", map[string]string{"STRIPE_API_KEY": testKey}, []string{"migrate"}, 2,
			[]string{"no database: set DATABASE_URL or --database-url"}},
	}
}

func versionCases(base, empty, migrated, ahead string) []badCase {
	var out []badCase
	for _, cmd := range []string{"backfill", "sync"} {
		out = append(out,
			badCase{"behind/" + cmd, empty, withKey(empty, base), []string{cmd}, 1,
				[]string{"stripesync " + cmd + ": database is at migration 0, this build expects " + latestS() + ": run `stripesync migrate`"}},
			badCase{"ahead/" + cmd, ahead, withKey(ahead, base), []string{cmd}, 1,
				[]string{"stripesync " + cmd + ": database is at migration " + aheadS() + ", newer than this build (" + latestS() + "): upgrade stripesync"}},
		)
	}
	return append(out,
		badCase{"ahead/migrate", ahead, withKey(ahead, base), []string{"migrate"}, 1,
			[]string{"database is at migration " + aheadS() + ", newer than this build (" + latestS() + "): upgrade stripesync"}},
		badCase{"other-schema/sync", migrated, withKey(migrated, base), []string{"sync", "--schema", "elsewhere"}, 1,
			[]string{`schema "elsewhere" is missing although schema "stripesync" records migration ` + latestS() + `: check --schema`}},
		badCase{"behind/doctor", empty, withKey(empty, base), []string{"doctor"}, 1, []string{"stripesync doctor: 1 of ", "checks failed: sync cannot work"}},
	)
}
