package backfill

import (
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strings"

	"github.com/stripesync/stripesync/internal/syncdb"
	"github.com/stripesync/stripesync/runtime/state"
)

// Job is one list walk of the backfill: a list endpoint walked once
// (top-level) or once per row of its parent table (parent-scoped).
type Job struct {
	// Key names the job's checkpoint: its first table and its segment.
	Key state.Key
	// Path is the list endpoint, with "{param}" for a parent path parameter.
	Path string
	// Params are fixed query parameters that widen the results.
	Params url.Values
	// Tables are the tables the list's items go to, by object type.
	Tables []*syncdb.Table
	// Parent is set for parent-scoped lists.
	Parent *ParentScope
	// Created says whether the endpoint accepts a created range.
	Created bool
	// Unpaginated says the endpoint takes no limit or cursor: one request
	// returns every item.
	Unpaginated bool
	// Fills are the tables this job helps fill: Tables plus the child
	// tables filled from the embedded lists of their objects.
	Fills []*syncdb.Table

	deps []*Job
}

// ParentScope says how a parent-scoped list takes its parent.
type ParentScope struct {
	// Table is the parent table whose ids the walk iterates.
	Table *syncdb.Table
	// Param is the path parameter or query filter taking the parent id.
	Param string
	// InPath says Param is a path parameter.
	InPath bool
	// List is the parent's nested list this endpoint lists in full, if
	// any: its items replace the parent's previous child rows.
	List *syncdb.NestedList
}

// Deps returns the jobs that must finish first (those filling the parent).
func (j *Job) Deps() []*Job { return j.deps }

// String names the job for logs.
func (j *Job) String() string { return j.Key.Table + " " + j.Key.Segment }

// Plan returns the jobs that backfill the named tables (every listable
// table when none is named), parents before the jobs that iterate them.
// Child tables whose parents embed them (invoice lines, subscription items)
// have no job: their parents' jobs fill them, fetching truncated lists in
// full.
func Plan(reg *syncdb.Registry, tables ...string) ([]*Job, error) {
	p := &planner{reg: reg, byKey: map[string]*Job{}, expand: map[*syncdb.Table][]*syncdb.NestedList{}}
	for _, t := range reg.Tables {
		p.planTable(t)
	}
	if err := p.link(); err != nil {
		return nil, err
	}
	jobs := p.order()
	if len(tables) == 0 {
		return jobs, nil
	}
	return selectJobs(reg, jobs, tables)
}

type planner struct {
	reg    *syncdb.Registry
	byKey  map[string]*Job
	jobs   []*Job
	expand map[*syncdb.Table][]*syncdb.NestedList
}

// planTable adds the lists that fill one table.
func (p *planner) planTable(t *syncdb.Table) {
	if t.Kind == syncdb.KindPreview || embeddedList(t) != nil {
		return
	}
	lists := usableLists(t)
	if top := firstTopLevel(lists); top != nil {
		p.add(t, top)
		for _, l := range lists {
			if l.AlsoScoped {
				p.addScoped(t, l)
			}
		}
		if top.TestClockTable != nil {
			p.addTestClock(t, top)
		}
		return
	}
	for _, parent := range parentTables(lists) {
		p.addScoped(t, bestScoped(lists, parent))
	}
}

// addScoped plans a parent-scoped list, or the expansion that replaces it.
func (p *planner) addScoped(t *syncdb.Table, l *syncdb.ListSource) {
	nl := expandable(l)
	if nl == nil {
		p.add(t, l)
		return
	}
	if !slices.Contains(p.expand[l.ParentTable], nl) {
		p.expand[l.ParentTable] = append(p.expand[l.ParentTable], nl)
	}
}

// expandable returns the parent's expand-only nested list that the list l
// lists in full, when the parent's own list expands it (ExpandOnList).
func expandable(l *syncdb.ListSource) *syncdb.NestedList {
	if l.ParentTable == nil {
		return nil
	}
	for _, nl := range l.ParentTable.NestedLists {
		if nl.ExpandOnList && nl.ListPath == l.Path {
			return nl
		}
	}
	return nil
}

