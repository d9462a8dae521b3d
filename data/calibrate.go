package data

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shelfgap/shelfgap/model"
)

// Calibration constants.
const (
	// RunProbability is the probability below which a zero-sales run is
	// taken for a stock-out: 1%, as the brief for issue 4 sets.
	RunProbability = 0.01
	// ProfilePrior is the credibility constant of the weekday-profile
	// shrinkage, in units: at 30 units a weekday the Poisson standard error
	// of a weekday's share is 1/sqrt(30) = 18%, about the size of the
	// weekday effects themselves (M5 subset: Saturday 6.72 and Tuesday to
	// Thursday 4.8-4.9 units around a mean of 5.48, README of
	// shared/data/real), so a series that sold 7 x 30 = 210 units gets
	// half its own profile and half its category's.
	ProfilePrior = 210
	// DefaultPrice is the price given to items with no observed price, so
	// that £ figures read as units.
	DefaultPrice = 1
	// DefaultMarginPct is the gross margin of calibrated SKUs: the middle
	// of the 25-32% on lost grocery sales in parameters.md (rounded).
	DefaultMarginPct = 28.5
	// DefaultLeadDays is the order-to-delivery time of calibrated SKUs:
	// next day (parameters.md: fresh D+1, ambient D+1 to D+2).
	DefaultLeadDays = 1
	// FreshShelfLife is the shelf life, in days, of SKUs calibrated with
	// class fresh: 5, inside the fresh meat (4-8) and bagged salad (4-7)
	// ranges of parameters.md.
	FreshShelfLife = 5
	// ShelfCoverDays sizes a calibrated SKU's shelf capacity: its fastest
	// store's rate times 14 days plus three standard deviations, so that
	// the shelf does not bind in normal trading.
	ShelfCoverDays = 14
)

// MaxHoldoutDays is the longest hold-out: 13 weeks. Each series keeps its
// last HoldoutDays rows (16 bytes each) until the end of the file shows
// which days are held back, so at 91 days a history of 555,556 series
// (50 million rows of 90 days) holds 0.8 GB of them.
const MaxHoldoutDays = 91

// CalibrateOptions control Calibrate.
type CalibrateOptions struct {
	// HoldoutDays are the last days of the history held back from the fit
	// to compare with the simulated baseline, 0 to MaxHoldoutDays. Zero
	// means none.
	HoldoutDays int
	// Class is the storage class given to every category. Default
	// (zero) ambient.
	Class model.Class
	// Stores, if not nil, is the store list (rows of stores.csv); its
	// formats and DCs are derived from it. Every store in the history must
	// be listed. Nil means one store per store of the history, one format
	// and one DC.
	Stores []StoreRow
	// StoresFile names the store list in error messages.
	StoresFile string
	// Progress, if not nil, is called with the rows read so far every
	// 1<<16 rows and once at the end.
	Progress func(rows int64)
}

// obs is one day of a series waiting in the hold-out window.
type obs struct {
	day   int32
	expo  float32 // exposure share; 0 censored (out all day); -1 not ranged
	units float64
}

// wdAcc sums one weekday's used days of a series: n days, exposure e,
// units x, y1 = sum x/e, y2 = sum (x/e)^2 and ie = sum 1/e.
type wdAcc struct {
	n                int32
	e, x, y1, y2, ie float64
}

// zeroRun counts the zero-sales runs of one length and starting weekday.
type zeroRun struct {
	length int32
	start  uint8 // weekday, 0 = Monday
	count  int32
}

type series struct {
	store, item int32
	started     bool  // a sale has been seen
	last        int32 // last day read
	ring        []obs // days not yet known to precede the hold-out
	head, n     int
	acc         [7]wdAcc
	censored    int32
	runs        []zeroRun
	runStart    int32 // current zero run: first day and length
	runLen      int32
	prevUsed    int32 // last used day folded, to check runs are consecutive
	priceSum    float64
	priceN      int32
	holdUnits   float64
	holdExpo    float64
	holdDays    int32
}

