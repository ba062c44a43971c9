package syncdb

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
)

// pipeline queues statements and sends them together, in one round trip,
// when a result is needed, before a COPY and at the end of a write. Each
// queued statement keeps the context its error is reported with.
type pipeline struct {
	ctx   context.Context
	db    BatchSender
	batch pgx.Batch
	items []pipeItem
}

type pipeItem struct {
	wrap func(error) error
	read func(br pgx.BatchResults) error
}

// exec queues a statement; done, if set, gets its command tag.
func (p *pipeline) exec(wrap func(error) error, done func(pgconn.CommandTag), sql string, args ...any) {
	p.batch.Queue(sql, args...)
	p.items = append(p.items, pipeItem{wrap: wrap, read: func(br pgx.BatchResults) error {
		tag, err := br.Exec()
		if err == nil && done != nil {
			done(tag)
		}
		return err
	}})
}

// queryRow queues a query returning one row, scanned by scan.
func (p *pipeline) queryRow(wrap func(error) error, scan func(pgx.Row) error, sql string, args ...any) {
	p.batch.Queue(sql, args...)
	p.items = append(p.items, pipeItem{wrap: wrap, read: func(br pgx.BatchResults) error {
		return scan(br.QueryRow())
	}})
}

// query queues a query whose rows are read by read.
func (p *pipeline) query(wrap func(error) error, read func(pgx.Rows) error, sql string, args ...any) {
	p.batch.Queue(sql, args...)
	p.items = append(p.items, pipeItem{wrap: wrap, read: func(br pgx.BatchResults) error {
		rows, err := br.Query()
		if err != nil {
			return err
		}
		defer rows.Close()
		return read(rows)
	}})
}

// versions queues a query returning ids and versions, collected into m.
func (p *pipeline) versions(wrap func(error) error, m map[string]pgtype.Int8, sql string, args ...any) {
	p.query(wrap, func(rows pgx.Rows) error {
		var id string
		var v pgtype.Int8
		_, err := pgx.ForEachRow(rows, []any{&id, &v}, func() error {
			m[id] = v
			return nil
		})
		return err
	}, sql, args...)
}

// flush sends the queued statements and reads their results in order; it
// returns the first error, wrapped with its statement's context.
func (p *pipeline) flush() error {
	if len(p.items) == 0 {
		return nil
	}
	items := p.items
	batch := p.batch
	p.items, p.batch = nil, pgx.Batch{}
	br := p.db.SendBatch(p.ctx, &batch)
	var err error
	for _, it := range items {
		if err = it.read(br); err != nil {
			err = it.wrap(err)
			break
		}
	}
	if cerr := br.Close(); err == nil && cerr != nil {
		err = items[len(items)-1].wrap(cerr)
	}
	return err
}
