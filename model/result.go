package model

import (
	"fmt"
	"math"
	"slices"
	"time"

	"gonum.org/v1/gonum/stat"
)

// Metric is a daily measure reported for every group.
type Metric int

const (
	// Availability is on-shelf availability: the percentage of store-SKUs
	// (cells) whose shelf holds stock at opening.
	Availability Metric = iota
	// FillRate is demand-weighted availability: the percentage of demand
	// for a SKU served from that SKU's shelf.
	FillRate
	Demand      // units shoppers wanted (incl. returning delayed demand)
	Sales       // units sold (own demand served plus substitutes)
	SalesValue  // £ of sales at shelf price
	LostSales   // £ of sales below the baseline's on the same random numbers
	LostMargin  // £ of gross margin below the baseline's
	Substituted // units of demand moved to another SKU of the category
	Deferred    // units of demand delayed to a later day
	// Lost is the units of demand not met (bought elsewhere, not bought,
	// failed substitution): an absolute count, which normal trading has
	// too; Summary.Lost is its excess over the baseline's.
	Lost
	Waste       // units wasted past their shelf life
	WasteValue  // £ written off (at cost)
	FrozenLines // cells with phantom stock: book > 0, shelf empty
	Backlog     // cases ordered but not yet picked by DCs
	Traffic     // store traffic as a percentage of normal
	NumMetrics
)

var metricInfo = [NumMetrics]struct{ name, unit, title string }{
	{"availability_pct", "%", "On-shelf availability"},
	{"fill_rate_pct", "%", "Fill rate (demand-weighted availability)"},
	{"demand_units", "units", "Demand"},
	{"sales_units", "units", "Sales"},
	{"sales_gbp", "money", "Sales value"},
	{"lost_sales_gbp", "money", "Lost sales vs baseline"},
	{"lost_margin_gbp", "money", "Lost margin vs baseline"},
	{"substituted_units", "units", "Demand substituted"},
	{"deferred_units", "units", "Demand deferred"},
	{"unmet_units", "units", "Demand not met"},
	{"waste_units", "units", "Waste"},
	{"waste_gbp", "money", "Waste at cost"},
	{"frozen_lines", "lines", "Frozen lines (phantom stock)"},
	{"dc_backlog_cases", "cases", "DC backlog"},
	{"traffic_pct", "%", "Store traffic vs normal"},
}

// Name is the metric's column name, with its unit as a suffix. Money
// columns end in "_gbp"; reports replace the suffix with the scenario's
// currency code (Scenario.Report.Currency).
func (m Metric) Name() string { return metricInfo[m].name }

// Unit is the metric's unit: "%", "units", "money" (in the scenario's
// currency), "lines" or "cases".
func (m Metric) Unit() string { return metricInfo[m].unit }

// Title is a human-readable name for charts and tables.
func (m Metric) Title() string { return metricInfo[m].title }

func (m Metric) String() string {
	if m >= 0 && m < NumMetrics {
		return m.Name()
	}
	return fmt.Sprintf("Metric(%d)", int(m))
}

// GroupKind is the dimension a group belongs to.
type GroupKind uint8

const (
	EstateGroup GroupKind = iota // the whole estate (always group 0)
	RegionGroup
	FormatGroup
	CategoryGroup
	DCGroup
)

var groupKindNames = [...]string{"estate", "region", "format", "category", "dc"}

func (k GroupKind) String() string { return groupKindNames[k] }

// Group is a slice of the estate that results are reported for.
type Group struct {
	Kind GroupKind
	Name string // "all" for the estate, else the region, format, category or DC name
}

// Band summarises replicate values: the 10th, 50th and 90th percentiles
// and the mean.
type Band struct {
	P10, P50, P90, Mean float64
}

