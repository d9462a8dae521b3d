package data

import (
	"bufio"
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// maxErrors is how many errors Load reports per file before it stops
// reading that file.
const maxErrors = 10

// column describes one column of an input file.
type column struct {
	name     string
	required bool // the column must be present and its cells non-empty
}

// table reads one CSV input file row by row: it strips a UTF-8 BOM, maps
// the header to column indices, and converts cells with typed getters that
// record positioned errors (encoding/csv's FieldPos) instead of returning
// them, so a caller checks once per row.
type table struct {
	file string // base name, for errors
	f    *os.File
	h    hash.Hash
	cr   *csv.Reader
	cols []column
	idx  []int // per cols entry: field index in the record, or -1
	rec  []string
	// width is the header's number of fields; every row must match.
	width int
	rows  int
	errs  []error
	// rowErrs is len(errs) when the current row started.
	rowErrs int
}

// openTable opens dir/name and reads its header. A nil table with a nil
// error means the file is absent and optional.
func openTable(dir, name string, optional bool, cols []column) (*table, error) {
	f, err := openText(filepath.Join(dir, name), name, MaxCSVBytes)
	if err != nil {
		var de *Error
		if errors.As(err, &de) {
			return nil, err
		}
		if errors.Is(err, fs.ErrNotExist) {
			if optional {
				return nil, nil
			}
			return nil, &Error{File: name, Err: fmt.Errorf("%w: want %s in %s", ErrMissingFile, name, dir)}
		}
		return nil, &Error{File: name, Err: err}
	}
	t := &table{file: name, f: f, h: sha256.New(), cols: cols}
	raw := bufio.NewReaderSize(io.TeeReader(f, t.h), 64<<10)
	if b, _ := raw.Peek(64); isUTF16(b) {
		f.Close()
		return nil, &Error{File: name, Line: 1, Err: errors.New("UTF-16 file: want UTF-8; save it as \"CSV UTF-8 (comma delimited)\"")}
	}
	br := bufio.NewReaderSize(newTextReader(raw, name), 64<<10)
	if b, _ := br.Peek(3); bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	}
	// Detect semicolon-separated files (European spreadsheet exports)
	// from the header line, before encoding/csv misreads them.
	first, _ := br.Peek(br.Size())
	if i := bytes.IndexByte(first, '\n'); i >= 0 {
		first = first[:i]
	}
	if bytes.IndexByte(first, ',') < 0 {
		if bytes.IndexByte(first, ';') >= 0 {
			f.Close()
			return nil, &Error{File: name, Line: 1, Err: fmt.Errorf("%w: want comma-separated values; save it as \"CSV (comma delimited)\"", ErrSemicolon)}
		}
		if bytes.IndexByte(first, '\t') >= 0 {
			f.Close()
			return nil, &Error{File: name, Line: 1, Err: errors.New("tab-separated file: want comma-separated values; save it as \"CSV (comma delimited)\"")}
		}
	}
	t.cr = csv.NewReader(br)
	t.cr.ReuseRecord = true
	t.cr.FieldsPerRecord = -1 // checked per row, with a clearer message
	header, err := t.cr.Read()
	if err == io.EOF {
		f.Close()
		return nil, &Error{File: name, Err: fmt.Errorf("%w: want a header row", ErrEmpty)}
	}
	if err != nil {
		f.Close()
		return nil, csvError(name, err)
	}
	t.width = len(header)
	t.idx = make([]int, len(cols))
	for i := range t.idx {
		t.idx[i] = -1
	}
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.name
	}
	seen := make(map[string]int, len(header))
	for j, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		_, col := t.cr.FieldPos(j)
		if first, dup := seen[h]; dup {
			_, fc := t.cr.FieldPos(first)
			t.errs = append(t.errs, &Error{File: name, Line: 1, Column: col, Field: h,
				Err: fmt.Errorf("%w column (first at column %d)", ErrDuplicate, fc)})
			continue
		}
		seen[h] = j
		i := indexOf(names, h)
		if i < 0 {
			t.errs = append(t.errs, &Error{File: name, Line: 1, Column: col, Field: h,
				Err: fmt.Errorf("%w%s", ErrUnknownColumn, didYouMean(h, names))})
			continue
		}
		t.idx[i] = j
	}
	for i, c := range cols {
		if c.required && t.idx[i] < 0 {
			t.errs = append(t.errs, &Error{File: name, Line: 1, Field: c.name, Err: ErrMissingColumn})
		}
	}
	if len(t.errs) > 0 {
		f.Close()
		return nil, errors.Join(t.errs...)
	}
	return t, nil
}

func indexOf(names []string, s string) int {
	for i, n := range names {
		if n == s {
			return i
		}
	}
	return -1
}

func csvError(file string, err error) error {
	var de *Error
	if errors.As(err, &de) {
		return de
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &Error{File: file, Line: pe.Line, Column: pe.Column, Err: pe.Err}
	}
	return &Error{File: file, Err: err}
}