type calibrator struct {
	opt       CalibrateOptions
	zeroRuns  bool
	exposure  bool
	stores    []string
	storeLine []int // line of each store's first row
	storeIdx  map[string]int32
	items     []string
	itemCat   []string
	catColumn string // the history's category column, if any
	itemLine  []int
	itemIdx   map[string]int32
	seriesIdx map[uint64]int32
	ser       []series
	key       []byte
}

// Calibrate reads the sales history r (named name in errors; see
// SalesReader for its columns) and fits it. It returns the inputs to run
// the engine on and the per-series fits; the fits' hold-out simulated
// figures are filled later by CompareHoldout. Input errors are *Error
// values.
//
// It turns the history into Inputs:
// one store x item cell per series, with its own daily rate, weekday profile
// and negative binomial dispersion, fitted on the history minus its last
// HoldoutDays days.
//
// # Which days inform the fit
//
// Every day between the history's first date and the start of the hold-out
// is, for each series, exactly one of:
//
//   - absent: the item was not ranged. A row with an empty price (when the
//     file has a price column), a date missing from the file, and every day
//     before the series' first sale are absent: not zero demand.
//   - censored: a stock-out day, left out of the fit. With stockout_hours,
//     a day with all TradingHours out is censored; with in_stock, a day
//     flagged false. With neither column, a run of consecutive zero-sales
//     days is censored when its probability under the series' fitted demand
//     is below RunProbability (see below).
//   - used: every other day. With stockout_hours, a day with h hours out
//     counts as (TradingHours-h)/TradingHours of a day of exposure.
//
// # The fit (method of moments, per series)
//
// Rate is units sold divided by the profile-weighted exposure,
// Rate = sum x / sum(w[wd] e), where x is a day's units, e its exposure and
// w the weekday profile: the Poisson maximum-likelihood estimate of a
// day's mean averaged over the week.
//
// The series' observed profile is its units per exposure day on each
// weekday, scaled to average 1. It is shrunk towards its category's profile
// (and the category's towards the all-series profile) with the credibility
// weight Z = T/(T + ProfilePrior), where T is the units sold divided by the
// variance-to-mean ratio when that exceeds 1 (the effective number of
// Poisson units): a short or sparse series takes its category's shape.
//
// The dispersion k comes from the de-seasonalised, exposure-corrected counts
// y = x/(w e), whose variance under the model is Rate/(w e) + Rate^2/k:
// 1/k = (s^2(y) - Rate * mean(1/(w e))) / Rate^2. When that is not
// positive the series is not over-dispersed and k = 0 (Poisson).
//
// Zero-sales runs (no stock-out columns): a run of L consecutive used days
// with no sales has probability prod_d (k/(k+mu_d))^k under the fitted
// negative binomial (exp(-sum mu_d) when Poisson), mu_d = Rate w[wd]. Runs
// below RunProbability are censored and the series refitted, until no new
// run is censored.
//
// # Units
//
// Rates are in the file's units. FreshRetailNet-50K publishes a scaled
// quantity in steps of 0.1 whose true unit is unknown; it is taken as
// given (a rate of 1.3 means 1.3 of the file's units a day), so rates and
// totals match the file, and the engine draws whole units around that
// mean. The dispersion k is scale-free in its Rate^2/k term; the Poisson
// term then assumes the file's unit is the selling unit, which
// model.Calibration.Fractional flags in the summary.
func Calibrate(name string, r io.Reader, opt CalibrateOptions) (*Inputs, *model.Calibration, error) {
	if opt.HoldoutDays < 0 || opt.HoldoutDays > MaxHoldoutDays {
		return nil, nil, fmt.Errorf("data: hold-out of %d days, want 0 to %d", opt.HoldoutDays, MaxHoldoutDays)
	}
	sr, err := NewSalesReader(name, r)
	if err != nil {
		return nil, nil, err
	}
	c := &calibrator{
		opt:       opt,
		exposure:  sr.Has("stockout_hours"),
		zeroRuns:  !sr.Has("stockout_hours") && !sr.Has("in_stock"),
		catColumn: sr.CategoryColumn(),
		storeIdx:  make(map[string]int32),
		itemIdx:   make(map[string]int32),
		seriesIdx: make(map[uint64]int32),
	}
	cal := &model.Calibration{Source: name}
	switch {
	case c.exposure:
		cal.Censoring = "stockout_hours"
	case c.zeroRuns:
		cal.Censoring = "zero_runs"
	default:
		cal.Censoring = "in_stock"
	}
	var row SalesRow
	first, last := int32(math.MaxInt32), int32(math.MinInt32)
	for {
		err := sr.Read(&row)
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, err
		}
		if err := c.add(sr, &row); err != nil {
			return nil, nil, err
		}
		first, last = min(first, row.Day), max(last, row.Day)
		if row.Units != math.Trunc(row.Units) {
			cal.Fractional = true
		}
		if opt.Progress != nil && sr.Rows()&(1<<16-1) == 0 {
			opt.Progress(sr.Rows())
		}
	}
	if opt.Progress != nil {
		opt.Progress(sr.Rows())
	}
	cal.Rows = sr.Rows()
	if cal.Rows == 0 {
		return nil, nil, &Error{File: name, Line: 2, Err: fmt.Errorf("%w: want rows of sales after the header, got none", ErrEmpty)}
	}
	cal.First, cal.Last = int(first), int(last)
	cal.HoldoutStart = int(last) - opt.HoldoutDays + 1
	if cal.HoldoutStart <= cal.First {
		return nil, nil, &Error{File: name, Field: "date",
			Err: fmt.Errorf("want more days of history than the %d hold-out days, got %d", opt.HoldoutDays, cal.Last-cal.First+1)}
	}
	for i := range c.ser {
		c.finish(&c.ser[i], int32(cal.HoldoutStart))
	}
	in, err := c.fit(cal)
	if err != nil {
		return nil, nil, err
	}
	return in, cal, nil
}

