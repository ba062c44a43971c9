package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/stripesync/stripesync/runtime/stripeclient"
)

// setting is one string setting: a flag, its environment variable and its
// default, in that order of precedence.
type setting struct {
	flag, env, def, usage string
	dst                   *string
}

// raw holds the settings as strings before they are checked.
type raw struct {
	databaseURL, apiKey, apiKeyFile, apiBase   string
	schema, stateSchema, listen, webhookSecret string
	logFormat, logLevel, progress, rateLimit   string
	relistInterval, httpToken, httpTokenFile   string
	relistFullInterval, eventsRetention        string
	// set names the settings given by flag or environment, not defaulted.
	set map[string]bool
}

// settings lists every setting of the command, per the design's table.
func (r *raw) settings() []setting {
	return []setting{
		{"database-url", "DATABASE_URL", "", "PostgreSQL URL (required)", &r.databaseURL},
		{"api-key", "", "", "Stripe API key (prefer STRIPE_API_KEY or --api-key-file: flags show in ps)", &r.apiKey},
		{"api-key-file", "", "", "file holding the Stripe API key", &r.apiKeyFile},
		{"api-base", stripeclient.EnvAPIBase, stripeclient.DefaultBaseURL, "Stripe API base URL (a fake Stripe or stripe-mock)", &r.apiBase},
		{"schema", "STRIPESYNC_SCHEMA", DefaultSchema, "data schema", &r.schema},
		{"state-schema", "STRIPESYNC_STATE_SCHEMA", DefaultStateSchema, "schema of the syncer's own state", &r.stateSchema},
		{"listen", "STRIPESYNC_LISTEN", "", "sync: serve POST /webhooks, GET /wait, /healthz and /metrics on host:port", &r.listen},
		{"webhook-secret", "STRIPE_WEBHOOK_SECRET", "", "webhook signing secret(s), comma-separated", &r.webhookSecret},
		{"http-token", "", "", "sync --listen: bearer token for GET /wait and /metrics, 16+ characters (prefer " + envHTTPToken + " or --http-token-file: flags show in ps)", &r.httpToken},
		{"http-token-file", "", "", "file holding the bearer token for GET /wait and /metrics", &r.httpTokenFile},
		{"log-format", "STRIPESYNC_LOG_FORMAT", "text", "log format: text or json", &r.logFormat},
		{"log-level", "STRIPESYNC_LOG_LEVEL", "info", "least log level: debug, info, warn or error", &r.logLevel},
		{"progress", "STRIPESYNC_PROGRESS", "auto", "progress bars: auto (when stderr is a terminal), on or off", &r.progress},
		{"rate-limit", "STRIPESYNC_RATE_LIMIT", "", "Stripe requests per second (default: 100 live, 25 test), or off", &r.rateLimit},
		{"relist-interval", "STRIPESYNC_RELIST_INTERVAL", defaultRelistInterval, "how often sync re-lists the tables events do not keep current: new objects, and rows still changing without events (0: never)", &r.relistInterval},
		{"relist-full-interval", "STRIPESYNC_RELIST_FULL_INTERVAL", defaultRelistFullInterval, "how often that re-list is a full one, which also drops rows Stripe no longer lists (0: never; not below --relist-interval)", &r.relistFullInterval},
		{"events-retention", "STRIPESYNC_EVENTS_RETENTION", "0", "sync: delete rows of the events table older than this, e.g. 90d or 720h (0: keep every event)", &r.eventsRetention},
	}
}

// errHelp is returned when -h or --help was asked for.
var errHelp = errors.New("help requested")

// newFlagSet declares the settings on a silent flag set: parse errors come
// back as one line instead of the flag package's usage dump.
func newFlagSet(cmd string, r *raw) *flag.FlagSet {
	fs := flag.NewFlagSet("stripesync "+cmd, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	for _, s := range r.settings() {
		fs.StringVar(s.dst, s.flag, "", s.usage)
	}
	return fs
}

// parseArgs parses a command's arguments and fills in unset settings from
// the environment (getenv) and the defaults.
func parseArgs(cmd string, args []string, getenv func(string) string) (*raw, error) {
	r := &raw{set: map[string]bool{}}
	fs := newFlagSet(cmd, r)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, errHelp
		}
		return nil, usageErrorf("%v (stripesync %s -h lists the flags)", err, cmd)
	}
	if fs.NArg() > 0 {
		return nil, usageErrorf("unexpected argument %q: %s takes flags only", fs.Arg(0), cmd)
	}
	fs.Visit(func(f *flag.Flag) { r.set[f.Name] = true })
	for _, s := range r.settings() {
		if r.set[s.flag] {
			continue
		}
		if v := getenvTrim(getenv, s.env); v != "" {
			*s.dst, r.set[s.flag] = v, true
		} else {
			*s.dst = s.def
		}
	}
	return r, nil
}

