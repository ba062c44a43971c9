package erd

import (
	"bytes"
	"encoding/xml"
	"io"
	"path"
	"regexp"
	"strings"
	"testing"
)

var (
	mdTarget   = regexp.MustCompile(`\]\(([^()\s]+)\)`)
	htmlTarget = regexp.MustCompile(`(?:href|src|action)="([^"]*)"`)
	htmlID     = regexp.MustCompile(`\sid="([^"]+)"`)
	inlineSVG  = regexp.MustCompile(`(?s)<svg .*?</svg>`)
)

// external reports whether a link leaves the generated files.
func external(target string) bool {
	return strings.HasPrefix(target, "https://") || strings.HasPrefix(target, "http://") ||
		strings.HasPrefix(target, "mailto:")
}

// linkTargets lists the local links of a generated file.
func linkTargets(p string, body []byte) []string {
	re := htmlTarget
	if strings.HasSuffix(p, ".md") {
		re = mdTarget
	}
	var out []string
	for _, m := range re.FindAllSubmatch(body, -1) {
		if t := string(m[1]); !external(t) {
			out = append(out, t)
		}
	}
	return out
}

// checkLinks fails for every local link whose file (or #fragment in an HTML
// file) was not generated, and returns how many links it followed.
func checkLinks(t *testing.T, files map[string][]byte) int {
	t.Helper()
	ids := map[string]map[string]bool{}
	count := 0
	for _, p := range Paths(files) {
		for _, target := range linkTargets(p, files[p]) {
			count++
			file, frag, _ := strings.Cut(target, "#")
			resolved := p
			if file != "" {
				resolved = path.Join(path.Dir(p), file)
			}
			if files[resolved] == nil {
				t.Errorf("%s: link %q: %s was not generated", p, target, resolved)
				continue
			}
			if frag != "" && strings.HasSuffix(resolved, ".html") && !idsOf(ids, resolved, files)[frag] {
				t.Errorf("%s: link %q: no id %q in %s", p, target, frag, resolved)
			}
		}
	}
	return count
}

func idsOf(cache map[string]map[string]bool, p string, files map[string][]byte) map[string]bool {
	if cache[p] == nil {
		cache[p] = map[string]bool{}
		for _, m := range htmlID.FindAllSubmatch(files[p], -1) {
			cache[p][string(m[1])] = true
		}
	}
	return cache[p]
}

// checkForeignKeyLinks fails when a table page does not link each foreign
// key's table, in Markdown and in HTML.
func checkForeignKeyLinks(t *testing.T, files map[string][]byte, c *catalog) {
	t.Helper()
	for _, tb := range c.tables {
		md, html := files[tableMDPath(tb.Name)], files[tableHTMLPath(tb.Name)]
		for _, fk := range tb.ForeignKeys {
			if files[tableMDPath(fk.RefTable)] == nil || files[tableHTMLPath(fk.RefTable)] == nil {
				t.Errorf("%s: foreign key to %s, which has no page", tb.Name, fk.RefTable)
			}
			if !bytes.Contains(md, []byte("]("+fk.RefTable+".md)")) {
				t.Errorf("%s.md does not link foreign key table %s", tb.Name, fk.RefTable)
			}
			if !bytes.Contains(html, []byte(`href="`+fk.RefTable+`.html"`)) {
				t.Errorf("%s.html does not link foreign key table %s", tb.Name, fk.RefTable)
			}
		}
	}
}

// checkXML fails for every SVG file and inline SVG that is not well-formed XML.
func checkXML(t *testing.T, files map[string][]byte) int {
	t.Helper()
	count := 0
	for _, p := range Paths(files) {
		var docs [][]byte
		switch {
		case strings.HasSuffix(p, ".svg"):
			docs = [][]byte{files[p]}
		case strings.HasSuffix(p, ".html"):
			docs = inlineSVG.FindAll(files[p], -1)
		}
		for _, d := range docs {
			count++
			if err := wellFormed(d); err != nil {
				t.Errorf("%s: svg is not well-formed XML: %v", p, err)
			}
		}
	}
	return count
}

func wellFormed(doc []byte) error {
	dec := xml.NewDecoder(bytes.NewReader(doc))
	dec.Strict = true
	root := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			if !root {
				return io.ErrUnexpectedEOF
			}
			return nil
		}
		if err != nil {
			return err
		}
		if se, ok := tok.(xml.StartElement); ok && !root {
			if se.Name.Local != "svg" || se.Name.Space != "http://www.w3.org/2000/svg" {
				return &xml.SyntaxError{Msg: "root is not an svg element", Line: 1}
			}
			root = true
		}
	}
}

func TestLinksFixture(t *testing.T) {
	s := bigSchema(50)
	files := mustEmit(t, s)
	if n := checkLinks(t, files); n == 0 {
		t.Fatal("no links found")
	}
	c, err := newCatalog(s)
	if err != nil {
		t.Fatal(err)
	}
	checkForeignKeyLinks(t, files, c)
}

func TestSVGFixture(t *testing.T) {
	files := mustEmit(t, bigSchema(50))
	if n := checkXML(t, files); n < len(files)/2 {
		t.Fatalf("only %d SVG documents checked", n)
	}
	for _, want := range []string{svgPath("all"), svgPath("billing"), svgPath("other")} {
		if files[want] == nil {
			t.Errorf("missing %s", want)
		}
	}
}

func TestRel(t *testing.T) {
	for _, c := range [][3]string{
		{"erd/README.md", "erd/tables/x.md", "tables/x.md"},
		{"erd/tables/a.md", "erd/tables/x.md", "x.md"},
		{"erd/tables/a.md", "erd/README.md", "../README.md"},
		{"erd/html/tables/a.html", "erd/index.html", "../../index.html"},
		{"erd/svg/all.svg", "erd/html/domains/b.html", "../html/domains/b.html"},
	} {
		if got := rel(c[0], c[1]); got != c[2] {
			t.Errorf("rel(%q, %q) = %q, want %q", c[0], c[1], got, c[2])
		}
	}
}