// add files one row under its series.
func (c *calibrator) add(sr *SalesReader, row *SalesRow) error {
	line, _ := sr.cr.FieldPos(0)
	st, ok := c.storeIdx[row.Store]
	if !ok {
		st = int32(len(c.stores))
		id := strings.Clone(row.Store)
		c.storeIdx[id] = st
		c.stores = append(c.stores, id)
		c.storeLine = append(c.storeLine, line)
	}
	it, ok := c.itemIdx[row.Item]
	if !ok {
		it = int32(len(c.items))
		id := strings.Clone(row.Item)
		c.itemIdx[id] = it
		c.items = append(c.items, id)
		c.itemCat = append(c.itemCat, strings.Clone(row.Category))
		c.itemLine = append(c.itemLine, line)
	} else if row.Category != c.itemCat[it] {
		l, col := sr.cr.FieldPos(sr.col[colCategory])
		return &Error{File: sr.name, Line: l, Column: col, Field: sr.CategoryColumn(),
			Err: fmt.Errorf("want %q for item %q as on line %d, got %q", c.itemCat[it], row.Item, c.itemLine[it], row.Category)}
	}
	k := uint64(st)<<32 | uint64(uint32(it))
	si, ok := c.seriesIdx[k]
	if !ok {
		si = int32(len(c.ser))
		c.seriesIdx[k] = si
		c.ser = append(c.ser, series{store: st, item: it, last: math.MinInt32, prevUsed: math.MinInt32})
		if c.opt.HoldoutDays > 0 {
			c.ser[si].ring = make([]obs, c.opt.HoldoutDays)
		}
	}
	s := &c.ser[si]
	if row.Day <= s.last {
		l, col := sr.cr.FieldPos(sr.col[colDate])
		if row.Day == s.last {
			return &Error{File: sr.name, Line: l, Column: col, Field: "date",
				Err: fmt.Errorf("%w: want one row per store, item and date, got %s, %s, %s again", ErrDuplicate, row.Store, row.Item, dayString(row.Day))}
		}
		return &Error{File: sr.name, Line: l, Column: col, Field: "date",
			Err: fmt.Errorf("want dates in increasing order within each store and item (sort by store_id, item_id, date), got %s after %s", dayString(row.Day), dayString(s.last))}
	}
	s.last = row.Day
	o := obs{day: row.Day, units: row.Units, expo: 1}
	switch {
	case !row.Ranged:
		o.expo = -1
	case row.StockoutHours >= 0:
		o.expo = float32((TradingHours - row.StockoutHours) / TradingHours)
	case row.InStock == 0:
		o.expo = 0
	}
	if !math.IsNaN(row.Price) {
		s.priceSum += row.Price
		s.priceN++
	}
	// Days more than HoldoutDays before this one cannot be in the hold-out
	// (the history ends on or after this day): fit them now.
	h := int32(c.opt.HoldoutDays)
	for s.n > 0 && s.ring[s.head].day <= row.Day-h {
		c.fold(s, s.ring[s.head])
		s.head = (s.head + 1) % len(s.ring)
		s.n--
	}
	if h == 0 {
		c.fold(s, o)
		return nil
	}
	s.ring[(s.head+s.n)%len(s.ring)] = o
	s.n++
	return nil
}

