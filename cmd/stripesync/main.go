// Command stripesync mirrors a Stripe account into PostgreSQL:
//
//	stripesync migrate    apply the migrations this build carries
//	stripesync backfill   fill every table once and exit
//	stripesync sync       backfill what is missing, then follow events
//	stripesync doctor     check the key, the API and the database
//
// Settings come from flags or the environment (DATABASE_URL,
// STRIPE_API_KEY, STRIPE_API_BASE, STRIPESYNC_SCHEMA ...); see
// `stripesync <command> -h` and package runtime/cli.
package main

import (
	"os"

	"github.com/stripesync/stripesync/runtime/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:]))
}
