package erd

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/stripesync/stripesync/gen/ir"
)

// searchTable is one entry of the search index embedded in index.html; short
// keys keep the page small.
type searchTable struct {
	Name    string   `json:"n"`
	Domain  string   `json:"d"`
	Summary string   `json:"s"`
	Columns []string `json:"c"`
}

// searchIndex renders the index of every data table and its columns as JSON
// safe to embed in a script element. Bookkeeping columns, which every table
// has, are left out.
func (c *catalog) searchIndex() (string, error) {
	var idx struct {
		Tables []searchTable `json:"tables"`
	}
	for _, d := range c.domains {
		for _, t := range d.Tables {
			idx.Tables = append(idx.Tables, searchTable{Name: t.Name, Domain: d.Title, Summary: strings.ReplaceAll(summary(t), "`", ""), Columns: searchColumns(t)})
		}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b) // escapes <, > and & so the JSON cannot end the script element
	if err := enc.Encode(idx); err != nil {
		return "", err
	}
	return strings.TrimSpace(b.String()), nil
}

func searchColumns(t *ir.Table) []string {
	cols := []string{}
	for _, col := range t.Columns {
		if col.Kind != ir.ColBookkeeping {
			cols = append(cols, col.Name)
		}
	}
	return cols
}