// finish fits the series' days before the hold-out, sums its hold-out
// days and closes its last zero run.
func (c *calibrator) finish(s *series, holdStart int32) {
	for ; s.n > 0; s.n-- {
		o := s.ring[s.head]
		s.head = (s.head + 1) % len(s.ring)
		if o.day < holdStart {
			c.fold(s, o)
			continue
		}
		if o.expo >= 0 {
			s.holdUnits += o.units
			s.holdExpo += float64(o.expo)
			s.holdDays++
		}
	}
	s.ring = nil
	s.endRun()
}

// fold adds one day before the hold-out to the series' sums.
func (c *calibrator) fold(s *series, o obs) {
	if o.expo < 0 || (!s.started && o.units == 0) {
		s.endRun() // absent: not ranged, or before the first sale
		return
	}
	s.started = true
	if o.expo == 0 {
		s.censored++
		s.endRun()
		return
	}
	wd := weekdayOf(o.day)
	e := float64(o.expo)
	a := &s.acc[wd]
	a.n++
	a.e += e
	a.x += o.units
	y := o.units / e
	a.y1 += y
	a.y2 += y * y
	a.ie += 1 / e
	if c.zeroRuns {
		if o.units == 0 {
			if s.runLen > 0 && o.day == s.prevUsed+1 {
				s.runLen++
			} else {
				s.endRun()
				s.runStart, s.runLen = o.day, 1
			}
		} else {
			s.endRun()
		}
	}
	s.prevUsed = o.day
}

func (s *series) endRun() {
	if s.runLen == 0 {
		return
	}
	wd := uint8(weekdayOf(s.runStart))
	for i := range s.runs {
		if s.runs[i].length == s.runLen && s.runs[i].start == wd {
			s.runs[i].count++
			s.runLen = 0
			return
		}
	}
	s.runs = append(s.runs, zeroRun{length: s.runLen, start: wd, count: 1})
	s.runLen = 0
}

// seriesFit is the result of fitting one series' sums.
type seriesFit struct {
	rate, k, vmr      float64
	profile, observed model.Weekday
	used              int
	exposure, units   float64
}

// fitSums fits a series' weekday sums with prior profile cat (averaging
// 1): see the Calibration comment for the estimators.
func fitSums(acc *[7]wdAcc, cat model.Weekday) seriesFit {
	var f seriesFit
	var rObs [7]float64
	var sumR, sumC float64
	for wd, a := range acc {
		f.used += int(a.n)
		f.exposure += a.e
		f.units += a.x
		if a.e > 0 {
			rObs[wd] = a.x / a.e
			sumR += rObs[wd]
			sumC += cat[wd]
		}
	}
	if f.used == 0 || f.units == 0 {
		f.profile = cat
		return f
	}
	// The observed profile; weekdays without a used day take the
	// category's shape at the series' level.
	var raw model.Weekday
	for wd, a := range acc {
		if a.e > 0 {
			raw[wd] = rObs[wd]
		} else if sumC > 0 {
			raw[wd] = cat[wd] * sumR / sumC
		}
	}
	raw = normalized(raw)
	for wd, a := range acc {
		if a.e > 0 {
			f.observed[wd] = raw[wd]
		}
	}
	// Two passes: the shrinkage weight depends on the VMR, which depends
	// on the profile.
	w := raw
	for range 2 {
		f.rate, f.k, f.vmr = moments(acc, w)
		teff := f.units
		if f.vmr > 1 {
			teff /= f.vmr
		}
		z := teff / (teff + ProfilePrior)
		for wd := range w {
			w[wd] = z*raw[wd] + (1-z)*cat[wd]
		}
		w = normalized(w)
	}
	f.rate, f.k, f.vmr = moments(acc, w)
	f.profile = w
	return f
}