// NewBand returns the band of xs. It sorts a copy; xs is not changed.
// Quantiles use gonum's stat.Quantile with the empirical CDF.
func NewBand(xs []float64) Band {
	if len(xs) == 0 {
		return Band{math.NaN(), math.NaN(), math.NaN(), math.NaN()}
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return Band{
		P10:  stat.Quantile(0.1, stat.Empirical, s, nil),
		P50:  stat.Quantile(0.5, stat.Empirical, s, nil),
		P90:  stat.Quantile(0.9, stat.Empirical, s, nil),
		Mean: stat.Mean(s, nil),
	}
}

// Result is what Run returns: for each run of the sweep (the baseline, then
// each recovery time), each group, metric and day, one value per replicate.
type Result struct {
	Scenario Scenario // resolved scenario, as run
	Groups   []Group  // group 0 is the whole estate
	// Recovery[i] is run i's recovery time in days; Recovery[0] is 0, the
	// baseline without an outage.
	Recovery   []int
	Days       int // reported days
	Replicates int
	// Params[rep] are the uncertain parameters drawn for replicate rep.
	Params []Params
	// Cells is the number of store x SKU cells simulated (after sampling;
	// in quick mode, per replicate on average) and CellsFull the estate's
	// full count.
	Cells, CellsFull int
	// Stores is the number of stores simulated in each replicate (quick
	// mode: a sample, at their full range) and StoresFull the estate's.
	Stores, StoresFull int
	// CellDays counts the store x SKU x day steps simulated (the work done,
	// after sharing prefixes).
	CellDays int64
	// SampleSE is, in quick mode, the standard error that sampling adds to
	// each run's mean lost sales over the replicates (£), from random
	// groups; nil otherwise. SampleSERep is one replicate's (the root mean
	// square over replicates): each replicate simulates its own sample of
	// stores, so this much of the replicates' spread is sampling.
	SampleSE, SampleSERep []float64
	// CellSales, with Options.CellSales, is each cell's baseline units
	// sold over the reported days, mean over replicates, indexed like the
	// Range's cells (NaN for cells quick mode did not sample).
	CellSales []float64
	Elapsed   time.Duration

	// values[((run*len(Groups)+g)*NumMetrics+m)*Days+day)*Replicates+rep]
	values []float64
}

// Params are the uncertain parameters as drawn for one replicate.
type Params struct {
	LostShare      float64 `json:"lost_share"`
	SalesPosted    float64 `json:"sales_posted"`
	ReceiptsPosted float64 `json:"receipts_posted"`
	Surge          float64 `json:"surge"`
	SupplierFill   float64 `json:"supplier_fill"`
	DCCapacity     float64 `json:"dc_capacity"`
	Churn          float64 `json:"churn"`
	DSDShare       float64 `json:"dsd_share"`
	GapScans       float64 `json:"gap_scans"`
	AllocError     float64 `json:"alloc_error"`
	Basket         float64 `json:"basket"`
}

// NewResult allocates a zeroed Result. Run uses it; tests of packages
// that read Results can use it with Set to build one by hand.
func NewResult(sc Scenario, groups []Group, recovery []int, days, replicates int) *Result {
	return &Result{
		Scenario:   sc,
		Groups:     groups,
		Recovery:   recovery,
		Days:       days,
		Replicates: replicates,
		Params:     make([]Params, replicates),
		values:     make([]float64, len(recovery)*len(groups)*int(NumMetrics)*days*replicates),
	}
}

func (r *Result) index(run, group int, m Metric, day int) int {
	if run < 0 || run >= len(r.Recovery) || group < 0 || group >= len(r.Groups) ||
		m < 0 || m >= NumMetrics || day < 0 || day >= r.Days {
		panic(fmt.Sprintf("model: Result index (run %d, group %d, metric %d, day %d) out of range", run, group, m, day))
	}
	return (((run*len(r.Groups)+group)*int(NumMetrics)+int(m))*r.Days + day) * r.Replicates
}

// Values returns the replicate values of metric m for a run, group and day.
// The slice aliases the Result; do not modify it.
func (r *Result) Values(run, group int, m Metric, day int) []float64 {
	i := r.index(run, group, m, day)
	return r.values[i : i+r.Replicates : i+r.Replicates]
}

// Set sets one replicate value.
func (r *Result) Set(run, group int, m Metric, day, rep int, v float64) {
	r.values[r.index(run, group, m, day)+rep] = v
}

// Band returns the band over replicates of metric m for a run, group and day.
func (r *Result) Band(run, group int, m Metric, day int) Band {
	return NewBand(r.Values(run, group, m, day))
}

// Date returns the calendar date of a reported day.
func (r *Result) Date(day int) time.Time { return r.Scenario.StartDate.AddDate(0, 0, day) }

// ParamNames are the names of Params' fields, in order: their JSON keys
// and the columns of the per-replicate outputs.
var ParamNames = [...]string{"lost_share", "sales_posted", "receipts_posted", "surge", "supplier_fill", "dc_capacity", "churn", "dsd_share", "gap_scans", "alloc_error", "basket"}

// Values returns p's fields in the order of ParamNames.
func (p Params) Values() [len(ParamNames)]float64 {
	return [...]float64{p.LostShare, p.SalesPosted, p.ReceiptsPosted, p.Surge, p.SupplierFill, p.DCCapacity, p.Churn, p.DSDShare, p.GapScans, p.AllocError, p.Basket}
}

// Summary is one run's whole-horizon figures for one group, each a band
// over replicates. A figure that is not defined for a run (what the
// baseline lost against itself) is a band of NaN.
type Summary struct {
	Recovery        int  // days; 0 is the baseline
	MinAvailability Band // lowest daily availability, %
	DaysBelow       Band // days with availability below Scenario.Threshold
	// DaysToRecover is the days from the outage start until availability
	// is back, and stays, within 1 point of the baseline's. A replicate
	// not back by the end of the horizon is censored: it counts as
	// recovering after every measured one, so a percentile that falls on
	// a censored replicate, and the mean if any is censored, are NaN
	// (lengthen Scenario.Days). NaN for the baseline.
	DaysToRecover Band
	// Censored is the number of replicates that had not recovered by the
	// end of the horizon.
	Censored   int
	Sales      Band // over the horizon, in the scenario's currency
	LostSales  Band // below baseline over the horizon; NaN for the baseline
	LostMargin Band // below baseline; NaN for the baseline
	WasteValue Band // at cost
	// ExtraWaste is the waste at cost beyond the baseline's over the
	// horizon, replicate by replicate (common random numbers): what the
	// outage and its fallback add to (or, when less is delivered, take from)
	// normal waste. NaN for the baseline.
	ExtraWaste  Band
	Substituted Band // units
	// Lost is the units of demand not met beyond the baseline's (the
	// excess of the Lost metric over the baseline's, replicate by
	// replicate); NaN for the baseline.
	Lost Band
	// ExtraDayCost is the lost sales per extra day of recovery relative
	// to the previous run of the sweep, on common random numbers (the
	// first recovery time's lost sales divided by its recovery time); NaN
	// for the baseline.
	ExtraDayCost Band
}

// Totals are one replicate's whole-horizon figures for one run and group:
// what Summary bands over the replicates. Fields are as in Summary; a
// censored DaysToRecover is NaN with Censored set.
type Totals struct {
	MinAvailability, DaysBelow, DaysToRecover float64
	Censored                                  bool
	Sales, LostSales, LostMargin, WasteValue  float64
	ExtraWaste                                float64
	Substituted, Lost, ExtraDayCost           float64
}

// total is the sum over the horizon of metric m for one replicate.
func (r *Result) total(run, group int, m Metric, rep int) float64 {
	s := 0.0
	for d := range r.Days {
		s += r.Values(run, group, m, d)[rep]
	}
	return s
}

// Totals returns replicate rep's whole-horizon figures of a run for a
// group.
func (r *Result) Totals(run, group, rep int) Totals {
	nan := math.NaN()
	t := Totals{MinAvailability: math.Inf(1)}
	for d := range r.Days {
		a := r.Values(run, group, Availability, d)[rep]
		t.MinAvailability = min(t.MinAvailability, a)
		if a < r.Scenario.Threshold {
			t.DaysBelow++
		}
	}
	t.Sales = r.total(run, group, SalesValue, rep)
	t.WasteValue = r.total(run, group, WasteValue, rep)
	t.Substituted = r.total(run, group, Substituted, rep)
	if run == 0 {
		t.DaysToRecover, t.LostSales, t.LostMargin, t.Lost, t.ExtraDayCost, t.ExtraWaste = nan, nan, nan, nan, nan, nan
		return t
	}
	start := r.Scenario.Outage.StartDay
	last := -1 // last day more than 1 point below baseline
	for d := start; d < r.Days; d++ {
		if r.Values(run, group, Availability, d)[rep] < r.Values(0, group, Availability, d)[rep]-1 {
			last = d
		}
	}
	switch {
	case last < 0:
		t.DaysToRecover = 0
	case last == r.Days-1:
		t.DaysToRecover, t.Censored = nan, true
	default:
		t.DaysToRecover = float64(last + 1 - start)
	}
	t.LostSales = r.total(run, group, LostSales, rep)
	t.LostMargin = r.total(run, group, LostMargin, rep)
	t.Lost = r.total(run, group, Lost, rep) - r.total(0, group, Lost, rep)
	t.ExtraWaste = t.WasteValue - r.total(0, group, WasteValue, rep)
	dd := float64(r.Recovery[run] - r.Recovery[run-1])
	prev := 0.0
	if run > 1 {
		prev = r.total(run-1, group, LostSales, rep)
	}
	t.ExtraDayCost = (t.LostSales - prev) / dd
	return t
}

// censoredBand is NewBand of xs where a NaN is a value above every other
// (right-censored): a percentile that falls on one is NaN, and so is the
// mean if there is one.
func censoredBand(xs []float64) Band {
	s := make([]float64, len(xs))
	for i, x := range xs {
		if math.IsNaN(x) {
			x = math.Inf(1)
		}
		s[i] = x
	}
	b := NewBand(s)
	for _, v := range []*float64{&b.P10, &b.P50, &b.P90, &b.Mean} {
		if math.IsInf(*v, 1) {
			*v = math.NaN()
		}
	}
	return b
}

// Summary returns the whole-horizon summary of a run for a group.
func (r *Result) Summary(run, group int) Summary {
	ts := make([]Totals, r.Replicates)
	for rep := range ts {
		ts[rep] = r.Totals(run, group, rep)
	}
	col := func(f func(t *Totals) float64) Band {
		xs := make([]float64, len(ts))
		for i := range ts {
			xs[i] = f(&ts[i])
		}
		return NewBand(xs)
	}
	s := Summary{Recovery: r.Recovery[run]}
	s.MinAvailability = col(func(t *Totals) float64 { return t.MinAvailability })
	s.DaysBelow = col(func(t *Totals) float64 { return t.DaysBelow })
	dtr := make([]float64, len(ts))
	for i, t := range ts {
		dtr[i] = t.DaysToRecover
		if t.Censored {
			s.Censored++
		}
	}
	if run == 0 {
		s.DaysToRecover = col(func(t *Totals) float64 { return t.DaysToRecover })
	} else {
		s.DaysToRecover = censoredBand(dtr)
	}
	s.Sales = col(func(t *Totals) float64 { return t.Sales })
	s.LostSales = col(func(t *Totals) float64 { return t.LostSales })
	s.LostMargin = col(func(t *Totals) float64 { return t.LostMargin })
	s.WasteValue = col(func(t *Totals) float64 { return t.WasteValue })
	s.ExtraWaste = col(func(t *Totals) float64 { return t.ExtraWaste })
	s.Substituted = col(func(t *Totals) float64 { return t.Substituted })
	s.Lost = col(func(t *Totals) float64 { return t.Lost })
	s.ExtraDayCost = col(func(t *Totals) float64 { return t.ExtraDayCost })
	return s
}

// Group returns the index of the group of the given kind and name, or -1.
func (r *Result) Group(kind GroupKind, name string) int {
	for i, g := range r.Groups {
		if g.Kind == kind && g.Name == name {
			return i
		}
	}
	return -1
}

// NumSums is the number of raw sums per run, day and group (see Sums).
const NumSums = nRaw

// sumNames name the raw sums, in order (see the r* constants in step.go).
var sumNames = [NumSums]string{
	"cells", "available", "demand", "own_sold", "sold", "sales_pence", "margin_pence",
	"substituted", "deferred", "lost", "waste", "waste_pence", "frozen", "unfilled_cases",
	"traffic", "sales_pence_g0", "sales_pence_g1", "sales_pence_g2", "sales_pence_g3",
}

// SumName returns the name of raw sum k: "cells", "available", "demand", ...
func SumName(k int) string { return sumNames[k] }

// Sums are one replicate's raw sums, the integers a Result's values are
// computed from: for each run of the sweep, reported day and group,
// NumSums counts in fixed-point units (units, cells, pence, traffic x 1e4,
// each x the cell weights' scale), at
// s[((run*Days+day)*len(Groups)+group)*NumSums+k]. They are sums over
// store x SKU cells, so the sums of parts that split the estate add up to
// the whole's; ratios such as availability are formed only from the added
// numerator and denominator.
type Sums []int64

// Assemble returns the Result of the sweep sc over groups from each
// replicate's raw sums, exactly as Run computes it: sums(rep) returns
// replicate rep's sums (as RunSums emitted them, or their sum over parts
// that split the estate), and c the counts over all parts.
func Assemble(sc Scenario, groups []Group, c Counts, sums func(rep int) (Sums, error)) (*Result, error) {
	if err := sc.Validate(); err != nil {
		return nil, err
	}
	res := NewResult(sc, groups, append([]int{0}, sc.Recovery...), sc.Days, sc.Replicates)
	want := len(res.Recovery) * sc.Days * len(groups) * NumSums
	se := make([]float64, len(res.Recovery))
	for rep := range sc.Replicates {
		s, err := sums(rep)
		if err != nil {
			return nil, err
		}
		if len(s) != want {
			return nil, fmt.Errorf("model: replicate %d has %d sums, want %d", rep, len(s), want)
		}
		res.addReplicate(rep, s, se)
	}
	res.finish(c, se)
	return res, nil
}

// addReplicate sets replicate rep's values and parameters from its raw
// sums s, and adds its squared sampling error to se (per run).
func (res *Result) addReplicate(rep int, s Sums, se []float64) {
	days, ng := res.Days, len(res.Groups)
	t := &res.Scenario
	res.Params[rep] = drawParams(t, rep)
	vals := make([]float64, NumMetrics)
	baseSales := make([]float64, days*ng)
	baseMargin := make([]float64, days*ng)
	runs := len(res.Recovery)
	sums := make([]float64, 4*runs) // each run's estate sales by random group (pence)
	for run := range runs {
		for day := range days {
			for g := range ng {
				raw := s[((run*days+day)*ng+g)*NumSums:][:NumSums]
				metrics(vals, raw)
				if run == 0 {
					baseSales[day*ng+g] = vals[SalesValue]
					baseMargin[day*ng+g] = float64(raw[rMargin]) / wScale / 100
				}
				vals[LostSales] = baseSales[day*ng+g] - vals[SalesValue]
				vals[LostMargin] = baseMargin[day*ng+g] - float64(raw[rMargin])/wScale/100
				for m, v := range vals {
					res.Set(run, g, Metric(m), day, rep, v)
				}
				if g == 0 {
					for gi := range 4 {
						sums[4*run+gi] += float64(raw[rSalesG0+gi]) / wScale / 100
					}
				}
			}
		}
	}
	for run := range runs {
		v := groupSE(sums[4*run:4*run+4], sums[0:4])
		se[run] += v * v
	}
}

// finish records the counts and, in quick mode, the sampling error from
// se, the per-run sums of addReplicate. The replicates' samples are draws
// of one design (interleaved, sample.go), so the error of the mean over R
// replicates is the root of their summed variances over R, and one
// replicate's the root of their mean.
func (res *Result) finish(c Counts, se []float64) {
	res.Cells, res.CellsFull, res.CellDays = c.Cells, c.CellsFull, c.CellDays
	res.Stores, res.StoresFull = c.Stores, c.StoresFull
	if sc := &res.Scenario; sc.Sample > 0 && sc.Sample < 1 {
		R := float64(sc.Replicates)
		res.Cells = c.Cells / sc.Replicates // Counts.Cells: over every replicate's sample
		res.SampleSE = make([]float64, len(se))
		res.SampleSERep = make([]float64, len(se))
		for run, v := range se {
			res.SampleSE[run] = math.Sqrt(v) / R
			res.SampleSERep[run] = math.Sqrt(v / R)
		}
	}
}
