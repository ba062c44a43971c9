package stripetest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// controlPrefix starts the paths of the test controls, which need no key:
//
//	GET    /_stripetest/state          Snapshot as JSON
//	GET    /_stripetest/events         retained events, oldest first
//	GET    /_stripetest/requests       recorded requests; DELETE resets them
//	POST   /_stripetest/seed           {"n": 1000, "events": false}
//	POST   /_stripetest/clock          {"advance": "90s"} or {"set": 1748736000}
//	POST   /_stripetest/objects        {"resource": "customer", "fields": {...}, "parent": ""}
//	POST   /_stripetest/objects/{id}   {"fields": {...}, "event_type": ""}
//	DELETE /_stripetest/objects/{id}
//	PUT    /_stripetest/faults         [{"path": "/v1/*", "error_rate": 0.1, "delay": "50ms"}]
//	PUT    /_stripetest/rate_limit     {"rps": 25, "burst": 25}
//	PUT    /_stripetest/keys           {"key": "rk_test_x", "denied": ["customer"]}
const controlPrefix = "/_stripetest/"

// control answers the test control endpoints.
func (s *Server) control(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, controlPrefix)
	route, id, _ := strings.Cut(name, "/")
	var out any
	var err error
	switch r.Method + " " + route {
	case "GET state":
		out = s.State()
	case "GET events":
		out = s.Events()
	case "GET requests":
		out = s.Requests()
	case "DELETE requests":
		s.ResetRequests()
	case "POST seed":
		err = s.controlSeed(r)
	case "POST clock":
		out, err = s.controlClock(r)
	case "POST objects", "DELETE objects":
		out, err = s.controlObject(r, id)
	case "PUT faults":
		err = s.controlFaults(r)
	case "PUT rate_limit":
		err = s.controlRateLimit(r)
	case "PUT keys":
		err = s.controlKeys(r)
	default:
		err = fmt.Errorf("unknown control %s %s", r.Method, r.URL.Path)
	}
	writeControl(w, out, err)
}

func writeControl(w http.ResponseWriter, out any, err error) {
	w.Header().Set("Content-Type", "application/json")
	if err != nil {
		w.WriteHeader(http.StatusBadRequest)
		_ = json.NewEncoder(w).Encode(map[string]string{"error": err.Error()})
		return
	}
	if out == nil {
		out = map[string]bool{"ok": true}
	}
	_ = json.NewEncoder(w).Encode(out)
}

func decodeBody(r *http.Request, v any) error {
	if err := json.NewDecoder(r.Body).Decode(v); err != nil {
		return fmt.Errorf("stripetest: control body: %w", err)
	}
	return nil
}

func (s *Server) controlSeed(r *http.Request) error {
	var body struct {
		N      int  `json:"n"`
		Events bool `json:"events"`
	}
	if err := decodeBody(r, &body); err != nil {
		return err
	}
	return s.Seed(body.N, SeedOptions{Events: body.Events})
}

func (s *Server) controlClock(r *http.Request) (any, error) {
	var body struct {
		Advance string `json:"advance"`
		Set     int64  `json:"set"`
	}
	if err := decodeBody(r, &body); err != nil {
		return nil, err
	}
	fc := s.FakeClock()
	if fc == nil {
		return nil, fmt.Errorf("stripetest: the clock is not a fake clock")
	}
	if body.Advance != "" {
		d, err := time.ParseDuration(body.Advance)
		if err != nil {
			return nil, fmt.Errorf("stripetest: advance: %w", err)
		}
		fc.Advance(d)
	}
	if body.Set != 0 {
		fc.Set(time.Unix(body.Set, 0))
	}
	return map[string]int64{"now": fc.Now().Unix()}, nil
}

func (s *Server) controlObject(r *http.Request, id string) (any, error) {
	var body struct {
		Resource  string         `json:"resource"`
		Fields    map[string]any `json:"fields"`
		Parent    string         `json:"parent"`
		EventType string         `json:"event_type"`
	}
	if r.Method == http.MethodDelete {
		return nil, s.Delete(id)
	}
	if err := decodeBody(r, &body); err != nil {
		return nil, err
	}
	opts := []Option{}
	if body.EventType != "" {
		opts = append(opts, EventType(body.EventType))
	}
	if id != "" {
		return s.Update(id, body.Fields, opts...)
	}
	if body.Parent != "" {
		opts = append(opts, Parent(body.Parent))
	}
	return s.Create(body.Resource, body.Fields, opts...)
}

// faultJSON is Fault with durations as strings ("250ms").
type faultJSON struct {
	Path         string  `json:"path"`
	ErrorRate    float64 `json:"error_rate"`
	ThrottleRate float64 `json:"throttle_rate"`
	BurstLength  int     `json:"burst_length"`
	RetryAfter   string  `json:"retry_after"`
	Delay        string  `json:"delay"`
	DelayRate    float64 `json:"delay_rate"`
	CutRate      float64 `json:"cut_rate"`
}

func (s *Server) controlFaults(r *http.Request) error {
	var body []faultJSON
	if err := decodeBody(r, &body); err != nil {
		return err
	}
	var faults []Fault
	for _, f := range body {
		retry, err1 := optDuration(f.RetryAfter)
		delay, err2 := optDuration(f.Delay)
		if err1 != nil || err2 != nil {
			return fmt.Errorf("stripetest: fault durations: %v %v", err1, err2)
		}
		faults = append(faults, Fault{Path: f.Path, ErrorRate: f.ErrorRate, ThrottleRate: f.ThrottleRate,
			BurstLength: f.BurstLength, RetryAfter: retry, Delay: delay, DelayRate: f.DelayRate, CutRate: f.CutRate})
	}
	s.SetFaults(faults...)
	return nil
}

func optDuration(s string) (time.Duration, error) {
	if s == "" {
		return 0, nil
	}
	return time.ParseDuration(s)
}

func (s *Server) controlRateLimit(r *http.Request) error {
	var body struct {
		RPS   float64 `json:"rps"`
		Burst int     `json:"burst"`
	}
	if err := decodeBody(r, &body); err != nil {
		return err
	}
	s.SetRateLimit(body.RPS, body.Burst)
	return nil
}

func (s *Server) controlKeys(r *http.Request) error {
	var body struct {
		Key    string   `json:"key"`
		Denied []string `json:"denied"`
	}
	if err := decodeBody(r, &body); err != nil {
		return err
	}
	s.RestrictKey(body.Key, body.Denied...)
	return nil
}