// moments returns the rate, the negative binomial k (0 = Poisson) and the
// variance-to-mean ratio of the de-seasonalised counts, given profile w.
func moments(acc *[7]wdAcc, w model.Weekday) (rate, k, vmr float64) {
	var x, we, sy, syy, sie float64
	var n int
	for wd, a := range acc {
		if a.n == 0 {
			continue
		}
		x += a.x
		we += w[wd] * a.e
		if w[wd] < 1e-12 {
			continue // a weekday that never sells carries no variance
		}
		n += int(a.n)
		sy += a.y1 / w[wd]
		syy += a.y2 / (w[wd] * w[wd])
		sie += a.ie / w[wd]
	}
	if we == 0 || x == 0 {
		return 0, 0, 0
	}
	rate = x / we
	if n < 2 {
		return rate, 0, 0
	}
	fn := float64(n)
	mean := sy / fn
	v := max(0, (syy-sy*sy/fn)/(fn-1))
	vmr = v / mean
	if inv := (v - rate*sie/fn) / (rate * rate); inv > 1e-12 {
		k = 1 / inv
	}
	return rate, k, vmr
}

// censorRuns marks the zero runs improbable under f as stock-outs and
// returns the sums without them and the days censored. It refits until no
// new run is censored; the censored set only grows, so it ends.
func censorRuns(acc [7]wdAcc, runs []zeroRun, cat model.Weekday) (seriesFit, [7]wdAcc, int) {
	cut := make([]bool, len(runs))
	f := fitSums(&acc, cat)
	cur := acc
	days := 0
	for range 50 {
		changed := false
		for i, r := range runs {
			if cut[i] || runProb(f, r) >= RunProbability {
				continue
			}
			cut[i], changed = true, true
			for j := range r.length {
				a := &cur[(int(r.start)+int(j))%7]
				c := float64(r.count)
				a.n -= r.count
				a.e -= c
				a.ie -= c
			}
			days += int(r.length * r.count)
		}
		if !changed {
			break
		}
		f = fitSums(&cur, cat)
	}
	return f, cur, days
}

// runProb is the probability of a run of zero-sales days under f.
func runProb(f seriesFit, r zeroRun) float64 {
	logp := 0.0
	for j := range r.length {
		mu := f.rate * f.profile[(int(r.start)+int(j))%7]
		if f.k > 0 {
			logp += f.k * math.Log(f.k/(f.k+mu))
		} else {
			logp -= mu
		}
	}
	return math.Exp(logp)
}

// categoryOf returns the category of each item: the category column if
// given (any of CategoryColumns), the department for M5-style IDs
// (FOODS_3_586 -> FOODS_3: every item ID ends in _digits), or "all"; and
// says which, for model.Calibration.Categories.
func (c *calibrator) categoryOf() ([]string, string) {
	if len(c.itemCat) > 0 && c.itemCat[0] != "" {
		return slices.Clone(c.itemCat), "column " + c.catColumn // appended with items: same length
	}
	p := prefixes(c.items)
	if len(p) > 0 && p[0] != "all" {
		return p, "item id prefixes"
	}
	return p, "none"
}

// regionOf applies the same rule to store IDs (CA_1 -> CA), or "all".
func regionOf(stores []string) []string { return prefixes(stores) }

// prefixes returns each ID's part before a trailing "_<digits>"
// (FOODS_3_586 -> FOODS_3), or "all" for every ID if any lacks one.
func prefixes(ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		j := strings.LastIndexByte(id, '_')
		if j <= 0 || j == len(id)-1 || strings.TrimLeft(id[j+1:], "0123456789") != "" {
			for i := range out {
				out[i] = "all"
			}
			return out
		}
		out[i] = id[:j]
	}
	return out
}

