package gen

import (
	"fmt"
	"sort"
	"strings"

	"github.com/stripesync/stripesync/gen/ir"
	"github.com/stripesync/stripesync/openapi"
)

// Files are generated files in memory, keyed by slash-separated path relative
// to the repository root.
type Files map[string][]byte

// Paths returns the file paths, sorted.
func (f Files) Paths() []string {
	out := make([]string, 0, len(f))
	for p := range f {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// Emitter turns the model into files.
type Emitter func(s *ir.Schema) (map[string][]byte, error)

// Output is one family of generated files.
type Output struct {
	// Name names the output in errors ("ddl", "erd", "go").
	Name string
	// Dir is the directory the output owns: files there that the output no
	// longer produces are stale. Empty when the output owns no directory.
	Dir string
	// Emit produces the files.
	Emit Emitter
}

// Generate builds the model from the spec and runs every output, returning
// all files in memory; nothing is written.
func Generate(api *openapi.API, outputs []Output) (Files, *ir.Schema, error) {
	s, err := Build(api)
	if err != nil {
		return nil, nil, err
	}
	files := Files{}
	lock, err := api.Lock().Encode()
	if err != nil {
		return nil, nil, err
	}
	files[openapi.LockPath] = lock
	for _, out := range outputs {
		emitted, err := out.Emit(s)
		if err != nil {
			return nil, nil, outputError(out.Name, err)
		}
		for path, data := range emitted {
			if _, dup := files[path]; dup {
				return nil, nil, fmt.Errorf("gen: %s: %s is also written by another output", out.Name, path)
			}
			files[path] = data
		}
	}
	return files, s, nil
}

// outputError names the output an error came from, unless the error already
// names its package ("gen: ddl: ..."), so a message keeps one prefix.
func outputError(name string, err error) error {
	if strings.HasPrefix(err.Error(), "gen: ") {
		return err
	}
	return fmt.Errorf("gen: %s: %w", name, err)
}
