package data

import (
	"errors"
	"path/filepath"
)

// ReadStores reads a store list in stores.csv's format (store_id, region,
// format, dc_id, weekly_sales_gbp, priority) from path, for Calibrate's
// CalibrateOptions.Stores. Formats and DCs are not checked against other
// files: the calibrator derives them from the list.
func ReadStores(path string) ([]StoreRow, error) {
	t, err := openTable(filepath.Dir(path), filepath.Base(path), false, storeCols)
	if err != nil {
		return nil, err
	}
	var rows []StoreRow
	seen := make(map[string]int)
	for t.next() {
		s := StoreRow{ID: t.key(0), Region: t.key(1), Format: t.key(2), DC: t.key(3),
			WeeklySales: t.number(4, 0, MaxWeeklySales, 0), Priority: t.boolean(5)}
		if s.ID != "" && unique(t, 0, s.ID, seen) && t.ok() {
			rows = append(rows, s)
		}
	}
	sum, err := t.close()
	if err == nil && sum.Rows == 0 {
		err = &Error{File: t.file, Line: 2, Err: errors.Join(ErrEmpty)}
	}
	if err != nil {
		return nil, err
	}
	return rows, nil
}