// fit fits every series and builds the inputs.
func (c *calibrator) fit(cal *model.Calibration) (*Inputs, error) {
	itemCat, from := c.categoryOf()
	cal.Categories = from
	catNames := slices.Clone(itemCat)
	slices.Sort(catNames)
	catNames = slices.Compact(catNames)
	catIdx := index(catNames)

	// Category and all-series profiles: units over exposure per weekday,
	// shrunk towards the all-series profile. With zero-run censoring they
	// are computed twice: first from every used day, then from the days
	// left after censoring runs under the first profiles, so that a
	// stock-out run does not dent its category's profile.
	accs := make([][7]wdAcc, len(c.ser))
	for i := range c.ser {
		accs[i] = c.ser[i].acc
	}
	catProf, allProf := categoryProfiles(accs, c.ser, itemCat, catIdx, len(catNames))
	if c.zeroRuns {
		for i := range c.ser {
			s := &c.ser[i]
			_, accs[i], _ = censorRuns(s.acc, s.runs, catProf[catIdx[itemCat[s.item]]])
		}
		catProf, allProf = categoryProfiles(accs, c.ser, itemCat, catIdx, len(catNames))
	}
	cal.Observed = allProf

	// Series fits, sorted by store then item.
	order := make([]int, len(c.ser))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		sa, sb := &c.ser[a], &c.ser[b]
		if r := strings.Compare(c.stores[sa.store], c.stores[sb.store]); r != 0 {
			return r
		}
		return strings.Compare(c.items[sa.item], c.items[sb.item])
	})
	fitDays := cal.HoldoutStart - cal.First
	cal.Series = make([]model.Fit, len(order))
	var fitW [7]float64
	var fitT float64
	for j, i := range order {
		s := &c.ser[i]
		cat := itemCat[s.item]
		prior := catProf[catIdx[cat]]
		var f seriesFit
		censored := int(s.censored)
		if c.zeroRuns {
			var runDays int
			f, _, runDays = censorRuns(s.acc, s.runs, prior)
			censored += runDays
		} else {
			f = fitSums(&s.acc, prior)
		}
		price := math.NaN()
		if s.priceN > 0 {
			price = s.priceSum / float64(s.priceN)
		}
		cal.Series[j] = model.Fit{
			Store: c.stores[s.store], Item: c.items[s.item], Category: cat, Cell: -1,
			DaysUsed: f.used, DaysCensored: censored, DaysAbsent: fitDays - f.used - censored,
			Exposure: f.exposure, Units: f.units, Rate: f.rate, K: f.k, VMR: f.vmr,
			Profile: f.profile, Observed: f.observed, Price: price,
			HoldoutActual: s.holdUnits, HoldoutDays: int(s.holdDays), HoldoutExposure: s.holdExpo,
		}
		for wd := range fitW {
			fitW[wd] += f.units * f.profile[wd]
		}
		fitT += f.units
	}
	if fitT > 0 {
		for wd := range fitW {
			cal.Fitted[wd] = fitW[wd] / fitT
		}
		cal.Fitted = normalized(cal.Fitted)
	}
	return c.inputs(cal, catNames, catProf)
}

// categoryProfiles returns each category's profile and the all-series
// profile from the series' weekday sums accs.
func categoryProfiles(accs [][7]wdAcc, ser []series, itemCat []string, catIdx map[string]int, ncat int) ([]model.Weekday, model.Weekday) {
	var allX, allE [7]float64
	catX := make([][7]float64, ncat)
	catE := make([][7]float64, ncat)
	for i := range ser {
		ci := catIdx[itemCat[ser[i].item]]
		for wd, a := range accs[i] {
			allX[wd] += a.x
			allE[wd] += a.e
			catX[ci][wd] += a.x
			catE[ci][wd] += a.e
		}
	}
	allProf := profileOf(allX, allE, model.Flat)
	catProf := make([]model.Weekday, ncat)
	for ci := range catProf {
		raw := profileOf(catX[ci], catE[ci], allProf)
		t := 0.0
		for _, x := range catX[ci] {
			t += x
		}
		z := t / (t + ProfilePrior)
		for wd := range raw {
			catProf[ci][wd] = z*raw[wd] + (1-z)*allProf[wd]
		}
		catProf[ci] = normalized(catProf[ci])
	}
	return catProf, allProf
}

