package data

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Sales columns, in the order of salesColumns.
const (
	colStore = iota
	colItem
	colDate
	colUnits
	colPrice
	colStockout
	colInStock
	colCategory
	colDiscount
	numSalesCols
)

var salesColumns = [numSalesCols]string{
	"store_id", "item_id", "date", "units", "price", "stockout_hours", "in_stock", "category", "discount",
}

// CategoryColumns are the names a category column goes by, best first:
// ours, then the department or middle level of the public datasets'
// hierarchies (M5's dept_id, FOODS_3; FreshRetailNet-50K's
// second_category_id, Dingdong-Inc, arXiv 2505.16319), which is the
// grain nearest a grocer's category (milk, bakery), then their coarser
// and finer levels. A file may carry several: the first of this list
// present is the item's category and the others are read and ignored.
var CategoryColumns = []string{
	"category", "dept_id", "second_category_id", "category_id",
	"first_category_id", "cat_id", "third_category_id",
}

// TradingHours is the length of the trading day that stockout_hours counts
// against: 16 hours, 06:00-22:00, as FreshRetailNet-50K's stock_hour6_22_cnt
// (Dingdong-Inc, arXiv 2505.16319).
const TradingHours = 16

// SalesRow is one validated row of a sales history.
type SalesRow struct {
	// Store, Item and Category are the file's text. They stay valid after
	// the next Read (each row's strings are freshly allocated by
	// encoding/csv).
	Store, Item, Category string
	Day                   int32   // days since 1970-01-01
	Units                 float64 // >= 0, finite
	// Ranged is false when the file has a price column and this row's
	// price is empty: the item was not on sale that day.
	Ranged bool
	Price  float64 // >= 0; NaN if not known
	// StockoutHours is in [0, TradingHours]; -1 without the column.
	StockoutHours float64
	// InStock is 1 or 0 from the in_stock column; -1 without it.
	InStock int8
}

// SalesReader reads a sales history row by row, in constant memory.
//
// A sales history is a CSV file, plain or gzip-compressed (detected by its
// magic bytes, whatever the file is called), with one row per store x item
// x day. Columns may come in any order; names are matched without regard to
// case or surrounding spaces.
//
//	store_id        required  text     the store, as the retailer names it
//	item_id         required  text     the item (SKU)
//	date            required  date     YYYY-MM-DD
//	units           required  number   units sold that day, >= 0 (fractions allowed)
//	price           optional  number   shelf price that day, >= 0; empty means the
//	                                   item was not ranged that day (absent, not zero)
//	stockout_hours  optional  number   hours of the 16-hour trading day the shelf was
//	                                   empty, 0 to 16
//	in_stock        optional  bool     false if the line was out of stock that day
//	                                   (1/0, true/false, yes/no, y/n)
//	category        optional  text     the item's category; also read under the
//	                                   public datasets' names (CategoryColumns:
//	                                   dept_id, second_category_id, ...)
//	discount        optional  number   price as a share of full price (FreshRetailNet);
//	                                   read and checked, not used by the fit
//
// A UTF-8 byte-order mark, CRLF line ends and quoted fields (with commas or
// doubled quotes) are read as Excel writes them. Semicolon-separated files
// are refused with a message that says so. Within a series (store x item)
// dates must increase; series may be interleaved (a file sorted by date is
// fine).
type SalesReader struct {
	name string
	cr   *csv.Reader
	gz   *gzip.Reader
	col  [numSalesCols]int // field index of each column, -1 if absent
	rows int64
	// catName is the header of the column read as the category ("" if
	// none): one of CategoryColumns.
	catName string
}

