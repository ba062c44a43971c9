package openapi

import (
	"encoding/json"
	"fmt"
)

// LockPath is where the lock file lives, relative to the repository root.
const LockPath = "openapi/spec.lock.json"

// Lock records which spec the committed generated files were made from, so a
// changed input shows up in review.
type Lock struct {
	// APIVersion is the spec's API version.
	APIVersion string `json:"api_version"`
	// Module is the stripe-mock module and version the spec came from, if embedded.
	Module string `json:"module,omitempty"`
	// File is the spec file's base name when given with --spec.
	File string `json:"file,omitempty"`
	// SHA256 is the hex digest of the spec document.
	SHA256 string `json:"spec_sha256"`
}

// Lock returns the lock record of the loaded spec.
func (a *API) Lock() Lock {
	return Lock{APIVersion: a.Version, Module: a.Source.Module, File: a.Source.File, SHA256: a.SHA256}
}

// Encode renders the lock file.
func (l Lock) Encode() ([]byte, error) {
	b, err := json.MarshalIndent(l, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("openapi: lock: %w", err)
	}
	return append(b, '\n'), nil
}
