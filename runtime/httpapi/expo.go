package httpapi

import (
	"math"
	"strconv"
	"strings"
)

// expo writes the Prometheus text exposition format (version 0.0.4): a
// HELP and TYPE line per family, then its samples.
type expo struct {
	buf []byte
}

// family starts a metric family.
func (e *expo) family(name, typ, help string) {
	e.buf = append(e.buf, "# HELP "+name+" "+escapeHelp(help)+"\n# TYPE "+name+" "+typ+"\n"...)
}

// sample writes one sample with label name/value pairs.
func (e *expo) sample(name string, v float64, labels ...string) {
	e.buf = append(e.buf, name...)
	if len(labels) > 0 {
		e.buf = append(e.buf, '{')
		for i := 0; i+1 < len(labels); i += 2 {
			if i > 0 {
				e.buf = append(e.buf, ',')
			}
			e.buf = append(e.buf, labels[i]+`="`+escapeLabel(labels[i+1])+`"`...)
		}
		e.buf = append(e.buf, '}')
	}
	e.buf = append(e.buf, ' ')
	e.buf = append(e.buf, formatValue(v)...)
	e.buf = append(e.buf, '\n')
}

// gauge writes a family with one unlabelled gauge sample.
func (e *expo) gauge(name, help string, v float64) {
	e.family(name, "gauge", help)
	e.sample(name, v)
}

// counter writes a family with one unlabelled counter sample.
func (e *expo) counter(name, help string, v float64) {
	e.family(name, "counter", help)
	e.sample(name, v)
}

// formatValue renders a sample value, with the format's spellings of the
// special values.
func formatValue(v float64) string {
	switch {
	case math.IsInf(v, 1):
		return "+Inf"
	case math.IsInf(v, -1):
		return "-Inf"
	case math.IsNaN(v):
		return "NaN"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

var (
	labelEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	helpEscaper  = strings.NewReplacer(`\`, `\\`, "\n", `\n`)
)

func escapeLabel(s string) string { return labelEscaper.Replace(s) }
func escapeHelp(s string) string  { return helpEscaper.Replace(s) }
