// Package doctor checks what `stripesync sync` needs and reports it as a
// table with an exit code, for `stripesync doctor`:
//
//   - the API key: its mode (live or test) and kind (secret or restricted);
//   - events: the key can read /v1/events (sync cannot work without it);
//   - lists: every top-level list endpoint of the generated tables is asked
//     for one object; each permission a 403 names (rak_customer_read ...) is
//     a failed row listing the tables that cannot sync (the listed ones and
//     the tables filled through them) and what to grant; lists refused for
//     other reasons (a product not enabled on the account) only warn;
//   - webhook endpoints: write access, which `webhooks ensure` needs, probed
//     with an empty create that Stripe refuses without creating anything;
//   - the database: connection, schema version against the build, TEMP on
//     the database (writes stage rows in temporary tables), USAGE and CREATE
//     on the data and state schemas, and SELECT, INSERT, UPDATE and DELETE
//     on their tables.
//
// Nothing is written to Stripe or the database. Report.ExitCode is 1 when
// a check failed, i.e. sync cannot work as configured, and 0 otherwise.
package doctor
