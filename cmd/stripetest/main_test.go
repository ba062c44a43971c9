package main

import (
	"testing"
)

func TestBuildFromFlags(t *testing.T) {
	o, err := parseFlags([]string{"-objects", "300", "-seed", "9", "-error-rate", "0.1", "-rate-limit", "25",
		"-restricted", "rk_test_x=customer,charge"})
	if err != nil {
		t.Fatal(err)
	}
	s, err := build(o)
	if err != nil {
		t.Fatal(err)
	}
	if n := s.State().Total(); n != 300 {
		t.Errorf("seeded %d objects", n)
	}
	if _, err := parseFlags([]string{"-nope"}); err == nil {
		t.Error("unknown flag accepted")
	}
	if _, err := build(&options{restricted: "no-equals"}); err == nil {
		t.Error("bad -restricted accepted")
	}
}

func TestRunRefusesNonLoopback(t *testing.T) {
	if err := run([]string{"-addr", "0.0.0.0:0"}); err == nil {
		t.Fatal("listening on 0.0.0.0 was allowed")
	}
}