// NewSalesReader reads the header of the sales history r, named name in
// error messages. It detects gzip by its magic bytes and skips a UTF-8
// byte-order mark.
func NewSalesReader(name string, r io.Reader) (*SalesReader, error) {
	s := &SalesReader{name: name}
	br := bufio.NewReaderSize(r, 1<<16)
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		gz, err := gzip.NewReader(br)
		if err != nil {
			return nil, &Error{File: name, Err: fmt.Errorf("want gzip data, got %v", err)}
		}
		s.gz = gz
		br = bufio.NewReaderSize(gz, 1<<16)
	}
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	}
	s.cr = csv.NewReader(br)
	s.cr.ReuseRecord = true
	head, err := s.cr.Read()
	if err == io.EOF {
		return nil, &Error{File: name, Line: 1, Err: fmt.Errorf("%w: want a header with %s, got nothing", ErrEmpty, requiredColumns())}
	}
	if err != nil {
		return nil, s.csvError(err)
	}
	for i := range s.col {
		s.col[i] = -1
	}
	if len(head) == 1 && strings.Contains(head[0], ";") {
		return nil, &Error{File: name, Line: 1, Column: 1, Field: "header",
			Err: fmt.Errorf("%w: want comma-separated values, got %q (save the sheet as \"CSV UTF-8 (comma delimited)\")", ErrSemicolon, head[0])}
	}
	catRank, seen := len(CategoryColumns), map[string]bool{}
	for i, h := range head {
		key := strings.ToLower(strings.TrimSpace(h))
		line, column := s.cr.FieldPos(i)
		if r := slices.Index(CategoryColumns, key); r >= 0 {
			if seen[key] {
				return nil, &Error{File: name, Line: line, Column: column, Field: "header",
					Err: fmt.Errorf("%w: want each column once, got %q twice", ErrDuplicate, h)}
			}
			seen[key] = true
			if r < catRank {
				catRank, s.col[colCategory], s.catName = r, i, key
			}
			continue
		}
		c := -1
		for j, n := range salesColumns {
			if n == key {
				c = j
			}
		}
		switch {
		case c < 0:
			return nil, &Error{File: name, Line: line, Column: column, Field: "header",
				Err: fmt.Errorf("%w: want one of %s, got %q%s", ErrUnknownColumn, strings.Join(salesColumns[:], ", "), h, didYouMean(key, salesColumns[:]))}
		case s.col[c] >= 0:
			return nil, &Error{File: name, Line: line, Column: column, Field: "header",
				Err: fmt.Errorf("%w: want each column once, got %q twice", ErrDuplicate, h)}
		}
		s.col[c] = i
	}
	for c := range colPrice {
		if s.col[c] < 0 {
			return nil, &Error{File: name, Line: 1, Field: "header",
				Err: fmt.Errorf("%w: want columns %s, got no %q", ErrMissingColumn, requiredColumns(), salesColumns[c])}
		}
	}
	if s.col[colStockout] >= 0 && s.col[colInStock] >= 0 {
		line, column := s.cr.FieldPos(s.col[colInStock])
		return nil, &Error{File: name, Line: line, Column: column, Field: "header",
			Err: errors.New("want stockout_hours or in_stock, got both")}
	}
	s.cr.FieldsPerRecord = len(head)
	return s, nil
}

func requiredColumns() string { return strings.Join(salesColumns[:colPrice], ",") }

// Has reports whether the file has the named optional column.
func (s *SalesReader) Has(column string) bool {
	for i, n := range salesColumns {
		if n == column {
			return s.col[i] >= 0
		}
	}
	return false
}

// CategoryColumn returns the header of the column read as the items'
// category, or "" if the file has none.
func (s *SalesReader) CategoryColumn() string { return s.catName }

// Rows returns the number of data rows read so far.
func (s *SalesReader) Rows() int64 { return s.rows }

