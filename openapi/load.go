// Package openapi loads Stripe's OpenAPI spec and exposes a Stripe-aware view
// of it: resources, their properties and references, list endpoints and event
// types. It is the only package that imports kin-openapi.
package openapi

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stripe/stripe-mock/embedded"
)

// MockModule is the Go module whose embedded spec is the pinned one.
const MockModule = "github.com/stripe/stripe-mock"

// Source says where a spec came from.
type Source struct {
	// Module is the stripe-mock module version for the embedded spec ("" for a file).
	Module string `json:"module,omitempty"`
	// File is the spec file's base name when loaded with --spec.
	File string `json:"file,omitempty"`
}

// LoadPinned loads the spec embedded in the pinned stripe-mock module, with the
// beta spec's event table.
func LoadPinned() (*API, error) {
	api, err := Load(embedded.OpenAPISpec, Source{Module: MockModule + "@" + mockVersion()})
	if err != nil {
		return nil, err
	}
	if err := api.useEventTable(embedded.BetaOpenAPISpec); err != nil {
		return nil, err
	}
	api.Fixtures = embedded.OpenAPIFixtures
	return api, nil
}

// LoadFile loads a spec3.json from disk. A spec3.beta.sdk.json beside it, when
// present, supplies the event type table (otherwise event types are mapped by
// name), and a fixtures3.json beside it supplies Fixtures.
func LoadFile(path string) (*API, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("openapi: %w", err)
	}
	api, err := Load(data, Source{File: filepath.Base(path)})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	dir := filepath.Dir(path)
	if beta, err := os.ReadFile(filepath.Join(dir, "spec3.beta.sdk.json")); err == nil {
		if err := api.useEventTable(beta); err != nil {
			return nil, err
		}
	}
	if fx, err := os.ReadFile(filepath.Join(dir, "fixtures3.json")); err == nil {
		api.Fixtures = fx
	}
	return api, nil
}

// Load parses a spec3.json document and builds the Stripe view of it.
func Load(data []byte, src Source) (*API, error) {
	doc, err := parse(data)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	api, err := newAPI(doc, src, hex.EncodeToString(sum[:]))
	if err != nil {
		return nil, err
	}
	return api, nil
}

// parse decodes and resolves the document. It decodes with encoding/json and
// resolves references in place, which is twice as fast as kin-openapi's Loader
// on Stripe's 7 MB spec.
func parse(data []byte) (*openapi3.T, error) {
	var doc openapi3.T
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("openapi: malformed spec: %s", describeJSONError(data, err))
	}
	if doc.OpenAPI == "" || doc.Info == nil || doc.Info.Version == "" {
		return nil, errors.New("openapi: malformed spec: missing openapi version or info.version")
	}
	if doc.Components == nil || len(doc.Components.Schemas) == 0 {
		return nil, errors.New("openapi: malformed spec: no components.schemas")
	}
	if doc.Paths == nil || doc.Paths.Len() == 0 {
		return nil, errors.New("openapi: malformed spec: no paths")
	}
	if err := openapi3.NewLoader().ResolveRefsIn(&doc, nil); err != nil {
		return nil, fmt.Errorf("openapi: malformed spec: %w", err)
	}
	return &doc, nil
}

// describeJSONError turns a decoding error into "line L, column C: reason".
func describeJSONError(data []byte, err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	offset := int64(-1)
	switch {
	case errors.As(err, &syn):
		offset = syn.Offset
	case errors.As(err, &typ):
		offset = typ.Offset
	}
	if offset < 0 {
		return err.Error()
	}
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	before := data[:offset]
	line := bytes.Count(before, []byte("\n")) + 1
	col := int(offset) - bytes.LastIndexByte(before, '\n')
	return fmt.Sprintf("line %d, column %d: %v", line, col, err)
}

// mockVersion returns the stripe-mock module version this binary was built with.
func mockVersion() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	for _, dep := range info.Deps {
		if dep.Path == MockModule {
			if dep.Replace != nil {
				return dep.Replace.Version
			}
			return dep.Version
		}
	}
	return "unknown"
}
