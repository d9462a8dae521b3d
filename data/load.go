package data

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/shelfgap/shelfgap/model"
)

// File names of an inputs directory. Ranges is optional.
const (
	FormatsFile    = "formats.csv"
	DCsFile        = "dcs.csv"
	StoresFile     = "stores.csv"
	CategoriesFile = "categories.csv"
	SKUsFile       = "skus.csv"
	RangesFile     = "ranges.csv"
)

// Columns of each file, in the order WriteInputs writes them.
var (
	formatCols = []column{{"format", true}, {"shelf_scale", false}, {"lines", false}}
	dcCols     = []column{{"dc_id", true}, {"region", true}, {"pick_capacity_cases_per_day", false}, {"stock_days", false}}
	storeCols  = []column{{"store_id", true}, {"region", true}, {"format", true}, {"dc_id", true},
		{"weekly_sales_gbp", true}, {"priority", false}}
	categoryCols = append([]column{{"category", true}, {"class", true}, {"dispersion", false},
		{"elsewhere", false}, {"no_buy", false}, {"delay", false}, {"same_brand", false}, {"other_brand", false}},
		append(weekdayCols, column{"dsd_share", false})...)
	skuCols = []column{{"sku_id", true}, {"category", true}, {"price_gbp", true}, {"margin_pct", true},
		{"shelf_life_days", false}, {"case_pack", false}, {"shelf_capacity_units", true}, {"lead_days", true},
		{"delivery_days", false}, {"core_rank", false}, {"rate_units_per_day", true}}
	rangeCols = append([]column{{"store_id", true}, {"sku_id", true}, {"rate_units_per_day", true},
		{"dispersion", false}}, weekdayCols...)
	weekdayCols = []column{{"mon", false}, {"tue", false}, {"wed", false}, {"thu", false},
		{"fri", false}, {"sat", false}, {"sun", false}}
)

// weekdayTolerance is how far from 1 the mean of a mon..sun profile may be
// (profiles typed with 2-3 decimals); Build rescales it to exactly 1.
const weekdayTolerance = 0.005

// responseTolerance is how far from 1 the five response shares may sum,
// the tolerance model.Scenario.Validate uses for Shoppers.Response.
const responseTolerance = 1e-6

// Load reads and validates the inputs directory dir (see the package
// documentation for its files and columns). It reports up to 10 errors per
// file, each a *Error with the file, line, column and field; errors in one
// file do not hide errors in files that do not depend on it. The result's
// Files lists each file read with its SHA-256.
func Load(dir string) (*Inputs, error) {
	l := &loader{dir: dir, in: &Inputs{}}
	l.formats()
	l.dcs()
	l.categories()
	l.stores()
	l.skus()
	l.ranges()
	if len(l.errs) == 0 {
		l.checkDerived()
	}
	if len(l.errs) > 0 {
		return nil, errors.Join(l.errs...)
	}
	return l.in, nil
}

type loader struct {
	dir  string
	in   *Inputs
	errs []error
	// bad marks the files that had errors, so that files referring to them
	// skip the reference checks rather than report every row.
	bad map[string]bool
	// names and first-seen lines of each file's keys.
	formatLine, dcLine, catLine map[string]int
	storeIdx, skuIdx            map[string]int32
	// Positions (line, column) of weekly_sales_gbp and
	// shelf_capacity_units in the rows kept, for checkDerived.
	salesPos, capPos [][2]int
}

// open opens a table, recording file-level errors.
func (l *loader) open(name string, optional bool, cols []column) *table {
	t, err := openTable(l.dir, name, optional, cols)
	if err != nil {
		l.failed(name, err)
	}
	return t
}

func (l *loader) failed(name string, err error) {
	l.errs = append(l.errs, err)
	if l.bad == nil {
		l.bad = make(map[string]bool)
	}
	l.bad[name] = true
}

