package httpapi

import (
	"maps"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/stripesync/stripesync/runtime/stripeclient"
)

// Snapshot is the engine's state for /metrics. Zero values are rendered
// as zero; maps may be nil.
type Snapshot struct {
	// Lag is how far behind Stripe the database is: now minus the creation
	// time of the newest applied event, while events are outstanding.
	Lag time.Duration
	// EventsApplied counts events applied since start (duplicates excluded).
	EventsApplied int64
	// RowsWritten counts rows inserted or updated, per table.
	RowsWritten map[string]int64
	// APICalls counts Stripe API attempts by HTTP status (0: no response).
	APICalls map[int]int64
	// RateLimited counts Stripe's 429 answers.
	RateLimited int64
	// Backfill is the progress per table.
	Backfill []BackfillProgress
	// LastPoll is when the events follower last polled successfully (zero:
	// never).
	LastPoll time.Time
	// Now is the time of the snapshot (default time.Now()).
	Now time.Time
}

// BackfillProgress is one table's backfill.
type BackfillProgress struct {
	// Table is the data table.
	Table string
	// Objects is how many objects were written so far.
	Objects int64
	// Done reports whether the table's backfill completed.
	Done bool
}

// AddClientStats copies a Stripe client's traffic counters into s.
func (s *Snapshot) AddClientStats(st stripeclient.Stats) {
	if s.APICalls == nil {
		s.APICalls = map[int]int64{}
	}
	for status, n := range st.ByStatus {
		s.APICalls[status] += n
	}
	s.RateLimited += st.RateLimited
}

// serverStats are the server's own counters.
type serverStats struct {
	mu       sync.Mutex
	webhooks map[string]int64
	waits    map[int]int64
	rejected map[string]int64 // 401s by route ("wait", "metrics")
}

// tokenRoutes are the routes Config.Token guards, as /metrics labels them.
var tokenRoutes = []string{"metrics", "wait"}

func (st *serverStats) webhook(result string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.webhooks == nil {
		st.webhooks = map[string]int64{}
	}
	st.webhooks[result]++
}

func (st *serverStats) wait(status int) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.waits == nil {
		st.waits = map[int]int64{}
	}
	st.waits[status]++
}

// unauthorized counts a 401 on route, one of tokenRoutes.
func (st *serverStats) unauthorized(route string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.rejected == nil {
		st.rejected = map[string]int64{}
	}
	st.rejected[route]++
}

// handleMetrics renders the exposition.
func (s *Server) handleMetrics(w http.ResponseWriter, _ *http.Request) {
	var snap Snapshot
	if s.cfg.Metrics != nil {
		snap = s.cfg.Metrics.MetricsSnapshot()
	}
	if snap.Now.IsZero() {
		snap.Now = time.Now()
	}
	var e expo
	writeEngine(&e, snap)
	s.stats.write(&e)
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	_, _ = w.Write(e.buf)
}

// write renders the server's own counters.
func (st *serverStats) write(e *expo) {
	st.mu.Lock()
	defer st.mu.Unlock()
	e.family("stripesync_webhooks_total", "counter", "Webhook deliveries by result (applied, rejected, failed, unreadable).")
	for _, k := range slices.Sorted(maps.Keys(st.webhooks)) {
		e.sample("stripesync_webhooks_total", float64(st.webhooks[k]), "result", k)
	}
	e.family("stripesync_wait_requests_total", "counter", "/wait answers by HTTP status.")
	for _, k := range slices.Sorted(maps.Keys(st.waits)) {
		e.sample("stripesync_wait_requests_total", float64(st.waits[k]), "status", strconv.Itoa(k))
	}
	e.family("stripesync_http_unauthorized_total", "counter", "Requests answered 401 for a missing or wrong bearer token, by route.")
	for _, route := range tokenRoutes {
		e.sample("stripesync_http_unauthorized_total", float64(st.rejected[route]), "route", route)
	}
}

// writeEngine renders the engine's snapshot.
func writeEngine(e *expo, s Snapshot) {
	e.gauge("stripesync_lag_seconds", "Seconds between now and the creation of the newest applied event, while events are outstanding.", s.Lag.Seconds())
	e.counter("stripesync_events_applied_total", "Stripe events applied.", float64(s.EventsApplied))
	e.family("stripesync_rows_written_total", "counter", "Rows inserted or updated, per table.")
	for _, t := range slices.Sorted(maps.Keys(s.RowsWritten)) {
		e.sample("stripesync_rows_written_total", float64(s.RowsWritten[t]), "table", t)
	}
	e.family("stripesync_stripe_requests_total", "counter", "Stripe API attempts by HTTP status (0: no response).")
	for _, st := range slices.Sorted(maps.Keys(s.APICalls)) {
		e.sample("stripesync_stripe_requests_total", float64(s.APICalls[st]), "status", strconv.Itoa(st))
	}
	e.counter("stripesync_stripe_rate_limited_total", "Stripe answers with status 429.", float64(s.RateLimited))
	writeBackfill(e, s.Backfill)
	since := math.Inf(1)
	if !s.LastPoll.IsZero() {
		since = s.Now.Sub(s.LastPoll).Seconds()
		e.gauge("stripesync_last_successful_poll_timestamp_seconds", "Unix time of the last successful events poll.", float64(s.LastPoll.UnixMilli())/1000)
	}
	e.gauge("stripesync_seconds_since_last_successful_poll", "Seconds since the last successful events poll (+Inf: none yet).", since)
}

// writeBackfill renders backfill progress per table.
func writeBackfill(e *expo, progress []BackfillProgress) {
	sorted := slices.SortedFunc(slices.Values(progress), func(a, b BackfillProgress) int {
		return strings.Compare(a.Table, b.Table)
	})
	e.family("stripesync_backfill_objects", "gauge", "Objects written by the backfill so far, per table.")
	for _, p := range sorted {
		e.sample("stripesync_backfill_objects", float64(p.Objects), "table", p.Table)
	}
	e.family("stripesync_backfill_done", "gauge", "1 when the table's backfill completed, else 0.")
	done := 0
	for _, p := range sorted {
		e.sample("stripesync_backfill_done", boolFloat(p.Done), "table", p.Table)
		done += int(boolFloat(p.Done))
	}
	e.gauge("stripesync_backfill_tables_done", "Tables whose backfill completed.", float64(done))
	e.gauge("stripesync_backfill_tables", "Tables the backfill covers.", float64(len(sorted)))
}

func boolFloat(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
