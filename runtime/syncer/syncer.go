package syncer

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/stripesync/stripesync/internal/syncdb"
	"github.com/stripesync/stripesync/runtime/backfill"
	"github.com/stripesync/stripesync/runtime/events"
	"github.com/stripesync/stripesync/runtime/relist"
	"github.com/stripesync/stripesync/runtime/source"
	"github.com/stripesync/stripesync/runtime/state"
	"github.com/stripesync/stripesync/runtime/stripeclient"
)

// Syncer wires the services together. Backfill and Run must not run
// concurrently on one Syncer.
type Syncer struct {
	cfg      Config
	src      *source.Source
	store    *syncdb.Store
	state    *state.Store
	bf       *backfill.Backfiller
	follower *events.Follower
	relister *relist.Relister

	phase    atomic.Value // string
	complete atomic.Bool
}

// Phases reported in Stats.
const (
	PhaseIdle     = "idle"
	PhaseBackfill = "backfill"
	PhaseFollow   = "follow"
	PhaseStopped  = "stopped"
)

// New builds the services.
func New(cfg Config) (*Syncer, error) {
	cfg, err := cfg.validate()
	if err != nil {
		return nil, err
	}
	s := &Syncer{cfg: cfg}
	s.phase.Store(PhaseIdle)
	if s.src, err = source.New(source.Config{Client: cfg.Client, Registry: cfg.Registry, Clock: cfg.Clock, Logger: cfg.Logger}); err != nil {
		return nil, err
	}
	if s.store, err = syncdb.NewStore(cfg.DataSchema, cfg.StateSchema); err != nil {
		return nil, err
	}
	if s.state, err = state.New(cfg.StateSchema); err != nil {
		return nil, err
	}
	if err := s.build(); err != nil {
		return nil, err
	}
	return s, nil
}

// build creates the backfiller, follower and relister.
func (s *Syncer) build() error {
	var err error
	s.bf, err = backfill.New(backfill.Config{DB: s.cfg.DB, Source: s.src, Store: s.store, State: s.state,
		DataSchema: s.cfg.DataSchema, Tables: s.cfg.Tables, Workers: s.cfg.Workers,
		ParentConcurrency: s.cfg.ParentConcurrency, Logger: s.cfg.Logger})
	if err != nil {
		return err
	}
	ec := s.cfg.Events
	ec.DB, ec.Source, ec.Store, ec.State, ec.DataSchema = s.cfg.DB, s.src, s.store, s.state, s.cfg.DataSchema
	if ec.Logger == nil {
		ec.Logger = s.cfg.Logger
	}
	if s.follower, err = events.New(ec); err != nil {
		return err
	}
	s.relister, err = relist.New(relist.Config{Backfiller: s.bf, Registry: s.cfg.Registry, DB: s.cfg.DB,
		State: s.state, Interval: s.cfg.RelistInterval, FullInterval: s.cfg.RelistFullInterval, NoFull: s.cfg.NoFullRelist,
		Logger: s.cfg.Logger})
	return err
}

// Backfiller, Follower and Relister return the services, for tests and
// for commands that run one of them alone.
func (s *Syncer) Backfiller() *backfill.Backfiller { return s.bf }

// Follower returns the events follower.
func (s *Syncer) Follower() *events.Follower { return s.follower }

// Relister returns the relister.
func (s *Syncer) Relister() *relist.Relister { return s.relister }

// Backfill saves the events cursor if none is saved, turns pending
// re-backfill requests into reset checkpoints, and backfills everything
// not yet complete. It returns nil only when the backfill is complete,
// else a *backfill.PartialError (also when ctx ends).
func (s *Syncer) Backfill(ctx context.Context) error {
	s.setPhase(PhaseBackfill)
	defer s.setPhase(PhaseStopped)
	if err := s.prepare(ctx); err != nil {
		return err
	}
	return s.runBackfill(ctx)
}

// runBackfill runs the backfill and records whether it completed.
func (s *Syncer) runBackfill(ctx context.Context) error {
	err := s.bf.Run(ctx)
	if err == nil {
		if err = s.sweepStale(ctx); err != nil {
			err = fmt.Errorf("syncer: %w", err)
		}
	}
	s.complete.Store(err == nil)
	if err == nil {
		s.cfg.Logger.Info("syncer: backfill complete")
	}
	return err
}

// setPhase records the phase and reports a change to OnPhase.
func (s *Syncer) setPhase(p string) {
	if old := s.phase.Swap(p); old != p && s.cfg.OnPhase != nil {
		s.cfg.OnPhase(p)
	}
}

// fatal reports errors Run cannot recover from by waiting.
func fatal(err error) bool {
	return errors.Is(err, stripeclient.ErrUnauthorized) || errors.Is(err, stripeclient.ErrNoKey) ||
		errors.Is(err, events.ErrNoCursor)
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) {
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}