// finish closes t, records its errors and summary, and refuses a required
// file with no data rows.
func (l *loader) finish(t *table, needRows bool) {
	sum, err := t.close()
	if err == nil && needRows && sum.Rows == 0 {
		err = &Error{File: t.file, Line: 2, Err: fmt.Errorf("%w: want at least one data row after the header", ErrEmpty)}
	}
	if err != nil {
		l.failed(t.file, err)
		return
	}
	l.in.Files = append(l.in.Files, sum)
}

// unique records key at column i in seen, or an error naming the line of
// its first occurrence.
func unique(t *table, i int, key string, seen map[string]int) bool {
	if first, dup := seen[key]; dup {
		t.failAt(i, fmt.Errorf("%w %q (first on line %d)", ErrDuplicate, key, first))
		return false
	}
	seen[key] = t.line()
	return true
}

// ref checks that key, in column i, is one of the keys of known (a map
// from name to anything), unless the file defining them was bad.
func ref[V any](l *loader, t *table, i int, key, what, file string, known map[string]V) {
	if key == "" || l.bad[file] {
		return
	}
	if _, ok := known[key]; ok {
		return
	}
	names := make([]string, 0, len(known))
	for k := range known {
		names = append(names, k)
	}
	slices.Sort(names)
	t.failAt(i, fmt.Errorf("%w %s %q: not in %s%s", ErrUnknownName, what, key, file, didYouMean(key, names)))
}

func (l *loader) formats() {
	l.formatLine = make(map[string]int)
	t := l.open(FormatsFile, false, formatCols)
	if t == nil {
		return
	}
	for t.next() {
		f := FormatRow{Name: t.key(0), ShelfScale: t.number(1, 0, MaxShelfScale, 0), Lines: t.integer(2, 0, MaxLines, 0)}
		if f.Name != "" && unique(t, 0, f.Name, l.formatLine) && t.ok() {
			l.in.Formats = append(l.in.Formats, f)
		}
	}
	l.finish(t, true)
}

func (l *loader) dcs() {
	l.dcLine = make(map[string]int)
	t := l.open(DCsFile, false, dcCols)
	if t == nil {
		return
	}
	for t.next() {
		d := DCRow{ID: t.key(0), Region: t.key(1), PickCapacity: t.number(2, 0, MaxPickCapacity, 0), StockDays: t.number(3, 0, MaxStockDays, 0)}
		if d.ID != "" && unique(t, 0, d.ID, l.dcLine) && t.ok() {
			l.in.DCs = append(l.in.DCs, d)
		}
	}
	l.finish(t, true)
}

func (l *loader) stores() {
	l.storeIdx = make(map[string]int32)
	seen := make(map[string]int)
	t := l.open(StoresFile, false, storeCols)
	if t == nil {
		return
	}
	for t.next() {
		s := StoreRow{ID: t.key(0), Region: t.key(1), Format: t.key(2), DC: t.key(3),
			WeeklySales: t.number(4, 0, MaxWeeklySales, 0), Priority: t.boolean(5)}
		ref(l, t, 2, s.Format, "format", FormatsFile, l.formatLine)
		ref(l, t, 3, s.DC, "dc", DCsFile, l.dcLine)
		if s.ID != "" && unique(t, 0, s.ID, seen) && t.ok() {
			l.storeIdx[s.ID] = int32(len(l.in.Stores))
			l.in.Stores = append(l.in.Stores, s)
			line, col := t.cr.FieldPos(t.idx[4])
			l.salesPos = append(l.salesPos, [2]int{line, col})
		}
	}
	l.finish(t, true)
}

func (l *loader) categories() {
	l.catLine = make(map[string]int)
	t := l.open(CategoriesFile, false, categoryCols)
	if t == nil {
		return
	}
	for t.next() {
		c := CategoryRow{Name: t.key(0), Dispersion: t.number(2, 0, MaxDispersion, 0)}
		if s := t.key(1); s != "" {
			if err := c.Class.UnmarshalText([]byte(s)); err != nil {
				t.failAt(1, err)
			}
		}
		var r [5]float64
		if t.shares(3, r[:]) {
			c.Response = model.Response{Elsewhere: r[0], NoBuy: r[1], Delay: r[2], SameBrand: r[3], OtherBrand: r[4]}
		}
		c.Weekday, _ = t.weekday(8)
		c.DSD, _ = t.share(8 + len(weekdayCols))
		if c.Name != "" && unique(t, 0, c.Name, l.catLine) && t.ok() {
			l.in.Categories = append(l.in.Categories, c)
		}
	}
	l.finish(t, true)
}