// add plans the list l for table t, merging with a job on the same list.
func (p *planner) add(t *syncdb.Table, l *syncdb.ListSource) {
	key := l.Path + "|" + l.ParentTableName
	if j := p.byKey[key]; j != nil {
		return
	}
	j := &Job{Path: l.Path, Params: params(l.Params), Created: l.Created, Unpaginated: l.Unpaginated,
		Tables: listTables(p.reg, l.Path)}
	if l.ParentTable != nil {
		j.Parent = &ParentScope{Table: l.ParentTable, Param: l.ParentParam,
			InPath: strings.Contains(l.Path, "{"+l.ParentParam+"}"), List: nestedFor(t, l.ParentTable)}
	}
	j.Key = state.Key{Table: j.Tables[0].Name, Segment: l.Path}
	p.byKey[key] = j
	p.jobs = append(p.jobs, j)
}

// addTestClock plans the top-level list of t once per test clock: the list
// leaves out objects attached to a test clock unless given one.
func (p *planner) addTestClock(t *syncdb.Table, top *syncdb.ListSource) {
	clocks, param := top.TestClockTable, top.TestClockParam
	j := &Job{Path: top.Path, Params: params(top.Params), Created: top.Created, Unpaginated: top.Unpaginated,
		Tables: []*syncdb.Table{t}, Parent: &ParentScope{Table: clocks, Param: param}}
	j.Key = state.Key{Table: t.Name, Segment: top.Path + "?" + param + "={" + param + "}"}
	p.byKey[j.Key.Segment+"|"+clocks.Name] = j
	p.jobs = append(p.jobs, j)
}

// link fills in the expansions, the tables each job fills and its
// dependencies.
func (p *planner) link() error {
	fillers := map[*syncdb.Table][]*Job{}
	for _, j := range p.jobs {
		j.Fills = fills(p.reg, j.Tables)
		p.addExpansions(j)
		for _, t := range j.Fills {
			fillers[t] = append(fillers[t], j)
		}
	}
	for _, j := range p.jobs {
		if j.Parent == nil {
			continue
		}
		for _, d := range fillers[j.Parent.Table] {
			if d != j {
				j.deps = append(j.deps, d)
			}
		}
		if len(fillers[j.Parent.Table]) == 0 {
			return fmt.Errorf("backfill: %s: parent table %s has no list", j, j.Parent.Table.Name)
		}
	}
	return nil
}

// addExpansions makes a job listing a parent table expand the nested lists
// that replace per-parent jobs, and counts their tables as filled by it.
func (p *planner) addExpansions(j *Job) {
	if len(j.Tables) != 1 {
		return
	}
	for _, nl := range p.expand[j.Tables[0]] {
		j.Params.Add("expand[]", "data."+nl.Field)
		for _, t := range nl.Tables {
			if !containsTable(j.Fills, t) {
				j.Fills = append(j.Fills, t)
			}
		}
	}
}

// order sorts jobs so every job comes after its dependencies, and by key
// within a level.
func (p *planner) order() []*Job {
	level := map[*Job]int{}
	var depth func(j *Job, seen int) int
	depth = func(j *Job, seen int) int {
		if l, ok := level[j]; ok || seen > len(p.jobs) {
			return l
		}
		l := 0
		for _, d := range j.deps {
			l = max(l, depth(d, seen+1)+1)
		}
		level[j] = l
		return l
	}
	jobs := append([]*Job(nil), p.jobs...)
	for _, j := range jobs {
		depth(j, 0)
	}
	sort.SliceStable(jobs, func(a, b int) bool {
		if level[jobs[a]] != level[jobs[b]] {
			return level[jobs[a]] < level[jobs[b]]
		}
		return jobs[a].String() < jobs[b].String()
	})
	return jobs
}
