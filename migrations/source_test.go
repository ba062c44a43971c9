package migrations

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

func TestMemFS(t *testing.T) {
	m := memFS{"00001_a.sql": []byte("one"), "00002_b.sql": []byte("two")}
	if err := fstest.TestFS(m, "00001_a.sql", "00002_b.sql"); err != nil {
		t.Error(err)
	}
}

func TestSubstitute(t *testing.T) {
	in := fstest.MapFS{
		"00001_init.sql": {Data: []byte(`CREATE SCHEMA "${STRIPESYNC_SCHEMA:-stripe}";` + "\n" +
			`CREATE TABLE "${STRIPESYNC_STATE_SCHEMA:-stripesync}"."t" ("${OTHER}" text); -- $$1` + "\n")},
		"README.md":   {Data: []byte("${STRIPESYNC_SCHEMA:-stripe}")},
		"schema.json": {Data: []byte("{}")},
	}
	out, err := Substitute(in, "My Data$", "st")
	if err != nil {
		t.Fatal(err)
	}
	names, _ := fs.Glob(out, "*")
	if strings.Join(names, ",") != "00001_init.sql" {
		t.Errorf("files = %q, want only the .sql", names)
	}
	got, _ := fs.ReadFile(out, "00001_init.sql")
	want := `CREATE SCHEMA "My Data$$";` + "\n" + `CREATE TABLE "st"."t" ("${OTHER}" text); -- $$1` + "\n"
	if string(got) != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestSubstituteRejects(t *testing.T) {
	cases := map[[2]string]string{
		{"", "s"}:                        "data schema: empty schema name",
		{"d", strings.Repeat("x", 64)}:   "state schema: schema name \"xxx",
		{`a"b`, "s"}:                     "double quote or NUL",
		{"a\x00b", "s"}:                  "double quote or NUL",
		{`a\b`, "s"}:                     "backslash",
		{"same", "same"}:                 `data and state schema are both "same"`,
		{strings.Repeat("y", 63), "ok"}:  "",
		{"Ünïcode schema", "with space"}: "",
	}
	for names, want := range cases {
		_, err := Substitute(fstest.MapFS{}, names[0], names[1])
		switch {
		case want == "" && err != nil:
			t.Errorf("Substitute(%q, %q): %v", names[0], names[1], err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
			t.Errorf("Substitute(%q, %q) = %v, want error containing %q", names[0], names[1], err, want)
		}
	}
}