// shares reads the five response columns from column i into r: all empty
// (false) or all shares summing to 1 (true).
func (t *table) shares(i int, r []float64) bool {
	n := 0
	for j := range r {
		if t.cell(i+j) != "" {
			n++
		}
	}
	if n == 0 {
		return false
	}
	for j := range r {
		v, ok := t.share(i + j)
		if !ok {
			t.fail(i+j, "want a share in [0, 1] (the response columns are all given or all empty), got %q", "")
		}
		r[j] = v
	}
	if !t.ok() {
		return false
	}
	sum := r[0] + r[1] + r[2] + r[3] + r[4]
	if math.Abs(sum-1) > responseTolerance {
		t.fail(i, "want elsewhere+no_buy+delay+same_brand+other_brand = 1, got %.6g", sum)
	}
	return true
}

// weekday reads the seven weekday columns from column i: all empty
// (false) or all numbers >= 0 averaging 1 (true).
func (t *table) weekday(i int) (w model.Weekday, ok bool) {
	n := 0
	for j := range 7 {
		if t.cell(i+j) != "" {
			n++
		}
	}
	if n == 0 {
		return w, false
	}
	var sum float64
	for j := range 7 {
		if t.cell(i+j) == "" {
			t.fail(i+j, "want a number >= 0 (the weekday columns are all given or all empty), got %q", "")
			continue
		}
		w[j] = t.number(i+j, 0, MaxWeekday, 0)
		sum += w[j]
	}
	if t.ok() && math.Abs(sum/7-1) > weekdayTolerance {
		t.fail(i, "want mon..sun averaging 1, got an average of %.4g", sum/7)
	}
	return w, true
}

func (l *loader) skus() {
	l.skuIdx = make(map[string]int32)
	seen := make(map[string]int)
	t := l.open(SKUsFile, false, skuCols)
	if t == nil {
		return
	}
	for t.next() {
		k := SKURow{ID: t.key(0), Category: t.key(1), Price: t.number(2, 0, MaxPrice, 0)}
		k.MarginPct = t.number(3, 0, math.MaxFloat64, 0)
		if k.MarginPct > 100 {
			t.fail(3, "want a percentage from 0 to 100, got %q", t.cell(3))
		}
		k.ShelfLife = t.integer(4, 0, MaxShelfLife, 0)
		k.CasePack = t.integer(5, 0, MaxCasePack, 0)
		k.ShelfCap = t.integer(6, 0, MaxShelfCap, 0)
		k.LeadDays = t.integer(7, 0, model.MaxLead, 0)
		if d, err := parseDays(t.cell(8)); err != nil {
			t.failAt(8, err)
		} else {
			k.Delivery = d
		}
		k.Core = t.integer(9, 0, MaxCoreRank, 0)
		k.Rate = t.number(10, 0, MaxSKURate, 0)
		ref(l, t, 1, k.Category, "category", CategoriesFile, l.catLine)
		if k.ID != "" && unique(t, 0, k.ID, seen) && t.ok() {
			l.skuIdx[k.ID] = int32(len(l.in.SKUs))
			l.in.SKUs = append(l.in.SKUs, k)
			line, col := t.cr.FieldPos(t.idx[6])
			l.capPos = append(l.capPos, [2]int{line, col})
		}
	}
	l.finish(t, true)
}

var dayNames = [7]string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}

