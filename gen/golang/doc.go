package golang

import (
	"strings"

	"github.com/dave/jennifer/jen"
	"github.com/stripesync/stripesync/gen/ir"
)

// docWidth is where doc comments wrap.
const docWidth = 100

// comment renders text as // lines wrapped at docWidth.
func comment(text string) jen.Code {
	lines := wrap(text, docWidth)
	c := jen.Comment(lines[0])
	for _, l := range lines[1:] {
		c = c.Line().Comment(l)
	}
	return c
}

// wrap splits text into lines of at most width bytes, breaking at spaces.
func wrap(text string, width int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(text) {
		if line != "" && len(line)+1+len(w) > width {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	return append(lines, line)
}

// fieldDoc documents a column's field: its source and the spec's description.
func fieldDoc(name string, c *ir.Column) string {
	src := "column " + c.Name
	if len(c.Path) > 0 {
		src = "column " + c.Name + ", from " + strings.Join(c.Path, ".")
	}
	text := name + " is " + src + " (" + c.Type + ")."
	if c.Comment != "" {
		text += " " + c.Comment
	} else if c.Reason != "" {
		text += " " + upperFirst(c.Reason) + "."
	}
	return text
}

// typeDoc documents a row type.
func typeDoc(typ string, t *ir.Table) string {
	text := typ + " is one row of the " + t.Name + " table"
	if t.ObjectType != "" {
		text += " (Stripe object " + t.ObjectType + ")"
	}
	text += "."
	if t.Comment != "" {
		text += " " + t.Comment
	}
	return text
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
