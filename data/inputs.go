package data

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/shelfgap/shelfgap/model"
)

// Inputs holds the validated input tables, one slice of rows per file, as
// the retailer has them: IDs are strings, units are the files' units. The
// rows mirror the CSV files column for column (see doc.go), so that
// WriteInputs and Load round-trip them exactly.
//
// Default, Small, Load and the calibrator all create an Inputs and call
// Build; nothing else builds model values.
type Inputs struct {
	Formats    []FormatRow   // formats.csv
	DCs        []DCRow       // dcs.csv
	Stores     []StoreRow    // stores.csv
	Categories []CategoryRow // categories.csv
	SKUs       []SKURow      // skus.csv
	// Ranges is ranges.csv (optional): per-store assortments. A store with
	// at least one row carries exactly its rows' SKUs; other stores get
	// their format's rule (FormatRow.Lines).
	Ranges []RangeRow
	// Profiles are the weekday profiles that RangeRow.Profile indexes
	// (ranges.csv's mon..sun columns, deduplicated).
	Profiles []model.Weekday
	// Files lists the files read by Load, in reading order (empty for a
	// built-in estate).
	Files []FileSum
}

// FileSum identifies an input file for run.json.
type FileSum struct {
	Name   string // base name, e.g. "stores.csv"
	SHA256 string // hex SHA-256 of the file's bytes
	Rows   int    // data rows (excluding the header)
}

// FormatRow is a row of formats.csv.
type FormatRow struct {
	Name string // format: the store format's name
	// ShelfScale (shelf_scale) multiplies SKURow.ShelfCap for stores of
	// this format. Optional; 0 or empty means 1.
	ShelfScale float64
	// Lines (lines) is how many SKUs a store of this format carries when
	// ranges.csv does not list it: the Lines SKUs with the lowest Core,
	// ties broken by higher Rate, then file order. 0 or empty means all.
	Lines int
}

// DCRow is a row of dcs.csv.
type DCRow struct {
	ID     string // dc_id
	Region string // region
	// PickCapacity (pick_capacity_cases_per_day) is the cases a day the DC
	// picks in normal trading; 0 means unlimited.
	PickCapacity float64
	// StockDays (stock_days) is the DC's stock of each SKU in days of its
	// average demand; 0 means unlimited supply.
	StockDays float64
}

// StoreRow is a row of stores.csv.
type StoreRow struct {
	ID          string  // store_id
	Region      string  // region
	Format      string  // format: a FormatRow.Name
	DC          string  // dc_id: a DCRow.ID
	WeeklySales float64 // weekly_sales_gbp: £ a week in normal trading
	Priority    bool    // priority (optional): a lifeline store
}

// CategoryRow is a row of categories.csv.
type CategoryRow struct {
	Name  string      // category
	Class model.Class // class: ambient, fresh or frozen
	// Dispersion (dispersion) is the negative binomial shape k of daily
	// demand; 0 means Poisson.
	Dispersion float64
	// Response (elsewhere, no_buy, delay, same_brand, other_brand;
	// optional) is the category's shopper response. The zero value (all
	// columns empty) means the scenario's Shoppers.Response.
	Response model.Response
	// Weekday (mon..sun; optional) is the category's demand profile,
	// averaging 1. The zero value (all columns empty) means flat.
	Weekday model.Weekday
	// DSD (dsd_share; optional) is the share of the category's supply
	// that suppliers deliver straight to stores and order themselves
	// (model.Category.DSD). Empty means 0: all through the DC.
	DSD float64
}

// SKURow is a row of skus.csv.
type SKURow struct {
	ID        string  // sku_id
	Category  string  // category: a CategoryRow.Name
	Price     float64 // price_gbp: £ a unit
	MarginPct float64 // margin_pct: gross margin, percent of price (0-100)
	ShelfLife int     // shelf_life_days: 0 means not perishable
	CasePack  int     // case_pack: units a case; 0 means 1
	ShelfCap  int     // shelf_capacity_units: in a convenience store
	LeadDays  int     // lead_days: 0 = ordered D, on shelf D+1 (see model.SKU)
	// Delivery (delivery_days) is the weekdays deliveries can arrive,
	// bit 0 = Monday; 0 means every day ("daily" in the file).
	Delivery uint8
	Core     int // core_rank: lower ranks are ordered first in a core range
	// Rate (rate_units_per_day) is the mean units a day sold in a store
	// whose weekly sales equal ReferenceWeeklySales.
	Rate float64
}

