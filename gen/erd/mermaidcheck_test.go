package erd

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// A strict checker for the erDiagram subset this package emits: a header,
// entity blocks of "type name [PK|FK|UK[, ...]] ["comment"]" lines, and
// relationship lines "A <card><line><card> B : "label"". Anything else fails.

var (
	mmEntityOpen = regexp.MustCompile(`^  ([A-Za-z][A-Za-z0-9_-]*) \{$`)
	mmAttr       = regexp.MustCompile(`^    ([A-Za-z][A-Za-z0-9_]*) ([A-Za-z][A-Za-z0-9_]*)( (PK|FK|UK)(, (PK|FK|UK))*)?( "[^"\n]*")?$`)
	mmClose      = regexp.MustCompile(`^  \}$`)
	mmRel        = regexp.MustCompile(`^  ([A-Za-z][A-Za-z0-9_-]*) (\|o|\|\||\}o|\}\|)(--|\.\.)(o\||\|\||o\{|\|\{) ([A-Za-z][A-Za-z0-9_-]*) : "([^"\n]+)"$`)
	mmReserved   = map[string]bool{"erDiagram": true, "direction": true, "title": true, "accTitle": true,
		"accDescr": true, "style": true, "classDef": true, "class": true}
)

// checkMermaid reports the first problem in one diagram (the lines between
// the fences).
func checkMermaid(block string) error {
	lines := strings.Split(strings.TrimSuffix(block, "\n"), "\n")
	if len(lines) == 0 || lines[0] != "erDiagram" {
		return fmt.Errorf("line 1: want erDiagram header, got %q", lines[0])
	}
	entities := map[string]bool{}
	var open string // entity whose block is open
	var attrs map[string]bool
	for i, line := range lines[1:] {
		n := i + 2
		switch {
		case open != "" && mmAttr.MatchString(line):
			name := mmAttr.FindStringSubmatch(line)[2]
			if attrs[name] {
				return fmt.Errorf("line %d: attribute %s repeated in %s", n, name, open)
			}
			attrs[name] = true
		case open != "" && mmClose.MatchString(line):
			if len(attrs) == 0 {
				return fmt.Errorf("line %d: entity %s has no attributes", n, open)
			}
			open = ""
		case open != "":
			return fmt.Errorf("line %d: bad attribute line %q in %s", n, line, open)
		case mmEntityOpen.MatchString(line):
			name := mmEntityOpen.FindStringSubmatch(line)[1]
			if entities[name] || mmReserved[name] {
				return fmt.Errorf("line %d: entity %s declared twice or reserved", n, name)
			}
			entities[name], open, attrs = true, name, map[string]bool{}
		case mmRel.MatchString(line):
			m := mmRel.FindStringSubmatch(line)
			for _, e := range []string{m[1], m[5]} {
				if !entities[e] {
					return fmt.Errorf("line %d: relationship names undeclared entity %s", n, e)
				}
			}
		default:
			return fmt.Errorf("line %d: not part of the erDiagram subset: %q", n, line)
		}
	}
	if open != "" {
		return fmt.Errorf("entity %s is not closed", open)
	}
	return nil
}

// mermaidBlocks returns the bodies of the ```mermaid fences in a Markdown file.
func mermaidBlocks(md string) ([]string, error) {
	var blocks []string
	for {
		i := strings.Index(md, "```mermaid\n")
		if i < 0 {
			return blocks, nil
		}
		md = md[i+len("```mermaid\n"):]
		j := strings.Index(md, "\n```\n")
		if j < 0 {
			return nil, fmt.Errorf("unclosed mermaid fence")
		}
		blocks = append(blocks, md[:j+1])
		md = md[j+5:]
	}
}

// checkAllMermaid checks every diagram in every Markdown file and returns how many it saw.
func checkAllMermaid(t *testing.T, files map[string][]byte) int {
	t.Helper()
	count := 0
	for _, p := range Paths(files) {
		if !strings.HasSuffix(p, ".md") {
			continue
		}
		blocks, err := mermaidBlocks(string(files[p]))
		if err != nil {
			t.Errorf("%s: %v", p, err)
		}
		for k, b := range blocks {
			count++
			if err := checkMermaid(b); err != nil {
				t.Errorf("%s: diagram %d: %v", p, k+1, err)
			}
			if n := strings.Count(b, " {\n"); n > maxDiagramTables+1 {
				t.Errorf("%s: diagram %d has %d entities, more than %d", p, k+1, n, maxDiagramTables)
			}
		}
	}
	return count
}

func TestMermaidFixture(t *testing.T) {
	files := mustEmit(t, bigSchema(100))
	if n := checkAllMermaid(t, files); n == 0 {
		t.Fatal("no Mermaid diagrams found")
	}
	if !strings.Contains(string(files[domainMDPath("billing")]), "(part 3 of 3)") {
		t.Error("billing domain of 103 tables is not split into three diagrams")
	}
}

func TestMermaidCheckerRejects(t *testing.T) {
	bad := map[string]string{
		"array type":      "erDiagram\n  a {\n    text[] x\n  }\n",
		"leading _":       "erDiagram\n  a {\n    text _x\n  }\n",
		"unquoted label":  "erDiagram\n  a {\n    text x\n  }\n  a ||--o{ a : lbl\n",
		"undeclared":      "erDiagram\n  a {\n    text x\n  }\n  a ||--o{ b : \"l\"\n",
		"bad cardinality": "erDiagram\n  a {\n    text x\n  }\n  a <--o{ a : \"l\"\n",
		"no header":       "  a {\n    text x\n  }\n",
		"unclosed":        "erDiagram\n  a {\n    text x\n",
		"empty entity":    "erDiagram\n  a {\n  }\n",
		"bad key":         "erDiagram\n  a {\n    text x PRIMARY\n  }\n",
	}
	for name, src := range bad {
		if checkMermaid(src) == nil {
			t.Errorf("%s: accepted %q", name, src)
		}
	}
	good := "erDiagram\n  a-b {\n    text id PK\n    text c_id PK, FK \"note\"\n  }\n  a-b }o..o{ a-b : \"x, y\"\n"
	if err := checkMermaid(good); err != nil {
		t.Errorf("rejected valid diagram: %v", err)
	}
}

func TestMermaidToken(t *testing.T) {
	for in, want := range map[string]string{
		"text[]": "text_array", "timestamptz": "timestamptz", "double precision": "double_precision",
		"_synced_at": "synced_at", "3ds": "x_3ds", "numeric(10,2)": "numeric_10_2",
	} {
		if got := mermaidToken(in); got != want {
			t.Errorf("mermaidToken(%q) = %q, want %q", in, got, want)
		}
	}
}
