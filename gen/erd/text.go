package erd

import (
	"html"
	"html/template"
	"path"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/stripesync/stripesync/gen/ir"
)

// maxSummary is the longest one-line summary, in runes.
const maxSummary = 180

// summary is the first sentence of a table's comment with links reduced to
// their text, for one-line listings.
func summary(t *ir.Table) string {
	s := firstSentence(plainLinks(oneLine(t.Comment)))
	if s == "" && t.ObjectType != "" {
		return "One " + t.ObjectType + " object."
	}
	return clip(s, maxSummary)
}

// oneLine collapses all whitespace runs to single spaces.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// firstSentence returns s up to the first full stop that ends a sentence.
func firstSentence(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] != '.' || (i+1 < len(s) && s[i+1] != ' ') {
			continue
		}
		if i+2 < len(s) && unicode.IsLower(rune(s[i+2])) {
			continue // "e.g. a", "vs. the"
		}
		return s[:i+1]
	}
	return s
}

// clip shortens s to at most n runes, ending at a word with an ellipsis.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n]
	cut := strings.LastIndexByte(string(r), ' ')
	if cut < n/2 {
		cut = len(string(r))
	}
	return strings.TrimRight(string(r)[:cut], " ,;:") + "…"
}

// mdLink matches a Markdown link: [text](target).
var mdLink = regexp.MustCompile(`\[([^\[\]]+)\]\(([^()\s]+)\)`)

// plainLinks replaces Markdown links by their text.
func plainLinks(s string) string {
	return mdLink.ReplaceAllString(s, "$1")
}

// docURL makes a link from a Stripe description absolute: the spec links to
// Stripe's docs with site-relative paths.
func docURL(target string) string {
	switch {
	case strings.HasPrefix(target, "/docs/"):
		return "https://stripe.com" + target
	case strings.HasPrefix(target, "/"):
		return "https://docs.stripe.com" + target
	case strings.HasPrefix(target, "#"):
		return "https://docs.stripe.com/api" + target
	}
	return target
}

// mdText prepares a description for a Markdown table cell: one line, pipes and
// angle brackets escaped, links pointing at Stripe's docs.
func mdText(s string) string {
	s = oneLine(s)
	s = mdLink.ReplaceAllStringFunc(s, func(m string) string {
		p := mdLink.FindStringSubmatch(m)
		return "[" + p[1] + "](" + docURL(p[2]) + ")"
	})
	return strings.NewReplacer("|", `\|`, "<", "&lt;", ">", "&gt;").Replace(s)
}

// htmlText renders a description as HTML: text escaped, Markdown links to
// absolute URLs as anchors, `code` spans as code.
func htmlText(s string) template.HTML {
	s = oneLine(s)
	var b strings.Builder
	last := 0
	for _, m := range mdLink.FindAllStringSubmatchIndex(s, -1) {
		b.WriteString(htmlCode(s[last:m[0]]))
		text, target := s[m[2]:m[3]], docURL(s[m[4]:m[5]])
		if strings.HasPrefix(target, "https://") || strings.HasPrefix(target, "http://") {
			b.WriteString(`<a href="` + html.EscapeString(target) + `">` + htmlCode(text) + `</a>`)
		} else {
			b.WriteString(htmlCode(text))
		}
		last = m[1]
	}
	b.WriteString(htmlCode(s[last:]))
	return template.HTML(b.String())
}

// codeSpan matches `code` in a description.
var codeSpan = regexp.MustCompile("`([^`]+)`")

// htmlCode escapes s and turns `code` spans into code elements.
func htmlCode(s string) string {
	return codeSpan.ReplaceAllString(html.EscapeString(s), "<code>$1</code>")
}

// splitPath splits a slash-separated path into its parts ("." is none).
func splitPath(p string) []string {
	if p == "." || p == "" {
		return nil
	}
	return strings.Split(p, "/")
}

// dirOf is the folder of a slash-separated path.
func dirOf(p string) string { return path.Dir(p) }

func itoa(n int) string { return strconv.Itoa(n) }
