package stripetest

import (
	"strings"
	"testing"
)

func testModel(t testing.TB) *model {
	t.Helper()
	m, err := pinnedModel()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestModelDump(t *testing.T) {
	if !testing.Verbose() {
		t.Skip("dump only with -v")
	}
	m := testModel(t)
	for _, g := range m.groups {
		p := ""
		if g.parent != nil {
			p = g.parent.name
		}
		t.Logf("group %-60s field=%q parent=%q", g.id, g.field, p)
	}
	for _, k := range m.kindList {
		var refs []string
		for _, r := range k.refs {
			var ts []string
			for _, x := range r.targets {
				ts = append(ts, x.name)
			}
			refs = append(refs, r.name+"->"+strings.Join(ts, "|"))
		}
		var nested []string
		for f, n := range k.nested {
			g := "<none>"
			if n.group != nil {
				g = n.group.id
			}
			nested = append(nested, f+"="+g)
		}
		var embeds []string
		for f, e := range k.embeds {
			embeds = append(embeds, f+"="+e.name)
		}
		t.Logf("kind %-40s prefix=%q top=%v scoped=%d refs=%v embeds=%v nested=%v events=%v", k.name, k.style.prefix, k.topLevel, len(k.scoped), refs, embeds, nested, k.events)
	}
}
