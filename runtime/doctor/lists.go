package doctor

import (
	"context"
	"errors"
	"maps"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/stripesync/stripesync/internal/syncdb"
	"github.com/stripesync/stripesync/runtime/stripeclient"
)

// probe is one top-level list endpoint and the tables it fills.
type probe struct {
	path   string
	params map[string]string
	tables []*syncdb.Table
	err    error
}

// probes returns every top-level list of the registry (no parent id
// needed), each once, sorted by path.
func probes(reg *syncdb.Registry) []*probe {
	byPath := map[string]*probe{}
	for _, t := range reg.Tables {
		for _, l := range t.Lists {
			if l.ParentTableName != "" || strings.Contains(l.Path, "{") {
				continue
			}
			p := byPath[l.Path]
			if p == nil {
				p = &probe{path: l.Path, params: l.Params}
				byPath[l.Path] = p
			}
			p.tables = append(p.tables, t)
		}
	}
	out := make([]*probe, 0, len(byPath))
	for _, p := range byPath {
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b *probe) int { return strings.Compare(a.path, b.path) })
	return out
}

// checkLists lists one object of every top-level list and reports, per
// missing permission, the tables that cannot sync.
func checkLists(ctx context.Context, cfg Config, r *Report) {
	ps := probes(cfg.Registry)
	runProbes(ctx, cfg, ps)
	denied := map[string]*Denial{}
	var unavailable []string
	for _, p := range ps {
		switch {
		case p.err == nil:
			r.Readable++
		case errors.Is(p.err, stripeclient.ErrPermission):
			perm := permissionOf(p.err, "read access to "+p.path)
			d := denied[perm]
			if d == nil {
				d = &Denial{Permission: perm}
				denied[perm] = d
			}
			d.Paths = append(d.Paths, p.path)
			d.Tables = append(d.Tables, tableNames(p.tables)...)
		default:
			unavailable = append(unavailable, p.path+": "+oneLine(p.err.Error()))
		}
	}
	r.Probed = len(ps)
	reportLists(cfg, r, denied, unavailable)
}

// runProbes asks each list for one object, Concurrency at a time.
func runProbes(ctx context.Context, cfg Config, ps []*probe) {
	sem := make(chan struct{}, cfg.Concurrency)
	var wg sync.WaitGroup
	for _, p := range ps {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			p.err = p.run(ctx, cfg.Client)
		}()
	}
	wg.Wait()
}

// run asks for one object. A few lists take no limit (report types,
// capabilities) and answer 400 to one: those are asked again without it.
func (p *probe) run(ctx context.Context, c Client) error {
	q := url.Values{"limit": {"1"}}
	for k, v := range p.params {
		q.Set(k, v)
	}
	_, err := c.List(ctx, p.path, q)
	var re *stripeclient.RequestError
	if errors.As(err, &re) && re.Status == 400 {
		q.Del("limit")
		_, err = c.List(ctx, p.path, q)
	}
	return err
}

// reportLists adds the summary row, one row per missing permission and
// one per list Stripe refused for another reason.
func reportLists(cfg Config, r *Report, denied map[string]*Denial, unavailable []string) {
	res := OK
	if len(denied) > 0 {
		res = Fail
	}
	r.add("lists", res, "the key can read %d of %d top-level lists", r.Readable, r.Probed)
	for _, perm := range slices.Sorted(maps.Keys(denied)) {
		d := denied[perm]
		d.Tables = withDependents(cfg.Registry, d.Tables)
		r.Denials = append(r.Denials, *d)
		r.add("permission "+perm, Fail, "cannot sync %s: grant %s", strings.Join(d.Tables, ", "), grant(perm))
	}
	for _, u := range unavailable {
		r.add("list unavailable", Warn, "%s", u)
	}
}

// withDependents adds the tables filled through the given ones (child
// tables, parent-scoped lists), transitively, sorted.
func withDependents(reg *syncdb.Registry, names []string) []string {
	set := map[string]bool{}
	for _, n := range names {
		set[n] = true
	}
	for changed := true; changed; {
		changed = false
		for _, t := range reg.Tables {
			if !set[t.Name] && dependsOn(t, set) {
				set[t.Name], changed = true, true
			}
		}
	}
	return slices.Sorted(maps.Keys(set))
}

// dependsOn reports whether every way to fill t goes through a table in set.
func dependsOn(t *syncdb.Table, set map[string]bool) bool {
	if t.Parent != nil && set[t.Parent.TableName] && len(t.Lists) == 0 {
		return true
	}
	if len(t.Lists) == 0 {
		return false
	}
	for _, l := range t.Lists {
		if l.ParentTableName == "" || !set[l.ParentTableName] {
			return false
		}
	}
	return true
}

func tableNames(ts []*syncdb.Table) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.Name
	}
	return out
}