// RangeRow is a row of ranges.csv: one store x SKU cell. Store and SKU are
// indices, not IDs, so that millions of rows need no strings.
type RangeRow struct {
	Store int32   // index into Inputs.Stores (store_id)
	SKU   int32   // index into Inputs.SKUs (sku_id)
	Rate  float64 // rate_units_per_day: mean units a day in this store
	// Dispersion (dispersion; optional) is this cell's negative binomial
	// shape k (0 = Poisson). Negative (column empty) means the category's.
	Dispersion float64
	// Profile (mon..sun; optional) indexes Inputs.Profiles. Negative
	// (columns empty) means the category's weekday profile.
	Profile int32
}

// ReferenceWeeklySales is the weekly sales, in £, of the store in which
// SKURow.Rate applies. Stores not listed in ranges.csv sell each of their
// lines at Rate x WeeklySales / ReferenceWeeklySales. £60,000 is about a
// Co-op convenience store's average (£7.4bn food revenue / ~2,300 stores /
// 52 weeks = £61,900) [ref: parameters.md], rounded.
const ReferenceWeeklySales = 60000

// Build turns the tables into the dense model values. Regions are the
// distinct region names of dcs.csv and stores.csv, sorted; formats, DCs,
// stores, categories and SKUs keep their table order. Each store's cells are
// sorted by category and then by SKU index. Build checks references and
// values (without file positions: Load reports those first) and returns
// the values only if model's Validate accepts them.
func (in *Inputs) Build() (*model.Estate, *model.Range, error) {
	e, err := in.buildEstate()
	if err != nil {
		return nil, nil, err
	}
	r, err := in.buildRange()
	if err != nil {
		return nil, nil, err
	}
	if err := e.Validate(); err != nil {
		return nil, nil, err
	}
	if err := r.Validate(e); err != nil {
		return nil, nil, err
	}
	return e, r, nil
}

func finiteNonNeg(v float64) bool { return v >= 0 && !math.IsInf(v, 0) }

func (in *Inputs) buildEstate() (*model.Estate, error) {
	e := &model.Estate{}
	regionSet := make(map[string]bool)
	for _, d := range in.DCs {
		regionSet[d.Region] = true
	}
	for _, s := range in.Stores {
		regionSet[s.Region] = true
	}
	for name := range regionSet {
		e.Regions = append(e.Regions, name)
	}
	sort.Strings(e.Regions)
	region := index(e.Regions)

	fmtIdx := make(map[string]int, len(in.Formats))
	e.Formats = make([]model.Format, len(in.Formats))
	for i, f := range in.Formats {
		if _, dup := fmtIdx[f.Name]; dup {
			return nil, fmt.Errorf("data: format %q listed twice", f.Name)
		}
		if !finiteNonNeg(f.ShelfScale) || f.Lines < 0 {
			return nil, fmt.Errorf("data: format %q: negative or non-finite shelf_scale or lines", f.Name)
		}
		fmtIdx[f.Name] = i
		e.Formats[i] = model.Format{Name: f.Name, ShelfScale: f.ShelfScale}
	}
	dcIdx := make(map[string]int, len(in.DCs))
	e.DCs = make([]model.DC, len(in.DCs))
	for i, d := range in.DCs {
		if _, dup := dcIdx[d.ID]; dup {
			return nil, fmt.Errorf("data: dc %q listed twice", d.ID)
		}
		dcIdx[d.ID] = i
		e.DCs[i] = model.DC{ID: d.ID, Region: region[d.Region], PickCapacity: d.PickCapacity, StockDays: d.StockDays}
	}
	storeIdx := make(map[string]bool, len(in.Stores))
	e.Stores = make([]model.Store, len(in.Stores))
	for i, s := range in.Stores {
		if storeIdx[s.ID] {
			return nil, fmt.Errorf("data: store %q listed twice", s.ID)
		}
		storeIdx[s.ID] = true
		f, ok := fmtIdx[s.Format]
		if !ok {
			return nil, fmt.Errorf("data: store %q: unknown format %q", s.ID, s.Format)
		}
		d, ok := dcIdx[s.DC]
		if !ok {
			return nil, fmt.Errorf("data: store %q: unknown dc %q", s.ID, s.DC)
		}
		if !finiteNonNeg(s.WeeklySales) {
			return nil, fmt.Errorf("data: store %q: weekly sales must be a finite number >= 0", s.ID)
		}
		e.Stores[i] = model.Store{ID: s.ID, Region: region[s.Region], Format: f, DC: d,
			WeeklySales: s.WeeklySales, Priority: s.Priority}
	}
	return e, nil
}

