package httpapi_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stripesync/stripesync/runtime/httpapi"
	"github.com/stripesync/stripesync/runtime/stripeclient"
)

// fixedMetrics is a MetricsSource with set values.
type fixedMetrics struct{ snap httpapi.Snapshot }

func (f fixedMetrics) MetricsSnapshot() httpapi.Snapshot { return f.snap }

func get(t *testing.T, h http.Handler, path string) (int, string, http.Header) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	body, _ := io.ReadAll(rec.Body)
	return rec.Code, string(body), rec.Header()
}

// sampleRE is one sample line of the text exposition format.
var sampleRE = regexp.MustCompile(`^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})? ([-+]?[0-9.eE+-]+|\+Inf|-Inf|NaN)$`)

func TestMetricsExposition(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	snap := httpapi.Snapshot{
		Lag: 1500 * time.Millisecond, EventsApplied: 42, Now: now, LastPoll: now.Add(-2 * time.Second),
		RowsWritten: map[string]int64{"customers": 10, "charges": 3},
		Backfill:    []httpapi.BackfillProgress{{Table: "customers", Objects: 10, Done: true}, {Table: `we"ird`, Objects: 3}},
	}
	snap.AddClientStats(stripeclient.Stats{ByStatus: map[int]int64{200: 5, 429: 1}, RateLimited: 1})
	s, err := httpapi.New(httpapi.Config{Metrics: fixedMetrics{snap}})
	if err != nil {
		t.Fatal(err)
	}
	status, body, h := get(t, s.Handler(), "/metrics")
	if status != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/plain; version=0.0.4") {
		t.Fatalf("%d %s", status, h.Get("Content-Type"))
	}
	for _, want := range []string{
		"stripesync_lag_seconds 1.5",
		"stripesync_events_applied_total 42",
		`stripesync_rows_written_total{table="charges"} 3`,
		`stripesync_rows_written_total{table="customers"} 10`,
		`stripesync_stripe_requests_total{status="429"} 1`,
		"stripesync_stripe_rate_limited_total 1",
		`stripesync_backfill_done{table="customers"} 1`,
		`stripesync_backfill_objects{table="we\"ird"} 3`,
		"stripesync_backfill_tables_done 1",
		"stripesync_seconds_since_last_successful_poll 2",
		"# TYPE stripesync_events_applied_total counter",
	} {
		if !strings.Contains(body, want+"\n") {
			t.Errorf("metrics lack %q", want)
		}
	}
	checkExposition(t, body)
}

// checkExposition checks that every line is a comment or a well-formed
// sample of a family declared just before.
func checkExposition(t *testing.T, body string) {
	t.Helper()
	typed := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSuffix(body, "\n"), "\n") {
		if name, ok := strings.CutPrefix(line, "# TYPE "); ok {
			typed[strings.Fields(name)[0]] = true
			continue
		}
		if strings.HasPrefix(line, "# HELP ") {
			continue
		}
		if !sampleRE.MatchString(line) {
			t.Errorf("malformed sample line %q", line)
		}
		if name := strings.FieldsFunc(line, func(r rune) bool { return r == '{' || r == ' ' })[0]; !typed[name] {
			t.Errorf("sample %q before its TYPE line", line)
		}
	}
}

func TestMetricsWithoutEngine(t *testing.T) {
	s, err := httpapi.New(httpapi.Config{})
	if err != nil {
		t.Fatal(err)
	}
	_, body, _ := get(t, s.Handler(), "/metrics")
	if !strings.Contains(body, "stripesync_seconds_since_last_successful_poll +Inf\n") {
		t.Errorf("no poll yet should read +Inf:\n%s", body)
	}
	checkExposition(t, body)
}

func TestHealthAndStart(t *testing.T) {
	healthy := true
	ready := make(chan string, 1)
	s, err := httpapi.New(httpapi.Config{Addr: "127.0.0.1:0", Ready: func(a string) { ready <- a },
		Health: func(context.Context) error {
			if healthy {
				return nil
			}
			return errors.New("database unreachable")
		}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- s.Start(ctx) }()
	addr := <-ready
	resp, err := http.Get("http://" + addr + "/healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("healthz: %v %v", resp, err)
	}
	resp.Body.Close()
	healthy = false
	if status, body, _ := get(t, s.Handler(), "/healthz"); status != 503 || !strings.Contains(body, "database unreachable") {
		t.Errorf("unhealthy: %d %s", status, body)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Start returned %v", err)
	}
}