// parseDays parses delivery_days: "daily" or empty (0: every day), or
// weekday names (first three letters, any case) separated by spaces,
// commas or slashes.
func parseDays(s string) (uint8, error) {
	if s == "" || strings.EqualFold(s, "daily") {
		return 0, nil
	}
	var mask uint8
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' || r == '/' }) {
		d := -1
		if len(f) >= 3 {
			d = indexOf(dayNames[:], strings.ToLower(f[:3]))
		}
		if d < 0 {
			return 0, fmt.Errorf(`want "daily" or weekdays like "Mon Wed Fri", got %q`, s)
		}
		mask |= 1 << d
	}
	return mask, nil
}

// formatDays is the inverse of parseDays.
func formatDays(mask uint8) string {
	if mask == 0 {
		return "daily"
	}
	var b strings.Builder
	for d, n := range dayNames {
		if mask&(1<<d) != 0 {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(strings.ToUpper(n[:1]) + n[1:])
		}
	}
	return b.String()
}

// ranges streams ranges.csv: rows hold indices, not strings, and
// duplicates are found afterwards by sorting, so memory is a few dozen
// bytes a row.
func (l *loader) ranges() {
	t := l.open(RangesFile, true, rangeCols)
	if t == nil {
		return
	}
	if l.bad[StoresFile] || l.bad[SKUsFile] {
		// Cannot resolve the rows; the other files' errors say why.
		t.close()
		return
	}
	profiles := make(map[model.Weekday]int32)
	var lines []int32 // per row: its line, for duplicate reports
	dispCol := t.has(3)
	for t.next() {
		g := RangeRow{Store: -1, SKU: -1, Dispersion: -1, Profile: -1}
		if s := t.key(0); s != "" {
			if i, ok := l.storeIdx[s]; ok {
				g.Store = i
			} else {
				ref(l, t, 0, s, "store", StoresFile, l.storeIdx)
			}
		}
		if s := t.key(1); s != "" {
			if i, ok := l.skuIdx[s]; ok {
				g.SKU = i
			} else {
				ref(l, t, 1, s, "sku", SKUsFile, l.skuIdx)
			}
		}
		g.Rate = t.number(2, 0, MaxCellRate, 0)
		if dispCol && t.cell(3) != "" {
			g.Dispersion = t.number(3, 0, MaxDispersion, 0)
		}
		if w, ok := t.weekday(4); ok && t.ok() {
			p, seen := profiles[w]
			if !seen {
				p = int32(len(l.in.Profiles))
				profiles[w] = p
				l.in.Profiles = append(l.in.Profiles, w)
			}
			g.Profile = p
		}
		if t.ok() {
			l.in.Ranges = append(l.in.Ranges, g)
			lines = append(lines, int32(t.line()))
		}
	}
	// Duplicates: sort row numbers by (store, sku, line).
	rows := l.in.Ranges
	perm := make([]int32, len(rows))
	for i := range perm {
		perm[i] = int32(i)
	}
	slices.SortFunc(perm, func(a, b int32) int {
		if c := cmp.Compare(rows[a].Store, rows[b].Store); c != 0 {
			return c
		}
		if c := cmp.Compare(rows[a].SKU, rows[b].SKU); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	var dups []*Error
	for j := 1; j < len(perm); j++ {
		a, b := rows[perm[j-1]], rows[perm[j]]
		if a.Store == b.Store && a.SKU == b.SKU {
			first := j - 1
			for first > 0 && rows[perm[first-1]].Store == a.Store && rows[perm[first-1]].SKU == a.SKU {
				first--
			}
			dups = append(dups, &Error{File: RangesFile, Line: int(lines[perm[j]]), Column: 1, Field: "store_id+sku_id",
				Err: fmt.Errorf("%w %q %q (first on line %d)", ErrDuplicate, l.in.Stores[b.Store].ID,
					l.in.SKUs[b.SKU].ID, lines[perm[first]])})
		}
	}
	slices.SortFunc(dups, func(a, b *Error) int { return cmp.Compare(a.Line, b.Line) })
	for _, d := range dups {
		if len(t.errs) >= maxErrors {
			break
		}
		t.errs = append(t.errs, d)
	}
	l.finish(t, false)
}