func index(names []string) map[string]int {
	m := make(map[string]int, len(names))
	for i, n := range names {
		m[n] = i
	}
	return m
}

// normalized returns w scaled to average exactly 1; the zero profile stays
// zero (meaning flat).
func normalized(w model.Weekday) model.Weekday {
	var sum float64
	for _, v := range w {
		sum += v
	}
	if sum == 0 {
		return w
	}
	for i := range w {
		w[i] *= 7 / sum
	}
	return w
}

func (in *Inputs) buildRange() (*model.Range, error) {
	r := &model.Range{}
	catIdx := make(map[string]int, len(in.Categories))
	r.Categories = make([]model.Category, len(in.Categories))
	for i, c := range in.Categories {
		if _, dup := catIdx[c.Name]; dup {
			return nil, fmt.Errorf("data: category %q listed twice", c.Name)
		}
		catIdx[c.Name] = i
		r.Categories[i] = model.Category{Name: c.Name, Class: c.Class, Response: c.Response,
			Dispersion: c.Dispersion, Weekday: normalized(c.Weekday), DSD: c.DSD}
	}
	skuSeen := make(map[string]bool, len(in.SKUs))
	r.SKUs = make([]model.SKU, len(in.SKUs))
	for i, k := range in.SKUs {
		if skuSeen[k.ID] {
			return nil, fmt.Errorf("data: sku %q listed twice", k.ID)
		}
		skuSeen[k.ID] = true
		c, ok := catIdx[k.Category]
		if !ok {
			return nil, fmt.Errorf("data: sku %q: unknown category %q", k.ID, k.Category)
		}
		if !finiteNonNeg(k.Rate) {
			return nil, fmt.Errorf("data: sku %q: rate must be a finite number >= 0", k.ID)
		}
		r.SKUs[i] = model.SKU{ID: k.ID, Category: c, Price: k.Price, Margin: k.MarginPct / 100,
			ShelfLife: k.ShelfLife, CasePack: k.CasePack, ShelfCap: k.ShelfCap, LeadDays: k.LeadDays,
			Delivery: k.Delivery, Core: k.Core}
	}
	ns, nk := len(in.Stores), len(in.SKUs)
	// cellLess orders cells within a store: category, then SKU index.
	cellLess := func(a, b int32) int {
		if c := cmp.Compare(r.SKUs[a].Category, r.SKUs[b].Category); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	}

	// Explicit ranges: counting sort of the rows by store (stable, so
	// duplicates are found in file order).
	perStore := make([]int, ns+1)
	var hasDisp, hasProf bool
	for i := range in.Ranges {
		g := &in.Ranges[i]
		if g.Store < 0 || int(g.Store) >= ns || g.SKU < 0 || int(g.SKU) >= nk {
			return nil, fmt.Errorf("data: range row %d: store or sku index out of range", i)
		}
		if !finiteNonNeg(g.Rate) || math.IsNaN(g.Dispersion) || math.IsInf(g.Dispersion, 0) {
			return nil, fmt.Errorf("data: range row %d: rate must be a finite number >= 0", i)
		}
		if g.Profile >= 0 && int(g.Profile) >= len(in.Profiles) {
			return nil, fmt.Errorf("data: range row %d: profile %d out of range", i, g.Profile)
		}
		hasDisp = hasDisp || g.Dispersion >= 0
		hasProf = hasProf || g.Profile >= 0
		perStore[g.Store+1]++
	}
	for s := 0; s < ns; s++ {
		perStore[s+1] += perStore[s]
	}
	order := make([]int32, len(in.Ranges)) // row indices grouped by store
	next := slices.Clone(perStore[:ns])
	for i := range in.Ranges {
		s := in.Ranges[i].Store
		order[next[s]] = int32(i)
		next[s]++
	}

	// Format rule: each format's line list, sorted for the cells.
	formatLines := make([][]int32, len(in.Formats))
	fmtIdx := make(map[string]int, len(in.Formats))
	for i, f := range in.Formats {
		fmtIdx[f.Name] = i
		pick := make([]int32, nk)
		for k := range pick {
			pick[k] = int32(k)
		}
		slices.SortStableFunc(pick, func(a, b int32) int {
			ka, kb := &in.SKUs[a], &in.SKUs[b]
			if c := cmp.Compare(ka.Core, kb.Core); c != 0 {
				return c
			}
			return cmp.Compare(kb.Rate, ka.Rate)
		})
		if f.Lines > 0 && f.Lines < nk {
			pick = pick[:f.Lines]
		}
		slices.SortFunc(pick, cellLess)
		formatLines[i] = pick
	}

	// Sizes, then fill.
	r.Start = make([]int, ns+1)
	for s := 0; s < ns; s++ {
		n := perStore[s+1] - perStore[s]
		if n == 0 {
			n = len(formatLines[fmtIdx[in.Stores[s].Format]])
		}
		r.Start[s+1] = r.Start[s] + n
	}
	total := r.Start[ns]
	r.SKU = make([]int32, total)
	r.Rate = make([]float32, total)
	nc := int32(len(in.Categories))
	if hasDisp {
		r.Dispersion = make([]float32, total)
	}
	if hasProf {
		r.Profile = make([]int32, total)
		r.Profiles = make([]model.Weekday, 0, len(in.Categories)+len(in.Profiles))
		for _, c := range r.Categories {
			w := c.Weekday
			if w == (model.Weekday{}) {
				w = model.Flat
			}
			r.Profiles = append(r.Profiles, w)
		}
		for _, w := range in.Profiles {
			r.Profiles = append(r.Profiles, normalized(w))
		}
	}
	// fillDefaults sets the optional per-cell columns of cells lo:hi to
	// their category's values.
	fillDefaults := func(lo, hi int) {
		for c := lo; c < hi; c++ {
			cat := r.SKUs[r.SKU[c]].Category
			if hasDisp {
				r.Dispersion[c] = float32(r.Categories[cat].Dispersion)
			}
			if hasProf {
				r.Profile[c] = int32(cat)
			}
		}
	}
	var rows []int32 // scratch: one store's row indices
	for s := 0; s < ns; s++ {
		lo, hi := r.Start[s], r.Start[s+1]
		if perStore[s+1] > perStore[s] {
			rows = append(rows[:0], order[perStore[s]:perStore[s+1]]...)
			slices.SortStableFunc(rows, func(a, b int32) int {
				return cellLess(in.Ranges[a].SKU, in.Ranges[b].SKU)
			})
			for j, i := range rows {
				g := &in.Ranges[i]
				c := lo + j
				if j > 0 && in.Ranges[rows[j-1]].SKU == g.SKU {
					return nil, fmt.Errorf("data: store %q carries sku %q twice in ranges", in.Stores[s].ID, in.SKUs[g.SKU].ID)
				}
				r.SKU[c] = g.SKU
				r.Rate[c] = float32(g.Rate)
				if hasDisp {
					if g.Dispersion >= 0 {
						r.Dispersion[c] = float32(g.Dispersion)
					} else {
						r.Dispersion[c] = float32(r.Categories[r.SKUs[g.SKU].Category].Dispersion)
					}
				}
				if hasProf {
					if g.Profile >= 0 {
						r.Profile[c] = nc + g.Profile
					} else {
						r.Profile[c] = int32(r.SKUs[g.SKU].Category)
					}
				}
			}
			continue
		}
		lines := formatLines[fmtIdx[in.Stores[s].Format]]
		scale := in.Stores[s].WeeklySales / ReferenceWeeklySales
		copy(r.SKU[lo:hi], lines)
		rate := r.Rate[lo:hi]
		for j, k := range lines {
			rate[j] = float32(in.SKUs[k].Rate * scale)
		}
		if hasDisp || hasProf {
			fillDefaults(lo, hi)
		}
	}
	return r, nil
}