// getenvTrim reads an environment variable, trimmed; "" for no name.
func getenvTrim(getenv func(string) string, name string) string {
	if name == "" {
		return ""
	}
	return strings.TrimSpace(getenv(name))
}

// config turns the raw settings into a Config. A missing or malformed key
// is kept in KeyErr, since not every command needs one.
func (r *raw) config(getenv func(string) string) (*Config, error) {
	level, err := parseLevel(r.logLevel)
	if err != nil {
		return nil, err
	}
	c := &Config{
		DatabaseURL: r.databaseURL, APIBase: r.apiBase,
		Schema: r.schema, StateSchema: r.stateSchema, Listen: r.listen,
		WebhookSecrets: parseSecrets(r.webhookSecret),
		LogFormat:      r.logFormat, LogLevel: level, Progress: r.progress,
	}
	if c.RateLimit, err = parseRateLimit(r.rateLimit); err != nil {
		return nil, err
	}
	if c.RelistInterval, c.RelistFullInterval, err = r.relist(); err != nil {
		return nil, err
	}
	if c.EventsRetention, err = parseRetention(r.eventsRetention); err != nil {
		return nil, err
	}
	if c.HTTPToken, err = loadHTTPToken(r.httpToken, r.httpTokenFile, getenv); err != nil {
		return nil, usageErrorf("%s", err.Error())
	}
	c.Key, c.KeyErr = stripeclient.LoadKey(r.apiKey, r.apiKeyFile, getenv)
	return c, nil
}

// parseRateLimit reads --rate-limit: "" for the key's default, "off", or
// a positive number of requests per second.
func parseRateLimit(s string) (stripeclient.RateLimit, error) {
	switch s {
	case "":
		return stripeclient.RateLimit{}, nil
	case "off":
		return stripeclient.RateLimit{Off: true}, nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v <= 0 || math.IsInf(v, 0) {
		return stripeclient.RateLimit{}, usageErrorf("--rate-limit %q: want a positive number of requests per second, or off", s)
	}
	return stripeclient.RateLimit{Global: v}, nil
}

// parseLevel reads a slog level name.
func parseLevel(s string) (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return 0, usageErrorf("--log-level %q: want debug, info, warn or error", s)
	}
	return l, nil
}

// secretsOf lists every secret string the settings hold, so output can be
// scrubbed of them: the key and the HTTP token from the flag, the file and
// the environment, the webhook secrets and the database password.
func (r *raw) secretsOf(getenv func(string) string) []string {
	out := []string{r.apiKey, getenv(stripeclient.EnvAPIKey), r.webhookSecret,
		r.httpToken, getenv(envHTTPToken)}
	out = append(out, fileSecret(r.apiKeyFile), fileSecret(r.httpTokenFile))
	out = append(out, parseSecrets(r.webhookSecret).Reveal()...)
	out = append(out, databasePassword(r.databaseURL))
	return out
}

// fileSecret returns the contents of a secret's file, "" when there is
// none or it cannot be read (the redactor trims and skips short strings).
func fileSecret(path string) string {
	if path == "" {
		return ""
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	return string(b)
}

// loaderEnv names the environment variables that a loader reads rather
// than parseArgs, because a --*-file flag ranks between the flag and them.
var loaderEnv = map[string]string{"api-key": stripeclient.EnvAPIKey, "http-token": envHTTPToken}

// usage writes a command's flags, with their environment variables.
func usage(w io.Writer, cmd, summary string) {
	fmt.Fprintf(w, "usage: stripesync %s [flags]\n\n%s\n\nflags:\n", cmd, summary)
	for _, s := range (&raw{}).settings() {
		env := ""
		if s.env != "" {
			env = " ($" + s.env + ")"
		}
		if v, ok := loaderEnv[s.flag]; ok {
			env = " ($" + v + ")"
		}
		def := ""
		if s.def != "" {
			def = " [" + s.def + "]"
		}
		fmt.Fprintf(w, "  --%-20s %s%s%s\n", s.flag, s.usage, env, def)
	}
}

// parseRetention reads --events-retention: 0 (keep every event), a number
// of days ("90d") or a Go duration ("720h").
func parseRetention(s string) (time.Duration, error) {
	bad := usageErrorf("--events-retention %q: want a number of days such as 90d, a duration such as 720h, or 0 to keep every event", s)
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n < 0 {
			return 0, bad
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, bad
	}
	return d, nil
}
