//go:build tools

// Package tools pins the tools the Makefile runs and the Stripe-written test
// peer, so `go run` uses the versions recorded in go.mod.
package tools

import (
	_ "github.com/stripe/stripe-mock"
)