// Read reads the next row into row. It returns io.EOF at the end of the
// file and a *Error for any bad value.
func (s *SalesReader) Read(row *SalesRow) error {
	rec, err := s.cr.Read()
	if err == io.EOF {
		if s.gz != nil {
			if err := s.gz.Close(); err != nil {
				return &Error{File: s.name, Err: err}
			}
		}
		return io.EOF
	}
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrFieldCount) {
			return &Error{File: s.name, Line: pe.Line, Column: 1,
				Err: fmt.Errorf("want %d fields as in the header, got %d", s.cr.FieldsPerRecord, len(rec))}
		}
		return s.csvError(err)
	}
	s.rows++
	bad := func(c int, format string, args ...any) error {
		line, column := s.cr.FieldPos(s.col[c])
		return &Error{File: s.name, Line: line, Column: column, Field: salesColumns[c], Err: fmt.Errorf(format, args...)}
	}
	text := func(c int) (string, error) {
		v := rec[s.col[c]]
		if strings.TrimSpace(v) == "" {
			return "", bad(c, "want a non-empty %s, got %q", salesColumns[c], v)
		}
		return v, nil
	}
	if row.Store, err = text(colStore); err != nil {
		return err
	}
	if row.Item, err = text(colItem); err != nil {
		return err
	}
	row.Category = ""
	if s.col[colCategory] >= 0 {
		if row.Category, err = text(colCategory); err != nil {
			return err
		}
	}
	v := rec[s.col[colDate]]
	d, ok := parseDay(v)
	if !ok {
		return bad(colDate, "want a date YYYY-MM-DD, got %q", v)
	}
	row.Day = d
	v = rec[s.col[colUnits]]
	u, err := strconv.ParseFloat(v, 64)
	if err != nil || !(u >= 0) || math.IsInf(u, 0) {
		return bad(colUnits, "want a number >= 0, got %q", v)
	}
	if u > MaxSalesUnits {
		return bad(colUnits, "want a number <= %d (the largest plausible value), got %q", MaxSalesUnits, v)
	}
	row.Units = u
	row.Ranged, row.Price = true, math.NaN()
	if c := s.col[colPrice]; c >= 0 {
		v = rec[c]
		if strings.TrimSpace(v) == "" {
			row.Ranged = false
		} else if p, err := strconv.ParseFloat(v, 64); err != nil || !(p >= 0) || math.IsInf(p, 0) {
			return bad(colPrice, "want a price >= 0 or empty (not ranged), got %q", v)
		} else if p > MaxPrice {
			return bad(colPrice, "want a price <= %d (the largest plausible value), got %q", MaxPrice, v)
		} else {
			row.Price = p
		}
	}
	row.StockoutHours = -1
	if c := s.col[colStockout]; c >= 0 {
		v = rec[c]
		h, err := strconv.ParseFloat(v, 64)
		if err != nil || !(h >= 0 && h <= TradingHours) {
			return bad(colStockout, "want hours from 0 to %d, got %q", TradingHours, v)
		}
		row.StockoutHours = h
	}
	row.InStock = -1
	if c := s.col[colInStock]; c >= 0 {
		v = rec[c]
		switch strings.ToLower(strings.TrimSpace(v)) {
		case "1", "true", "t", "yes", "y":
			row.InStock = 1
		case "0", "false", "f", "no", "n":
			row.InStock = 0
		default:
			return bad(colInStock, "want true or false (1/0, yes/no), got %q", v)
		}
	}
	if c := s.col[colDiscount]; c >= 0 {
		v = rec[c]
		if p, err := strconv.ParseFloat(v, 64); err != nil || !(p >= 0) || p > MaxFactor {
			return bad(colDiscount, "want a share of full price >= 0, got %q", v)
		}
	}
	return nil
}

// csvError turns an encoding/csv error into a positioned *Error.
func (s *SalesReader) csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &Error{File: s.name, Line: pe.Line, Column: pe.Column, Err: pe.Err}
	}
	if s.gz != nil {
		return &Error{File: s.name, Err: fmt.Errorf("want a complete gzip stream, got %v", err)}
	}
	return &Error{File: s.name, Err: err}
}

// parseDay parses a YYYY-MM-DD date into days since 1970-01-01.
func parseDay(s string) (int32, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, false
	}
	num := func(b string) (int, bool) {
		n := 0
		for i := 0; i < len(b); i++ {
			c := b[i]
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, true
	}
	y, ok1 := num(s[:4])
	m, ok2 := num(s[5:7])
	d, ok3 := num(s[8:])
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return 0, false
	}
	return int32(daysFromCivil(y, m, d)), true
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysFromCivil returns the days since 1970-01-01 of a proleptic
// Gregorian date (H. Hinnant, "chrono-Compatible Low-Level Date
// Algorithms", days_from_civil).
func daysFromCivil(y, m, d int) int {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era = (y - 399) / 400
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// weekdayOf returns the weekday of a Unix day, 0 = Monday. 1970-01-01 was a
// Thursday (3).
func weekdayOf(day int32) int {
	return int(((int64(day)+3)%7 + 7) % 7)
}
