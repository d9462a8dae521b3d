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
	Lost        // units of demand lost (elsewhere, no buy, failed substitution)
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
	{"sales_gbp", "£", "Sales value"},
	{"lost_sales_gbp", "£", "Lost sales vs baseline"},
	{"lost_margin_gbp", "£", "Lost margin vs baseline"},
	{"substituted_units", "units", "Demand substituted"},
	{"deferred_units", "units", "Demand deferred"},
	{"lost_units", "units", "Demand lost"},
	{"waste_units", "units", "Waste"},
	{"waste_gbp", "£", "Waste at cost"},
	{"frozen_lines", "lines", "Frozen lines (phantom stock)"},
	{"dc_backlog_cases", "cases", "DC backlog"},
	{"traffic_pct", "%", "Store traffic vs normal"},
}

// Name is the metric's column name, with its unit as a suffix.
func (m Metric) Name() string { return metricInfo[m].name }

// Unit is the metric's unit: "%", "units", "£", "lines" or "cases".
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

// Summary is one run's whole-horizon figures for one group, each a band
// over replicates.
type Summary struct {
	Recovery        int  // days; 0 is the baseline
	MinAvailability Band // lowest daily availability, %
	DaysBelow       Band // days with availability below Scenario.Threshold
	// DaysToRecover is the days from the outage start until availability
	// is back, and stays, within 1 point of the baseline's. If it is not
	// back by the end of the horizon, it is the days from the outage start
	// to the horizon's end: a censored value, so lengthen Scenario.Days.
	DaysToRecover Band
	Sales         Band // £ over the horizon
	LostSales     Band // £ below baseline over the horizon
	LostMargin    Band // £
	WasteValue    Band // £ at cost
	Substituted   Band // units
	Lost          Band // units
	// ExtraDayCost is the lost sales (£) per extra day of recovery
	// relative to the previous run of the sweep, on common random numbers
	// (zero for the baseline and the first recovery time's difference from
	// the baseline divided by its recovery time).
	ExtraDayCost Band
}

// Summary returns the whole-horizon summary of a run for a group.
func (r *Result) Summary(run, group int) Summary {
	n := r.Replicates
	col := func(f func(rep int) float64) Band {
		xs := make([]float64, n)
		for rep := range n {
			xs[rep] = f(rep)
		}
		return NewBand(xs)
	}
	total := func(run int, m Metric) func(rep int) float64 {
		return func(rep int) float64 {
			s := 0.0
			for d := range r.Days {
				s += r.Values(run, group, m, d)[rep]
			}
			return s
		}
	}
	start := r.Scenario.Outage.StartDay
	s := Summary{Recovery: r.Recovery[run]}
	s.MinAvailability = col(func(rep int) float64 {
		m := math.Inf(1)
		for d := range r.Days {
			m = min(m, r.Values(run, group, Availability, d)[rep])
		}
		return m
	})
	s.DaysBelow = col(func(rep int) float64 {
		k := 0
		for d := range r.Days {
			if r.Values(run, group, Availability, d)[rep] < r.Scenario.Threshold {
				k++
			}
		}
		return float64(k)
	})
	s.DaysToRecover = col(func(rep int) float64 {
		if run == 0 {
			return 0
		}
		last := -1 // last day more than 1 point below baseline
		for d := start; d < r.Days; d++ {
			if r.Values(run, group, Availability, d)[rep] < r.Values(0, group, Availability, d)[rep]-1 {
				last = d
			}
		}
		if last < 0 {
			return 0
		}
		if last == r.Days-1 {
			return float64(r.Days - start)
		}
		return float64(last + 1 - start)
	})
	s.Sales = col(total(run, SalesValue))
	s.LostSales = col(total(run, LostSales))
	s.LostMargin = col(total(run, LostMargin))
	s.WasteValue = col(total(run, WasteValue))
	s.Substituted = col(total(run, Substituted))
	s.Lost = col(total(run, Lost))
	s.ExtraDayCost = col(func(rep int) float64 {
		if run == 0 {
			return 0
		}
		dd := float64(r.Recovery[run] - r.Recovery[run-1])
		cur := total(run, LostSales)(rep)
		prev := 0.0
		if run > 1 {
			prev = total(run-1, LostSales)(rep)
		}
		return (cur - prev) / dd
	})
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
