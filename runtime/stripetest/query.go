package stripetest

import (
	"net/url"
	"sort"
	"strconv"
	"strings"
)

const (
	defaultLimit = 10
	maxLimit     = 100
	maxTypes     = 20
)

// listQuery is a validated list request.
type listQuery struct {
	limit         int
	after, before string
	win           window
	expand        []string
	// filters are plain optional parameters (customer=cus_...).
	filters map[string]string
	types   []string
}

// parseListQuery validates a list request's parameters the way Stripe does:
// unknown parameters, bad integers, out-of-range limits, both cursors and
// missing required filters are 400s.
func parseListQuery(d *listDef, q url.Values) (*listQuery, *apiError) {
	lq := &listQuery{limit: defaultLimit, filters: map[string]string{}}
	for _, name := range sortedKeys(q) {
		if aerr := lq.take(d, name, q[name]); aerr != nil {
			return nil, aerr
		}
	}
	if lq.after != "" && lq.before != "" {
		return nil, invalidRequest(400, "parameters_exclusive", "ending_before",
			"You may only specify one of these parameters: ending_before, starting_after.")
	}
	if len(lq.types) > 0 && lq.filters["type"] != "" {
		return nil, invalidRequest(400, "parameters_exclusive", "types", "You may only specify one of these parameters: type, types.")
	}
	if len(lq.types) > maxTypes {
		return nil, invalidRequest(400, "", "types", "You may pass at most %d types.", maxTypes)
	}
	for _, req := range d.op.RequiredParams() {
		if !hasParam(q, req) {
			return nil, errMissingParam(req)
		}
	}
	lq.win.limit = lq.limit
	return lq, nil
}

// take validates one query key.
func (lq *listQuery) take(d *listDef, name string, vals []string) *apiError {
	base, sub, bracket := strings.Cut(name, "[")
	sub = strings.TrimSuffix(sub, "]")
	v := ""
	if len(vals) > 0 {
		v = vals[0]
	}
	switch {
	case base == "limit" && !bracket:
		return lq.takeLimit(v)
	case base == "starting_after" && !bracket:
		lq.after = v
	case base == "ending_before" && !bracket:
		lq.before = v
	case base == "expand":
		lq.expand = append(lq.expand, vals...)
	case base == "created" && d.op.Created:
		return lq.takeCreated(name, sub, bracket, v)
	case base == "types" && d.events:
		lq.types = append(lq.types, vals...)
	case d.op.Param(base) != nil:
		if !bracket {
			lq.filters[base] = v
		}
	default:
		return errUnknownParam(name)
	}
	return nil
}

func (lq *listQuery) takeLimit(v string) *apiError {
	n, err := strconv.Atoi(v)
	switch {
	case err != nil:
		return errInvalidParam("limit", "Invalid integer: %s", v)
	case n < 1:
		return errInvalidParam("limit", "This value must be greater than or equal to 1.")
	case n > maxLimit:
		return errInvalidParam("limit", "This value must be less than or equal to %d.", maxLimit)
	}
	lq.limit = n
	return nil
}

// takeCreated reads created=N or created[gt|gte|lt|lte]=N.
func (lq *listQuery) takeCreated(name, op string, bracket bool, v string) *apiError {
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return errInvalidParam(name, "Invalid integer: %s", v)
	}
	w := &lq.win
	switch {
	case !bracket:
		w.raiseLo(n)
		w.lowerHi(n)
	case op == "gt":
		w.raiseLo(n + 1)
	case op == "gte":
		w.raiseLo(n)
	case op == "lt":
		w.lowerHi(n - 1)
	case op == "lte":
		w.lowerHi(n)
	default:
		return errUnknownParam(name)
	}
	return nil
}

// raiseLo narrows the window to created >= n.
func (w *window) raiseLo(n int64) {
	if !w.hasLo || n > w.lo {
		w.lo, w.hasLo = n, true
	}
}

// lowerHi narrows the window to created <= n.
func (w *window) lowerHi(n int64) {
	if !w.hasHi || n < w.hi {
		w.hi, w.hasHi = n, true
	}
}

// hasParam reports whether name, or name[...], has a non-empty value.
func hasParam(q url.Values, name string) bool {
	for k, vs := range q {
		if k == name || strings.HasPrefix(k, name+"[") {
			for _, v := range vs {
				if v != "" {
					return true
				}
			}
		}
	}
	return false
}

func sortedKeys(q url.Values) []string {
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
