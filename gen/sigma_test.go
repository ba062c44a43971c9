package gen_test

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stripesync/stripesync/gen/ir"
	"github.com/stripesync/stripesync/openapi"
)

// sigmaCore are the tables whose Sigma naming the project promises to match.
var sigmaCore = []string{
	"customers", "charges", "payment_intents", "invoices", "invoice_line_items", "subscriptions",
	"subscription_items", "prices", "products", "refunds", "disputes", "balance_transactions", "coupons",
}

// sigmaCompatible lists, per Sigma type, the Postgres types that hold the same data.
// Sigma shows nested lists and maps as varchar; we keep them as arrays or JSONB.
var sigmaCompatible = map[string][]string{
	"varchar":   {"text", "text[]", "jsonb"},
	"bigint":    {"bigint"},
	"timestamp": {"timestamptz"},
	"boolean":   {"boolean"},
	"double":    {"numeric"},
	"decimal":   {"numeric"},
}

// TestSigmaNaming prints, per core table, the share of Sigma's columns present
// with the same name and a compatible type. Sigma columns for fields the spec
// no longer has (and Sigma's own batch_timestamp) are the acceptable misses;
// the share of the rest must reach 0.70 overall.
func TestSigmaNaming(t *testing.T) {
	api, s := pinnedSchema(t)
	sigma := readSigma(t)
	matched, gone, total := 0, 0, 0
	for _, name := range sigmaCore {
		tb := s.Table(name)
		cols := sigma[name]
		if tb == nil || len(cols) == 0 {
			t.Errorf("core table %s missing (ours %v, Sigma columns %d)", name, tb != nil, len(cols))
			continue
		}
		known := specNames(api.Resource(tb.Resource).Schema)
		m, g := 0, 0
		var misses []string
		for _, sc := range cols {
			ours := tb.Column(sc.name)
			switch {
			case ours != nil && compatible(sc.typ, ours.Type):
				m++
			case ours == nil && !known[sc.name]:
				g++
			default:
				misses = append(misses, describeMiss(sc, ours))
			}
		}
		matched, gone, total = matched+m, gone+g, total+len(cols)
		t.Logf("%-22s %3d/%3d Sigma columns match (%.2f); %2d gone from the spec; %.2f of the rest; misses: %s",
			name, m, len(cols), ratio(m, len(cols)), g, ratio(m, len(cols)-g), strings.Join(misses, ", "))
	}
	share := ratio(matched, total-gone)
	t.Logf("overall: %d/%d match (%.2f raw); %d gone from the spec; %.2f of the rest", matched, total, ratio(matched, total), gone, share)
	if share < 0.70 {
		t.Errorf("Sigma naming share %.2f < 0.70", share)
	}
}

type sigmaColumn struct{ name, typ string }

// readSigma reads ../shared/reference/sigma-columns.tsv (beside the repository),
// keeping the platform tables (not the connected_account_* copies).
func readSigma(t *testing.T) map[string][]sigmaColumn {
	path := filepath.Join(repoRoot(t), "..", "shared", "reference", "sigma-columns.tsv")
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("sigma reference missing: %v (the shared/ folder must sit beside the repository)", err)
	}
	defer f.Close()
	out := map[string][]sigmaColumn{}
	seen := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Split(sc.Text(), "\t")
		if len(fields) < 4 || strings.HasPrefix(fields[0], "connect") || fields[1] == "table" {
			continue
		}
		key := fields[1] + "." + fields[2]
		if !seen[key] {
			seen[key] = true
			out[fields[1]] = append(out[fields[1]], sigmaColumn{fields[2], fields[3]})
		}
	}
	return out
}

func repoRoot(t *testing.T) string {
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test directory")
		}
		dir = parent
	}
}

// specNames lists every name a field of the schema could flatten to, at any
// depth, with the _id form of references: a Sigma column outside this set
// names a field the spec no longer has.
func specNames(s *openapi.Schema) map[string]bool {
	out := map[string]bool{}
	var walk func(s *openapi.Schema, prefix string, depth int)
	walk = func(s *openapi.Schema, prefix string, depth int) {
		s, _ = s.Deref()
		if depth > 6 {
			return
		}
		for _, p := range s.Properties {
			name := prefix + p.Name
			out[name], out[name+"_id"] = true, true
			ps, _ := p.Schema.Deref()
			walk(ps, name+"_", depth+1)
			if ps.Items != nil {
				walk(ps.Items, name+"_", depth+1)
			}
		}
		for _, alt := range s.AnyOf {
			walk(alt, prefix, depth+1)
		}
	}
	walk(s, "", 0)
	return out
}

func compatible(sigmaType, pgType string) bool {
	for _, ok := range sigmaCompatible[sigmaType] {
		if ok == pgType {
			return true
		}
	}
	return false
}

func describeMiss(sc sigmaColumn, ours *ir.Column) string {
	if ours == nil {
		return sc.name
	}
	return fmt.Sprintf("%s(%s vs %s)", sc.name, sc.typ, ours.Type)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

var _ = sort.Strings
