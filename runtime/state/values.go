package state

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/jackc/pgx/v5"
)

// Value reads the named value into v and reports whether it exists.
func (s *Store) Value(ctx context.Context, db DB, key string, v any) (bool, error) {
	var raw []byte
	err := db.QueryRow(ctx, `SELECT "value" FROM `+s.table(valuesTable)+` WHERE "key" = $1`, key).Scan(&raw)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, wrap("read value "+key, err)
	}
	if raw == nil {
		return false, nil
	}
	return true, wrap("decode value "+key, json.Unmarshal(raw, v))
}

// SetValue stores v as JSON under key.
func (s *Store) SetValue(ctx context.Context, tx DB, key string, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return wrap("encode value "+key, err)
	}
	_, err = tx.Exec(ctx, `INSERT INTO `+s.table(valuesTable)+` ("key", "value", "updated_at") VALUES ($1, $2, now())
ON CONFLICT ("key") DO UPDATE SET "value" = EXCLUDED."value", "updated_at" = EXCLUDED."updated_at"`, key, raw)
	return wrap("set value "+key, err)
}

// DeleteValue removes the named value; with match set, only while it
// still holds exactly that JSON (so a concurrent rewrite survives). It
// reports whether a row was removed.
func (s *Store) DeleteValue(ctx context.Context, tx DB, key string, match json.RawMessage) (bool, error) {
	q := `DELETE FROM ` + s.table(valuesTable) + ` WHERE "key" = $1`
	args := []any{key}
	if match != nil {
		q += ` AND "value" = $2::jsonb`
		args = append(args, []byte(match))
	}
	tag, err := tx.Exec(ctx, q, args...)
	if err != nil {
		return false, wrap("delete value "+key, err)
	}
	return tag.RowsAffected() > 0, nil
}

// ValuesWithPrefix returns every value whose key starts with prefix, raw.
func (s *Store) ValuesWithPrefix(ctx context.Context, db DB, prefix string) (map[string]json.RawMessage, error) {
	rows, err := db.Query(ctx, `SELECT "key", "value" FROM `+s.table(valuesTable)+
		` WHERE left("key", length($1)) = $1 ORDER BY "key"`, prefix)
	if err != nil {
		return nil, wrap("read values "+prefix, err)
	}
	defer rows.Close()
	out := map[string]json.RawMessage{}
	for rows.Next() {
		var k string
		var raw []byte
		if err := rows.Scan(&k, &raw); err != nil {
			return nil, wrap("read values "+prefix, err)
		}
		out[k] = raw
	}
	return out, wrap("read values "+prefix, rows.Err())
}
