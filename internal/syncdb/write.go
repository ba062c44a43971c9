package syncdb

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// tableSQL is one table's statements for one store.
type tableSQL struct{}

func (s *Store) write(ctx context.Context, tx pgx.Tx, b *Batch) (Stats, error) {
	return Stats{}, errNotYet
}
