package stripeclient

import (
	"errors"
	"fmt"
	"os"
	"strings"
)

// Environment variables the CLI reads; see the design's CLI contract.
const (
	// EnvAPIKey holds the API key when no flag gives one.
	EnvAPIKey = "STRIPE_API_KEY"
	// EnvAPIBase holds the API base URL (a fake Stripe or stripe-mock).
	EnvAPIBase = "STRIPE_API_BASE"
)

// LoadKey picks the API key from, in order, the --api-key flag value, the
// file named by --api-key-file (surrounding whitespace trimmed) or the
// STRIPE_API_KEY environment variable read through getenv (os.Getenv when
// nil). Giving both flags is an error, and so is finding no key (ErrNoKey).
// Errors name the source, never the key.
func LoadKey(flagValue, filePath string, getenv func(string) string) (Key, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	switch {
	case flagValue != "" && filePath != "":
		return Key{}, errors.New("stripeclient: give --api-key or --api-key-file, not both")
	case flagValue != "":
		return keyFrom("--api-key", flagValue)
	case filePath != "":
		b, err := os.ReadFile(filePath)
		if err != nil {
			return Key{}, fmt.Errorf("stripeclient: --api-key-file: %w", err)
		}
		return keyFrom("--api-key-file "+filePath, string(b))
	}
	if v := getenv(EnvAPIKey); v != "" {
		return keyFrom(EnvAPIKey, v)
	}
	return Key{}, ErrNoKey
}

// keyFrom parses a key read from source, trimming surrounding whitespace.
func keyFrom(source, s string) (Key, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Key{}, fmt.Errorf("stripeclient: %s: %w", source, ErrNoKey)
	}
	k, err := parseKey(s)
	if err != nil {
		return Key{}, fmt.Errorf("stripeclient: %s: %w", source, err)
	}
	return k, nil
}

// LoadBaseURL picks the API base URL from the --api-base flag value, else
// STRIPE_API_BASE through getenv (os.Getenv when nil), else DefaultBaseURL.
func LoadBaseURL(flagValue string, getenv func(string) string) string {
	if getenv == nil {
		getenv = os.Getenv
	}
	if v := strings.TrimSpace(flagValue); v != "" {
		return v
	}
	if v := strings.TrimSpace(getenv(EnvAPIBase)); v != "" {
		return v
	}
	return DefaultBaseURL
}