// has reports whether column i is present in the file.
func (t *table) has(i int) bool { return t.idx[i] >= 0 }

// next reads the next row. It returns false at the end of the file or
// once maxErrors errors are recorded.
func (t *table) next() bool {
	for len(t.errs) < maxErrors {
		rec, err := t.cr.Read()
		if err == io.EOF {
			return false
		}
		if err != nil {
			t.errs = append(t.errs, csvError(t.file, err))
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				return false
			}
			continue
		}
		t.rec = rec
		t.rows++
		t.rowErrs = len(t.errs)
		if len(rec) != t.width {
			line, col := t.cr.FieldPos(min(len(rec), t.width) - 1)
			hint := ""
			if len(rec) > t.width {
				line, col = t.cr.FieldPos(t.width)
				hint = ` (quote values that contain commas: "a, b")`
			}
			t.errs = append(t.errs, &Error{File: t.file, Line: line, Column: col,
				Err: fmt.Errorf("want %d fields as in the header, got %d%s", t.width, len(rec), hint)})
			continue
		}
		return true
	}
	return false
}

// ok reports whether the current row has no errors so far.
func (t *table) ok() bool { return len(t.errs) == t.rowErrs }

// line returns the current row's line number.
func (t *table) line() int {
	l, _ := t.cr.FieldPos(0)
	return l
}

// cell returns the trimmed cell of column i ("" if the column is absent or
// the row is short).
func (t *table) cell(i int) string {
	j := t.idx[i]
	if j < 0 || j >= len(t.rec) {
		return ""
	}
	return strings.TrimSpace(t.rec[j])
}

// failAt records an error at column i of the current row.
func (t *table) failAt(i int, err error) {
	e := &Error{File: t.file, Field: t.cols[i].name, Err: err}
	j := t.idx[i]
	if j >= 0 && j < len(t.rec) {
		e.Line, e.Column = t.cr.FieldPos(j)
	} else {
		e.Line = t.line()
	}
	t.errs = append(t.errs, e)
}

// fail records an error with the current row's line and column i.
func (t *table) fail(i int, format string, args ...any) {
	t.failAt(i, fmt.Errorf(format, args...))
}

// key returns column i, which must be non-empty.
func (t *table) key(i int) string {
	s := t.cell(i)
	if s == "" {
		t.fail(i, "want a value, got %q", s)
	}
	return s
}

// number returns column i as a finite float64 in [lo, hi] (def if the
// cell is empty and the column optional). hi is the column's plausible
// maximum (see limits.go).
func (t *table) number(i int, lo, hi, def float64) float64 {
	s := t.cell(i)
	if s == "" && !t.cols[i].required {
		return def
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || v < lo {
		t.fail(i, "want a number >= %v, got %q", lo, s)
		return def
	}
	if v > hi {
		t.fail(i, "want a number <= %s (the largest plausible value), got %q", strconv.FormatFloat(hi, 'f', -1, 64), s)
		return def
	}
	return v
}

// share returns column i as a number in [0, 1], or ok=false if empty.
func (t *table) share(i int) (v float64, ok bool) {
	s := t.cell(i)
	if s == "" {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || !(v >= 0 && v <= 1) {
		t.fail(i, "want a share in [0, 1], got %q", s)
		return 0, true
	}
	return v, true
}

// integer returns column i as an int in [lo, hi] (def if the cell is empty
// and the column optional).
func (t *table) integer(i, lo, hi, def int) int {
	s := t.cell(i)
	if s == "" && !t.cols[i].required {
		return def
	}
	v, err := strconv.Atoi(s)
	if err != nil || v < lo || v > hi {
		t.fail(i, "want a whole number from %d to %d, got %q", lo, hi, s)
		return def
	}
	return v
}

// boolean returns column i as a bool: true/false, 1/0, yes/no, y/n
// (any case); empty means false.
func (t *table) boolean(i int) bool {
	switch strings.ToLower(t.cell(i)) {
	case "", "false", "0", "no", "n":
		return false
	case "true", "1", "yes", "y":
		return true
	}
	t.fail(i, "want true or false (or 1/0, yes/no), got %q", t.cell(i))
	return false
}

// close finishes reading and returns the file's summary (its hash covers
// the whole file once next has returned false at its end) and errors.
func (t *table) close() (FileSum, error) {
	t.f.Close()
	// Within a row, report in column order (reference checks run last).
	slices.SortStableFunc(t.errs, func(a, b error) int {
		ea, oka := a.(*Error)
		eb, okb := b.(*Error)
		if !oka || !okb {
			return 0
		}
		if c := cmp.Compare(ea.Line, eb.Line); c != 0 {
			return c
		}
		return cmp.Compare(ea.Column, eb.Column)
	})
	sum := FileSum{Name: t.file, SHA256: hex.EncodeToString(t.h.Sum(nil)), Rows: t.rows}
	return sum, errors.Join(t.errs...)
}