// profileOf returns units over exposure per weekday, averaging 1; weekdays
// without exposure take the prior's shape.
func profileOf(x, e [7]float64, prior model.Weekday) model.Weekday {
	var w model.Weekday
	var sumR, sumP float64
	for wd := range w {
		if e[wd] > 0 {
			w[wd] = x[wd] / e[wd]
			sumR += w[wd]
			sumP += prior[wd]
		}
	}
	if sumR == 0 {
		return prior
	}
	for wd := range w {
		if e[wd] == 0 {
			w[wd] = prior[wd] * sumR / sumP
		}
	}
	return normalized(w)
}

// inputs builds the Inputs from the fits.
func (c *calibrator) inputs(cal *model.Calibration, catNames []string, catProf []model.Weekday) (*Inputs, error) {
	in := &Inputs{}
	// Stores, formats and DCs.
	if c.opt.Stores != nil {
		in.Stores = slices.Clone(c.opt.Stores)
		listed := make(map[string]bool, len(in.Stores))
		fmts := map[string]bool{}
		dcs := map[string]bool{}
		for _, s := range in.Stores {
			listed[s.ID] = true
			if !fmts[s.Format] {
				fmts[s.Format] = true
				in.Formats = append(in.Formats, FormatRow{Name: s.Format})
			}
			if !dcs[s.DC] {
				dcs[s.DC] = true
				in.DCs = append(in.DCs, DCRow{ID: s.DC, Region: s.Region})
			}
		}
		for i, id := range c.stores {
			if !listed[id] {
				return nil, &Error{File: cal.Source, Line: c.storeLine[i], Column: 1, Field: "store_id",
					Err: fmt.Errorf("%w store: want a store listed in %s, got %q", ErrUnknownName, c.opt.StoresFile, id)}
			}
		}
	} else {
		ids := slices.Clone(c.stores)
		slices.Sort(ids)
		regs := regionOf(ids)
		in.Formats = []FormatRow{{Name: "store"}}
		in.DCs = []DCRow{{ID: "dc", Region: regs[0]}}
		for i, id := range ids {
			in.Stores = append(in.Stores, StoreRow{ID: id, Region: regs[i], Format: "store", DC: "dc"})
		}
	}
	storeIdx := make(map[string]int32, len(in.Stores))
	for i, s := range in.Stores {
		storeIdx[s.ID] = int32(i)
	}

	// Categories: dispersion is the median k of the category's series.
	ks := make([][]float64, len(catNames))
	catIdx := index(catNames)
	for _, f := range cal.Series {
		if f.DaysUsed > 0 && f.Rate > 0 {
			ks[catIdx[f.Category]] = append(ks[catIdx[f.Category]], f.K)
		}
	}
	for ci, name := range catNames {
		in.Categories = append(in.Categories, CategoryRow{Name: name, Class: c.opt.Class,
			Dispersion: roundSig(median(ks[ci]), 3), Weekday: round4(catProf[ci])})
	}

	// SKUs, sorted by ID: mean observed price, rate as the mean over stores.
	type itemSum struct {
		price, rate, maxRate, units float64
		priceN, cells               int
		cat                         string
	}
	items := map[string]*itemSum{}
	var ids []string
	for _, f := range cal.Series {
		it := items[f.Item]
		if it == nil {
			it = &itemSum{cat: f.Category}
			items[f.Item] = it
			ids = append(ids, f.Item)
		}
		if !math.IsNaN(f.Price) {
			it.price += f.Price
			it.priceN++
		}
		if f.DaysUsed > 0 && f.Rate > 0 {
			it.rate += f.Rate
			it.maxRate = max(it.maxRate, f.Rate)
			it.units += f.Units
			it.cells++
		}
	}
	slices.Sort(ids)
	// Core rank: best sellers (units per store) first.
	byUnits := slices.Clone(ids)
	slices.SortStableFunc(byUnits, func(a, b string) int {
		ua, ub := items[a], items[b]
		return cmp.Compare(ub.units/float64(max(ub.cells, 1)), ua.units/float64(max(ua.cells, 1)))
	})
	core := make(map[string]int, len(ids))
	for r, id := range byUnits {
		core[id] = r + 1
	}
	skuIdx := make(map[string]int32, len(ids))
	shelfLife := 0
	if c.opt.Class == model.Fresh {
		shelfLife = FreshShelfLife
	}
	for _, id := range ids {
		it := items[id]
		price := float64(DefaultPrice)
		if it.priceN > 0 {
			price = it.price / float64(it.priceN)
		}
		rate := 0.0
		if it.cells > 0 {
			rate = it.rate / float64(it.cells)
		}
		price = math.Round(price*100) / 100
		peak := it.maxRate * ShelfCoverDays
		skuIdx[id] = int32(len(in.SKUs))
		in.SKUs = append(in.SKUs, SKURow{ID: id, Category: it.cat, Price: price, MarginPct: DefaultMarginPct,
			ShelfLife: shelfLife, CasePack: 1, ShelfCap: max(4, int(math.Ceil(peak+3*math.Sqrt(peak)))),
			LeadDays: DefaultLeadDays, Core: core[id], Rate: roundSig(rate, 4)})
	}

	// Ranges: one row per series with a fit; weekly sales from them.
	profIdx := map[model.Weekday]int32{}
	weekly := make([]float64, len(in.Stores))
	for _, f := range cal.Series {
		if f.DaysUsed == 0 || f.Rate == 0 {
			continue
		}
		prof := round4(f.Profile)
		p, ok := profIdx[prof]
		if !ok {
			p = int32(len(in.Profiles))
			profIdx[prof] = p
			in.Profiles = append(in.Profiles, prof)
		}
		s, k := storeIdx[f.Store], skuIdx[f.Item]
		in.Ranges = append(in.Ranges, RangeRow{Store: s, SKU: k, Rate: roundSig(f.Rate, 4),
			Dispersion: roundSig(f.K, 3), Profile: p})
		weekly[s] += 7 * f.Rate * in.SKUs[k].Price
	}
	if c.opt.Stores == nil {
		for i := range in.Stores {
			in.Stores[i].WeeklySales = math.Round(weekly[i]*100) / 100
		}
	}
	if len(in.Ranges) == 0 {
		return nil, &Error{File: cal.Source, Field: "units", Err: errors.New("want some sales before the hold-out, got none")}
	}
	return in, nil
}

