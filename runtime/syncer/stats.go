package syncer

import (
	"github.com/stripesync/stripesync/runtime/backfill"
	"github.com/stripesync/stripesync/runtime/events"
	"github.com/stripesync/stripesync/runtime/relist"
	"github.com/stripesync/stripesync/runtime/stripeclient"
)

// Stats is a snapshot of the whole sync for the CLI and metrics.
type Stats struct {
	// Phase is PhaseIdle, PhaseBackfill, PhaseFollow or PhaseStopped.
	Phase string
	// BackfillComplete is true only once a backfill run finished every job.
	BackfillComplete bool
	// Backfill is the backfill's progress (rows, rate and ETA per table).
	Backfill backfill.Progress
	// Events are the follower's counters: events applied, lag, last poll.
	Events events.Stats
	// Relist are the relister's counters.
	Relist relist.Stats
	// Client is the Stripe client's traffic; Client.Throttled says whether
	// Stripe rate limited the run.
	Client stripeclient.Stats
}

// Stats returns a snapshot.
func (s *Syncer) Stats() Stats {
	return Stats{
		Phase:            s.phase.Load().(string),
		BackfillComplete: s.complete.Load(),
		Backfill:         s.bf.Progress(),
		Events:           s.follower.Stats(),
		Relist:           s.relister.Stats(),
		Client:           s.cfg.Client.Stats(),
	}
}

// Progress returns the backfill's progress, for progress bars.
func (s *Syncer) Progress() backfill.Progress { return s.bf.Progress() }