// LinkCells sets each fit's Cell to its index in r's cells (-1 if the
// store does not carry the item), so that hold-out figures can be read
// from per-cell results.
func LinkCells(cal *model.Calibration, e *model.Estate, r *model.Range) {
	store := make(map[string]int, len(e.Stores))
	for i, s := range e.Stores {
		store[s.ID] = i
	}
	sku := make(map[string]int32, len(r.SKUs))
	for i, k := range r.SKUs {
		sku[k.ID] = int32(i)
	}
	for i := range cal.Series {
		f := &cal.Series[i]
		f.Cell = -1
		s, ok1 := store[f.Store]
		k, ok2 := sku[f.Item]
		if !ok1 || !ok2 {
			continue
		}
		for c := r.Start[s]; c < r.Start[s+1]; c++ {
			if r.SKU[c] == k {
				f.Cell = c
				break
			}
		}
	}
}

// roundSig rounds x to n significant digits, so that the files a person
// reads carry no false precision (the fit's standard errors are far
// larger; the engine keeps rates in float32).
func roundSig(x float64, n int) float64 {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	v, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', n, 64), 64)
	return v
}

// round4 rounds a profile to 4 decimals.
func round4(w model.Weekday) model.Weekday {
	for i, v := range w {
		w[i] = math.Round(v*1e4) / 1e4
	}
	return w
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// dayString formats a Unix day as YYYY-MM-DD.
func dayString(day int32) string {
	z := int(day) + 719468
	era := z / 146097
	if z < 0 {
		era = (z - 146096) / 146097
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return fmt.Sprintf("%04d-%02d-%02d", y, m, d)
}

// unixDate returns the UTC midnight of a Unix day.
func unixDate(day int) time.Time { return time.Unix(int64(day)*86400, 0).UTC() }
