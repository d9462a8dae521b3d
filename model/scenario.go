package model

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// Scenario is the what-if: when the replenishment system goes down, what it
// takes down, how stores order without it, how it comes back, how shoppers
// respond, and which recovery times to compare. DefaultScenario returns a
// fully populated value; every field documents its unit, default and source.
//
// Sources cited as [ref] are in docs/sources.md (the project's sourced
// facts); figures marked "estimate" are the sheet's
// own estimates or ours, exposed here so that a user can change them.
//
// The struct tags name the keys of the scenario YAML file and of run.json.
type Scenario struct {
	Name string `yaml:"name" json:"name"`
	// StartDate is the calendar date of day 0, the first reported day.
	// Default 2025-04-23, one week before the Co-op outage (day 0 of [ref]'s
	// timeline is Wed 30 Apr 2025).
	StartDate time.Time `yaml:"start_date" json:"start_date"`
	// WarmupDays are simulated before day 0 and not reported, so that stock
	// and records reach their normal-trading steady state. Default 112 (16
	// weeks): records start exact, and drift to their steady state only
	// once the rolling count has gone round every line, a store's lines
	// over Records.CountsPerDay (2,800 / 30 = 93 days on the default
	// estate); then traffic settles with Shoppers.ReturnDays (21). With a
	// shorter warm-up the baseline drifts through the report (with 21
	// days, traffic 99.0% to 98.4% and availability 98.3% to 97.9% over 91
	// days on the default estate). An estate with more lines per store
	// needs lines / counts_per_day + 21 days.
	WarmupDays int `yaml:"warmup_days" json:"warmup_days"`
	// Days is the reported horizon in days. Default 91 (13 weeks): the
	// longest default recovery (28 days) plus the weeks of recovering
	// customer behaviour [ref: Co-op "tail"].
	Days int `yaml:"days" json:"days"`
	// Seed selects the random numbers. Same inputs and seed, same output.
	Seed uint64 `yaml:"seed" json:"seed"`
	// Replicates is the number of Monte Carlo replicates. Default 20.
	Replicates int `yaml:"replicates" json:"replicates"`
	// Recovery lists the recovery times to compare, in days from the start
	// of the outage until automatic ordering resumes. The baseline (no
	// outage) is always run. Default 3, 7, 14, 21, 28 (Co-op took 14 [ref]).
	Recovery []int `yaml:"recovery" json:"recovery"`
	// Threshold is the availability, in percent, below which a day counts
	// as a "day below threshold". Default 90: a well-run UK chain trades at
	// 97-98% [ref], so 90% is a visibly failing estate.
	Threshold float64 `yaml:"threshold_pct" json:"threshold_pct"`
	// Sample is the share of the estate's stores that each replicate
	// simulates in quick mode, at their full range: a systematic sample
	// with probability proportional to sales, weighted up (sample.go). 1
	// means every store; zero means not set, which Run treats as every
	// store (the shelfgap command sizes an unset sample to its time
	// budget, QuickSample). Results carry the sampling error it adds.
	Sample float64 `yaml:"sample" json:"sample"`

	Outage      Outage      `yaml:"outage" json:"outage"`
	Replenish   Replenish   `yaml:"replenish" json:"replenish"`
	Records     Records     `yaml:"records" json:"records"`
	Restart     Restart     `yaml:"restart" json:"restart"`
	Shoppers    Shoppers    `yaml:"shoppers" json:"shoppers"`
	Uncertainty Uncertainty `yaml:"uncertainty" json:"uncertainty"`
	// Report says how the outputs present the results. Nothing simulated
	// depends on it.
	Report Report `yaml:"report" json:"report"`
}

// Report is how the outputs present a run.
type Report struct {
	// Currency is the currency of every sum of money in the inputs
	// (prices, weekly sales) and so in the outputs. Default GBP, £: the
	// built-in estate is priced in pounds.
	Currency Currency `yaml:"currency" json:"currency"`
	// SensitivityDays is the recovery time, in days, whose lost sales
	// sensitivity.csv and tornado chart explain; the nearest recovery
	// time of the sweep is used (the shorter on a tie). Default 14, the
	// Co-op's recovery time in 2025 [ref].
	SensitivityDays int `yaml:"sensitivity_days" json:"sensitivity_days"`
	// ChartFormat is the charts' file format: "png" (for screens and
	// the workbook) or "svg" (vector, for print). Default "png".
	ChartFormat string `yaml:"chart_format" json:"chart_format"`
}

// Currency names a currency: an ISO 4217 code, which column names carry
// in lower case (lost_sales_gbp), and the symbol that tables and charts
// print before amounts.
type Currency struct {
	Code   string `yaml:"code" json:"code"`     // three capital letters, "GBP"
	Symbol string `yaml:"symbol" json:"symbol"` // "£"; empty prints the code
}

// Outage says when the system goes down, what it takes down and how stores
// order without it.
type Outage struct {
	// StartDay is the day (0 = Scenario.StartDate) the system goes down.
	// Default 7 (Wed 30 Apr 2025 with the default StartDate) [ref].
	StartDay int `yaml:"start_day" json:"start_day"`
	// Scope limits the outage; empty lists mean all.
	Scope Scope `yaml:"scope" json:"scope"`
	// Initial is the ordering mode from StartDay until FallbackDay. Default
	// Repeat: Co-op days 0-6 "ordering degraded and ad hoc" [ref].
	Initial Fallback `yaml:"initial" json:"initial"`
	// FallbackDay is the day of the outage (0 = StartDay) on which the
	// organised fallback starts. Default 7: Co-op began manual central
	// ordering of a minimum range on day 7 [ref].
	FallbackDay int `yaml:"fallback_day" json:"fallback_day"`
	// Fallback is the ordering mode from FallbackDay until recovery.
	// Default CoreRange [ref].
	Fallback Fallback `yaml:"fallback" json:"fallback"`
	// Categories overrides Fallback for named categories.
	Categories map[string]Fallback `yaml:"category_fallback,omitempty" json:"category_fallback,omitempty"`
	// CoreShare is the share of its range (in lines) a store can order per
	// day under the manual core range. Default 0.15: a manual minimum core
	// range is 10-25% of the range [ref], so 450 lines a day in a
	// 3,000-line store. The lines are essentials across every category:
	// each category gets lines in proportion to its share of the store's
	// sales value, filled with its lines by SKU.Core, then velocity (see
	// corePriority in corerange.go).
	CoreShare float64 `yaml:"core_share" json:"core_share"`
	// CoreCategories, if not empty, names the categories whose lines the
	// manual core range orders first; the other categories' lines are
	// ordered only with what is left of a day's line budget. Default empty:
	// every category takes its share.
	CoreCategories []string `yaml:"core_categories" json:"core_categories,omitempty"`
	// CoreError is the coefficient of variation of a manual order's
	// quantity (staff estimate needs by eye). Default 0.3 (estimate).
	CoreError float64 `yaml:"core_error" json:"core_error"`
	// AllocError is the coefficient of variation of the central forecast
	// that manual allocations are set from (the Push quantities and the
	// core range's order-up-to levels), per store and line, the same all
	// through the outage: the forecast is stale and blind to store stock,
	// so it over-supplies some stores' lines (fresh over-supply becomes
	// waste) and under-supplies others (allocError). Default 0.3
	// (estimate: no published figure for store-line forecast error under
	// manual allocation; Safeway 2001 and Sainsbury's 2005 blamed central
	// ordering of short-life lines [ref]; Uncertainty.AllocError).
	AllocError float64 `yaml:"alloc_error" json:"alloc_error"`
	// DCByNeed makes a DC whose pick capacity binds (in the outage or the
	// catch-up) pick the estate's most needed lines first (engine.dcNeed:
	// the manual range's own order) rather than cut every line by the same
	// fraction; so a wider manual range cannot take cases from the lines a
	// narrower one would ship. Default true (estimate: a depot short of
	// pickers triages to the "minimum range of products that customers and
	// members need the most", Co-op 2025 [ref]); false rations
	// proportionally.
	DCByNeed bool `yaml:"dc_by_need" json:"dc_by_need"`
	// DSDAffected makes the outage reach direct store deliveries
	// (Category.DSD): on fallback days the suppliers deliver only what the
	// fallback orders, through the DC. Default false: in 2025 the Co-op's
	// suppliers were told not to deliver to its depots, while deliveries
	// straight to stores kept running [ref].
	DSDAffected bool `yaml:"dsd_affected" json:"dsd_affected"`
	// PushFactor scales a DC push allocation, which sends each store its
	// forecast demand until the next delivery without seeing its stock.
	// Default 1.
	PushFactor float64 `yaml:"push_factor" json:"push_factor"`
	// DCCapacity is the DC pick capacity during the outage as a fraction of
	// normal. Default 0.35: staff reported depot deliveries "well below 20%
	// of normal" at Co-op on day 12 (anecdotal) [ref]; others kept picking.
	DCCapacity float64 `yaml:"dc_capacity" json:"dc_capacity"`
	// DCCapacityDays is the days over which the DCs' pick capacity falls,
	// linearly, from normal on the outage's first day to DCCapacity on day
	// DCCapacityDays of the outage, where it stays until the restart
	// (dcCapacity). Default 0: at once. The Co-op's depot deliveries fell
	// over the outage's first days and were "well below 20% of normal" on
	// its twelfth (anecdotal) [ref]; no report gives the path between.
	DCCapacityDays int `yaml:"dc_capacity_days" json:"dc_capacity_days"`
}

// Scope names the parts of the estate the outage takes down. Names are
// region names, DC IDs, format names and category names. Empty means all.
// A cell is in scope if its store matches every non-empty store list and its
// category matches Categories.
type Scope struct {
	Regions    []string `yaml:"regions,omitempty" json:"regions,omitempty"`
	DCs        []string `yaml:"dcs,omitempty" json:"dcs,omitempty"`
	Formats    []string `yaml:"formats,omitempty" json:"formats,omitempty"`
	Categories []string `yaml:"categories,omitempty" json:"categories,omitempty"`
}

// Fallback is an ordering mode while the system is down.
type Fallback uint8

const (
	// None: nothing is ordered.
	None Fallback = iota
	// CoreRange: staff order a limited number of lines a day by priority,
	// from a look at the shelf, with estimation error.
	CoreRange
	// Repeat: the last order placed before the outage is repeated on every
	// delivery day.
	Repeat
	// Push: the DC pushes forecast allocations without stock visibility.
	Push
	numFallbacks
)

var fallbackNames = [numFallbacks]string{"none", "core_range", "repeat", "push"}

func (f Fallback) String() string {
	if f < numFallbacks {
		return fallbackNames[f]
	}
	return fmt.Sprintf("Fallback(%d)", uint8(f))
}

// MarshalText implements encoding.TextMarshaler.
func (f Fallback) MarshalText() ([]byte, error) { return []byte(f.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (f *Fallback) UnmarshalText(b []byte) error {
	i := slices.Index(fallbackNames[:], string(b))
	if i < 0 {
		return fmt.Errorf("want one of %s, got %q", strings.Join(fallbackNames[:], ", "), b)
	}
	*f = Fallback(i)
	return nil
}

// Allocation is how a DC shares scarce stock or pick capacity.
type Allocation uint8

const (
	// Proportional fills every store's order by the same fraction.
	Proportional Allocation = iota
	// PriorityFirst fills Store.Priority ("lifeline") stores in full first.
	PriorityFirst
	numAllocations
)

var allocationNames = [numAllocations]string{"proportional", "priority"}

func (a Allocation) String() string {
	if a < numAllocations {
		return allocationNames[a]
	}
	return fmt.Sprintf("Allocation(%d)", uint8(a))
}

// MarshalText implements encoding.TextMarshaler.
func (a Allocation) MarshalText() ([]byte, error) { return []byte(a.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (a *Allocation) UnmarshalText(b []byte) error {
	i := slices.Index(allocationNames[:], string(b))
	if i < 0 {
		return fmt.Errorf("want one of %s, got %q", strings.Join(allocationNames[:], ", "), b)
	}
	*a = Allocation(i)
	return nil
}

// MarshalText implements encoding.TextMarshaler.
func (c Class) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (c *Class) UnmarshalText(b []byte) error {
	v, ok := ParseClass(string(b))
	if !ok {
		return fmt.Errorf("want one of %s, got %q", strings.Join(classNames[:], ", "), b)
	}
	*c = v
	return nil
}

// Replenish is normal automatic replenishment: periodic review, order-up-to.
type Replenish struct {
	// SafetyZ is the safety factor of the order-up-to level
	// S = m + z*sqrt(v) over the protection period (lead time plus the gap
	// to the next delivery), capped by shelf capacity. Default 0.5, set so
	// the default estate meets about 93% of demand from the line asked for
	// (fill rate; worldwide about 92% [ref: Gruen et al. 2002]); its lines
	// are then in stock on about 99% of them at opening (Co-op about 98% at
	// 8 am [ref: Retail Week 2017]). A lower z lowers the fill rate much
	// faster than the opening availability (0: 88.5% and 98.2%).
	SafetyZ float64 `yaml:"safety_z" json:"safety_z"`
	// SupplierFill is the share of a DC's supplier orders that arrive, in
	// normal trading. Default 0.97 (estimate).
	SupplierFill float64 `yaml:"supplier_fill" json:"supplier_fill"`
	// SupplierLeadDays is the days from a DC's order to its supplier until
	// delivery to the DC. Default 2 (fresh D+1, ambient 2-5 [ref]).
	SupplierLeadDays int `yaml:"supplier_lead_days" json:"supplier_lead_days"`
	// CoverDays is, per storage class, the days of a line's normal demand
	// the store holds at least, on the shelf and in the back room: the
	// order-up-to level is at least mu x CoverDays (orderUpTo), whatever
	// the shelf's capacity. Default 0 in every class: the order-up-to
	// levels, case packs and shelf capacities alone give the built-in
	// estate's stores about 10 days of ambient sales in stock (by value),
	// 2 of fresh and 9 of frozen, 7 in all, in line with an independent
	// convenience store's target of seven days of ambient and a Spar
	// store's nine days of sales [ref]. Set it for an estate whose stores
	// hold back-room stock beyond their ordering policy.
	CoverDays CoverDays `yaml:"cover_days" json:"cover_days"`
}

// CoverDays is the store's stock cover per storage class, in days of
// normal demand (Replenish.CoverDays).
type CoverDays struct {
	Ambient float64 `yaml:"ambient" json:"ambient"`
	Fresh   float64 `yaml:"fresh" json:"fresh"`
	Frozen  float64 `yaml:"frozen" json:"frozen"`
}

// of returns class c's cover.
func (cd CoverDays) of(c Class) float64 {
	switch c {
	case Fresh:
		return cd.Fresh
	case Frozen:
		return cd.Frozen
	}
	return cd.Ambient
}

// Records governs book stock: the stock the system believes the shelf holds.
type Records struct {
	// Shrink is the chance, per unit of expected daily demand, that one unit
	// leaves the shelf unrecorded on a day (theft, damage, mis-scans),
	// so records drift even in normal trading: 65% of records were
	// inaccurate in DeHoratius & Raman (2008) [ref]. Default 0.02 (estimate).
	Shrink float64 `yaml:"shrink" json:"shrink"`
	// SalesPosted is the share of sales made during the outage that reach
	// the book (the rest never do, so the book shows phantom stock).
	// Default 0.5 (estimate; [ref] "unrecorded or mis-recorded").
	SalesPosted float64 `yaml:"sales_posted" json:"sales_posted"`
	// ReceiptsPosted is the share of deliveries during the outage posted to
	// the book (unposted receipts make the book too low, so the system
	// over-orders after restart). Default 0.7 (estimate).
	ReceiptsPosted float64 `yaml:"receipts_posted" json:"receipts_posted"`
	// WastePosted is the share of waste during the outage posted to the
	// book. Default 0.3 (estimate).
	WastePosted float64 `yaml:"waste_posted" json:"waste_posted"`
	// ZeroRunUnits triggers a count of a line whose consecutive zero-sales
	// days add up to this many units of expected demand (3 units: a run a
	// selling line shows by chance about e^-3 = 5% of the time) [ref: Chen,
	// "Fixing phantom stockouts"]. Zero turns the detector off.
	ZeroRunUnits float64 `yaml:"zero_run_units" json:"zero_run_units"`
	// CountsPerDay is the lines each store counts a day in a rolling cycle
	// count, which resets book to shelf. Default 30 (estimate). Zero: none.
	CountsPerDay int `yaml:"counts_per_day" json:"counts_per_day"`
	// GapScans is the empty shelves each store scans a day, where the
	// system is up: a line found empty whose book shows stock has its
	// book set to zero (gapScan). Tesco's stock routines scan every gap on
	// the food areas once a day, and a large Sainsbury's store averaged
	// 1,300 gaps a day [ref: Tesco 2017; Sainsbury's]; a convenience store
	// has a tenth of the lines. Default 300 lines a day (estimate,
	// Uncertainty.GapScans). Zero: no gap scans.
	GapScans float64 `yaml:"gap_scans" json:"gap_scans"`
}

// Restart is how the system comes back.
type Restart struct {
	// Stages gives, per storage class, the days after the recovery day on
	// which automatic ordering resumes for it. Default ambient 0, fresh 1,
	// frozen 2 (estimate; Co-op resumed ambient, fresh and frozen ordering
	// over its restart [ref]). Classes not listed resume on day 0.
	Stages []Stage `yaml:"stages" json:"stages"`
	// Surge is DC pick and transport capacity during catch-up as a multiple
	// of normal. Default 1.175: +10-25% sustained for 1-2 weeks [ref].
	Surge float64 `yaml:"surge" json:"surge"`
	// SurgeDays is how long the surge lasts after restart. Default 14 [ref].
	SurgeDays int `yaml:"surge_days" json:"surge_days"`
	// SupplierFill is the share of DC supplier orders that arrive during
	// the outage and catch-up. Default 0.875: 80-95% [ref].
	SupplierFill float64 `yaml:"supplier_fill" json:"supplier_fill"`
	// Allocation shares scarce stock and capacity. Default Proportional.
	Allocation Allocation `yaml:"allocation" json:"allocation"`
	// Recount counts every line of the outage's scope as automatic
	// ordering resumes, so the book restarts from the shelf instead of the
	// outage's partly posted records: Morrisons recounted all 500 stores
	// after its 2024 outage [ref]. Default false: records carry the
	// outage's drift and phantom stock freezes lines until a count finds
	// it (Kang & Gershwin 2005 [ref]).
	Recount bool `yaml:"recount" json:"recount"`
}

// Stage is one step of a staged restart.
type Stage struct {
	Class Class `yaml:"class" json:"class"`
	Delay int   `yaml:"delay_days" json:"delay_days"`
}

// Response is the five-way split of demand that meets an empty shelf. The
// shares sum to 1.
type Response struct {
	Elsewhere  float64 `yaml:"elsewhere" json:"elsewhere"`   // buys at another store: lost
	NoBuy      float64 `yaml:"no_buy" json:"no_buy"`         // does not buy: lost
	Delay      float64 `yaml:"delay" json:"delay"`           // comes back within Shoppers.DelayDays
	SameBrand  float64 `yaml:"same_brand" json:"same_brand"` // another size or variant
	OtherBrand float64 `yaml:"other_brand" json:"other_brand"`
}

// Sum returns the sum of the shares.
func (r Response) Sum() float64 { return r.Elsewhere + r.NoBuy + r.Delay + r.SameBrand + r.OtherBrand }

// Worldwide is the worldwide split of Gruen, Corsten & Bharadwaj (2002)
// [ref]: elsewhere 31%, other brand 26%, no buy 9% (confirmed), same brand
// 19%, delay 15% (commonly cited remainder).
var Worldwide = Response{Elsewhere: 0.31, NoBuy: 0.09, Delay: 0.15, SameBrand: 0.19, OtherBrand: 0.26}

// Shoppers is how shoppers respond to gaps.
type Shoppers struct {
	// Response is the split for categories with no preset of their own.
	// Default Worldwide.
	Response Response `yaml:"response" json:"response"`
	// DelayDays is the window, in days, in which delayed demand returns,
	// spread evenly. Default 3 (estimate).
	DelayDays int `yaml:"delay_days" json:"delay_days"`
	// GapOnset is the share of a category's lines on gap in a store above
	// which substitution gives way to walking away. Default 0.05: with more
	// than ~5 items missing shoppers stop substituting (Musalem et al.
	// 2010) [ref].
	GapOnset float64 `yaml:"gap_onset" json:"gap_onset"`
	// GapWalkaway is the share of would-be substitutions lost when a whole
	// category is on gap; it rises linearly from GapOnset. Default 0.6, so
	// that a heavily gapped category loses about 20% more of its sales
	// (Musalem et al. 2010) [ref] (estimate).
	GapWalkaway float64 `yaml:"gap_walkaway" json:"gap_walkaway"`
	// Churn is the share of store traffic that moves to other retailers per
	// day, per unit of the store's share of demand meeting a gap above
	// ChurnOnset. Default 0.04 (estimate).
	Churn float64 `yaml:"churn" json:"churn"`
	// ChurnOnset is the share of a store's demand meeting gaps that
	// shoppers tolerate before moving trips. Default 0.15 (estimate): normal
	// trading already fails 5-10% of demand (about 8% of items out of
	// stock, ~4% of sales lost [ref: Gruen et al. 2002]) and shoppers are
	// used to that, so only clearly worse days move trips.
	ChurnOnset float64 `yaml:"churn_onset" json:"churn_onset"`
	// ReturnDays is the time constant, in days, with which lost traffic
	// returns once the gap share is below ChurnOnset: the Co-op's "tail of
	// recovering customer behaviour" [ref]. Default 21 (estimate).
	ReturnDays float64 `yaml:"return_days" json:"return_days"`
	// MinTraffic is the floor of store traffic relative to normal.
	// Default 0.5.
	MinTraffic float64 `yaml:"min_traffic" json:"min_traffic"`
	// Basket is the share of the spend lost at gaps (the lost share and
	// failed substitutions) that shoppers spend on other lines in the same
	// trip (basket.go): so spend falls less than availability. Default
	// 0.15 (estimate: category switching is a small share of answers at
	// one gap, Sloot et al. 2005; retailer losses stay limited, Campo et
	// al. 2003 [ref]; Uncertainty.Basket). Zero: none.
	Basket float64 `yaml:"basket" json:"basket"`
	// WasteAtCost is the share of retail value written off per unit wasted.
	// Default 0.7: waste is written off at cost, about 70% of retail [ref].
	WasteAtCost float64 `yaml:"waste_at_cost" json:"waste_at_cost"`
}

// Uncertainty lists the parameters that are not known well. Each replicate
// draws each of them uniformly from its [low, high] range, so the bands
// show what we don't know as well as demand noise. A zero range keeps the
// point value; [v, v] holds the parameter at v. The same replicate uses
// the same draws for every recovery time.
//
// The default ranges are centred on the default point values. A value
// written wins over the default range: a scenario file that sets a point
// value (outage.dc_capacity: 0.8) and not its range draws from the default
// range re-centred on it in proportion (see Recentre and Scenario.Centre),
// so the replicates keep the default's relative spread around the value
// written. A range the file sets wins over both; Scenario.Draws says, per
// parameter, which applies.
type Uncertainty struct {
	// Off keeps every parameter at its point value.
	Off bool `yaml:"off" json:"off"`
	// LostShare scales the lost shares (elsewhere, no buy) of every
	// response, taking the difference from substitution. Default
	// [0.8, 1.2]: the split is a worldwide average [ref].
	LostShare [2]float64 `yaml:"lost_share" json:"lost_share"`
	// SalesPosted replaces Records.SalesPosted. Default [0.2, 0.8].
	SalesPosted [2]float64 `yaml:"sales_posted" json:"sales_posted"`
	// ReceiptsPosted replaces Records.ReceiptsPosted. Default [0.4, 1].
	ReceiptsPosted [2]float64 `yaml:"receipts_posted" json:"receipts_posted"`
	// Surge replaces Restart.Surge. Default [1.10, 1.25] [ref].
	Surge [2]float64 `yaml:"surge" json:"surge"`
	// SupplierFill replaces Restart.SupplierFill. Default [0.80, 0.95] [ref].
	SupplierFill [2]float64 `yaml:"supplier_fill" json:"supplier_fill"`
	// DCCapacity replaces Outage.DCCapacity. Default [0.2, 0.5].
	DCCapacity [2]float64 `yaml:"dc_capacity" json:"dc_capacity"`
	// Churn replaces Shoppers.Churn. Default [0.02, 0.06].
	Churn [2]float64 `yaml:"churn" json:"churn"`
	// DSDShare scales every category's direct store delivery share
	// (Category.DSD, capped at 1). Default [0.5, 1.5] (estimate: the UK
	// share of convenience supply delivered direct is not published; the
	// category shares follow the US grocery study [ref]).
	DSDShare [2]float64 `yaml:"dsd_share" json:"dsd_share"`
	// GapScans replaces Records.GapScans. Default [100, 500] (estimate:
	// from under an hour's scanning to the gaps of a store at three
	// quarters of its availability).
	GapScans [2]float64 `yaml:"gap_scans" json:"gap_scans"`
	// AllocError replaces Outage.AllocError. Default [0.1, 0.5] (estimate).
	AllocError [2]float64 `yaml:"alloc_error" json:"alloc_error"`
	// Basket replaces Shoppers.Basket. Default [0.05, 0.25] (estimate).
	Basket [2]float64 `yaml:"basket" json:"basket"`
}

// Ranges returns the [low, high] range of each uncertain parameter, in
// the order of ParamNames.
func (u Uncertainty) Ranges() [len(ParamNames)][2]float64 {
	return [...][2]float64{u.LostShare, u.SalesPosted, u.ReceiptsPosted, u.Surge, u.SupplierFill, u.DCCapacity, u.Churn, u.DSDShare, u.GapScans, u.AllocError, u.Basket}
}

// DefaultScenario returns the default scenario: a Co-op-shaped outage of
// the whole estate starting on day 7, compared over recovery times of 3, 7,
// 14, 21 and 28 days.
func DefaultScenario() Scenario {
	return Scenario{
		Name:       "default",
		StartDate:  time.Date(2025, 4, 23, 0, 0, 0, 0, time.UTC),
		WarmupDays: 112,
		Days:       91,
		Seed:       1,
		Replicates: 20,
		Recovery:   []int{3, 7, 14, 21, 28},
		Threshold:  90,
		Outage: Outage{
			StartDay:    7,
			Initial:     Repeat,
			FallbackDay: 7,
			Fallback:    CoreRange,
			CoreShare:   0.15,
			CoreError:   0.3,
			AllocError:  0.3,
			DCByNeed:    true,
			PushFactor:  1,
			DCCapacity:  0.35,
		},
		Replenish: Replenish{SafetyZ: 0.5, SupplierFill: 0.97, SupplierLeadDays: 2},
		Records: Records{
			Shrink:         0.02,
			SalesPosted:    0.5,
			ReceiptsPosted: 0.7,
			WastePosted:    0.3,
			ZeroRunUnits:   3,
			CountsPerDay:   30,
			GapScans:       300,
		},
		Restart: Restart{
			Stages:       []Stage{{Ambient, 0}, {Fresh, 1}, {Frozen, 2}},
			Surge:        1.175,
			SurgeDays:    14,
			SupplierFill: 0.875,
			Allocation:   Proportional,
		},
		Shoppers: Shoppers{
			Response:    Worldwide,
			DelayDays:   3,
			GapOnset:    0.05,
			GapWalkaway: 0.6,
			Churn:       0.04,
			ChurnOnset:  0.15,
			ReturnDays:  21,
			MinTraffic:  0.5,
			Basket:      0.15,
			WasteAtCost: 0.7,
		},
		Uncertainty: Uncertainty{
			LostShare:      [2]float64{0.8, 1.2},
			SalesPosted:    [2]float64{0.2, 0.8},
			ReceiptsPosted: [2]float64{0.4, 1},
			Surge:          [2]float64{1.10, 1.25},
			SupplierFill:   [2]float64{0.80, 0.95},
			DCCapacity:     [2]float64{0.2, 0.5},
			Churn:          [2]float64{0.02, 0.06},
			DSDShare:       [2]float64{0.5, 1.5},
			GapScans:       [2]float64{100, 500},
			AllocError:     [2]float64{0.1, 0.5},
			Basket:         [2]float64{0.05, 0.25},
		},
		Report: Report{
			Currency:        Currency{Code: "GBP", Symbol: "£"},
			SensitivityDays: 14,
			ChartFormat:     "png",
		},
	}
}

// FieldError is a scenario problem at a field path such as
// "outage.start_day". Package data adds the file and line.
type FieldError struct {
	Field string // dotted YAML path
	Msg   string // what was expected, and what was found
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Msg }

// Validate returns every problem in sc as a joined list of *FieldError,
// or nil. It checks ranges only; names in Scope are checked against an
// estate by Run (and, with positions, by package data).
func (sc *Scenario) Validate() error {
	v := &fieldCheck{}
	v.horizon(sc)
	v.outage(sc)
	v.records(&sc.Records)
	v.restart(&sc.Restart)
	v.shoppers(&sc.Shoppers)
	v.uncertainty(&sc.Uncertainty)
	v.report(&sc.Report)
	return errors.Join(v.errs...)
}

// fieldCheck collects a scenario's problems, in the order Validate checks
// its sections.
type fieldCheck struct{ errs []error }

func (v *fieldCheck) bad(field, format string, args ...any) {
	v.errs = append(v.errs, &FieldError{Field: field, Msg: fmt.Sprintf(format, args...)})
}

// frac checks that v is a share in [0, 1].
func (v *fieldCheck) frac(field string, x float64) {
	if !(x >= 0 && x <= 1) {
		v.bad(field, "want a share in [0, 1], got %v", x)
	}
}

// nonneg checks that x is finite and >= 0.
func (v *fieldCheck) nonneg(field string, x float64) {
	if !(x >= 0) || math.IsInf(x, 0) {
		v.bad(field, "want a finite number >= 0, got %v", x)
	}
}

// span checks that r is a range [low, high] within [lo, hi].
func (v *fieldCheck) span(field string, r [2]float64, lo, hi float64) {
	if !(r[0] <= r[1]) || r[0] < lo || r[1] > hi {
		v.bad(field, "want [low, high] with %v <= low <= high <= %v, got %v", lo, hi, r)
	}
}

// horizon checks the run's days, replicates, recovery times, threshold
// and sample.
func (v *fieldCheck) horizon(sc *Scenario) {
	if sc.WarmupDays < 0 {
		v.bad("warmup_days", "want days >= 0, got %d", sc.WarmupDays)
	}
	if sc.Days < 1 || sc.Days > 3660 {
		v.bad("days", "want 1 to 3660 days, got %d", sc.Days)
	}
	if sc.Replicates < 1 || sc.Replicates > 10000 {
		v.bad("replicates", "want 1 to 10000, got %d", sc.Replicates)
	}
	for i, r := range sc.Recovery {
		if r < 1 {
			v.bad(fmt.Sprintf("recovery[%d]", i), "want a recovery time >= 1 day, got %d", r)
		}
		if i > 0 && r <= sc.Recovery[i-1] {
			v.bad(fmt.Sprintf("recovery[%d]", i), "want recovery times in increasing order, got %d after %d", r, sc.Recovery[i-1])
		}
	}
	if !(sc.Threshold >= 0 && sc.Threshold <= 100) {
		v.bad("threshold_pct", "want a percentage in [0, 100], got %v", sc.Threshold)
	}
	v.frac("sample", sc.Sample)
}

// outage checks the outage and the replenishment settings.
func (v *fieldCheck) outage(sc *Scenario) {
	o := sc.Outage
	if o.StartDay < 0 || o.StartDay >= sc.Days {
		v.bad("outage.start_day", "want a day in [0, %d), got %d", sc.Days, o.StartDay)
	}
	if o.FallbackDay < 0 {
		v.bad("outage.fallback_day", "want days >= 0, got %d", o.FallbackDay)
	}
	if o.Initial >= numFallbacks {
		v.bad("outage.initial", "unknown fallback %d", o.Initial)
	}
	if o.Fallback >= numFallbacks {
		v.bad("outage.fallback", "unknown fallback %d", o.Fallback)
	}
	v.frac("outage.core_share", o.CoreShare)
	v.nonneg("outage.core_error", o.CoreError)
	v.nonneg("outage.alloc_error", o.AllocError)
	v.nonneg("outage.push_factor", o.PushFactor)
	v.nonneg("outage.dc_capacity", o.DCCapacity)
	if o.DCCapacityDays < 0 {
		v.bad("outage.dc_capacity_days", "want days >= 0, got %d", o.DCCapacityDays)
	}
	v.nonneg("replenish.safety_z", sc.Replenish.SafetyZ)
	for _, x := range []struct {
		name string
		v    float64
	}{{"ambient", sc.Replenish.CoverDays.Ambient}, {"fresh", sc.Replenish.CoverDays.Fresh}, {"frozen", sc.Replenish.CoverDays.Frozen}} {
		if !(x.v >= 0 && x.v <= 60) {
			v.bad("replenish.cover_days."+x.name, "want days in [0, 60], got %v", x.v)
		}
	}
	v.frac("replenish.supplier_fill", sc.Replenish.SupplierFill)
	if sc.Replenish.SupplierLeadDays < 0 || sc.Replenish.SupplierLeadDays > MaxLead {
		v.bad("replenish.supplier_lead_days", "want 0 to %d days, got %d", MaxLead, sc.Replenish.SupplierLeadDays)
	}
}

// records checks the store records' settings.
func (v *fieldCheck) records(r *Records) {
	v.nonneg("records.shrink", r.Shrink)
	v.frac("records.sales_posted", r.SalesPosted)
	v.frac("records.receipts_posted", r.ReceiptsPosted)
	v.frac("records.waste_posted", r.WastePosted)
	v.nonneg("records.zero_run_units", r.ZeroRunUnits)
	if r.CountsPerDay < 0 {
		v.bad("records.counts_per_day", "want lines >= 0, got %d", r.CountsPerDay)
	}
	if !(r.GapScans >= 0 && r.GapScans <= 1e6) {
		v.bad("records.gap_scans", "want lines a day in [0, 1000000], got %v", r.GapScans)
	}
}

// restart checks the restart's stages, surge and allocation.
func (v *fieldCheck) restart(r *Restart) {
	for i, s := range r.Stages {
		if s.Class >= NumClasses {
			v.bad(fmt.Sprintf("restart.stages[%d].class", i), "unknown class %d", s.Class)
		}
		if s.Delay < 0 {
			v.bad(fmt.Sprintf("restart.stages[%d].delay_days", i), "want days >= 0, got %d", s.Delay)
		}
	}
	v.nonneg("restart.surge", r.Surge)
	if r.SurgeDays < 0 {
		v.bad("restart.surge_days", "want days >= 0, got %d", r.SurgeDays)
	}
	v.frac("restart.supplier_fill", r.SupplierFill)
	if r.Allocation >= numAllocations {
		v.bad("restart.allocation", "unknown allocation %d", r.Allocation)
	}
}

// shoppers checks the shoppers' response to a gap and their churn.
func (v *fieldCheck) shoppers(sh *Shoppers) {
	v.response("shoppers.response", sh.Response)
	if sh.DelayDays < 1 || sh.DelayDays > MaxDelay {
		v.bad("shoppers.delay_days", "want 1 to %d days, got %d", MaxDelay, sh.DelayDays)
	}
	v.frac("shoppers.gap_onset", sh.GapOnset)
	v.frac("shoppers.gap_walkaway", sh.GapWalkaway)
	v.nonneg("shoppers.churn", sh.Churn)
	v.frac("shoppers.churn_onset", sh.ChurnOnset)
	v.nonneg("shoppers.return_days", sh.ReturnDays)
	v.frac("shoppers.min_traffic", sh.MinTraffic)
	v.frac("shoppers.basket", sh.Basket)
	v.frac("shoppers.waste_at_cost", sh.WasteAtCost)
}

// response checks that a response's five shares are shares summing to 1.
func (v *fieldCheck) response(field string, r Response) {
	for _, x := range []float64{r.Elsewhere, r.NoBuy, r.Delay, r.SameBrand, r.OtherBrand} {
		if !(x >= 0 && x <= 1) {
			v.bad(field, "want shares in [0, 1], got %v", x)
			return
		}
	}
	if math.Abs(r.Sum()-1) > 1e-6 {
		v.bad(field, "want shares that sum to 1, got %.6g", r.Sum())
	}
}

// uncertainty checks the uncertain parameters' ranges.
func (v *fieldCheck) uncertainty(u *Uncertainty) {
	v.span("uncertainty.lost_share", u.LostShare, 0, 10)
	v.span("uncertainty.sales_posted", u.SalesPosted, 0, 1)
	v.span("uncertainty.receipts_posted", u.ReceiptsPosted, 0, 1)
	v.span("uncertainty.surge", u.Surge, 0, 100)
	v.span("uncertainty.supplier_fill", u.SupplierFill, 0, 1)
	v.span("uncertainty.dc_capacity", u.DCCapacity, 0, 100)
	v.span("uncertainty.churn", u.Churn, 0, 100)
	v.span("uncertainty.dsd_share", u.DSDShare, 0, 10)
	v.span("uncertainty.gap_scans", u.GapScans, 0, 1e6)
	v.span("uncertainty.alloc_error", u.AllocError, 0, 1)
	v.span("uncertainty.basket", u.Basket, 0, 1)
}

// report checks the report's currency, sensitivity and chart format.
func (v *fieldCheck) report(rp *Report) {
	if c := rp.Currency.Code; len(c) != 3 || strings.Trim(c, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
		v.bad("report.currency.code", "want a three-letter ISO 4217 code such as GBP, got %q", c)
	}
	if len(rp.Currency.Symbol) > 8 {
		v.bad("report.currency.symbol", "want a symbol of at most 8 bytes, got %q", rp.Currency.Symbol)
	}
	if rp.SensitivityDays < 1 {
		v.bad("report.sensitivity_days", "want a recovery time >= 1 day, got %d", rp.SensitivityDays)
	}
	if rp.ChartFormat != "png" && rp.ChartFormat != "svg" {
		v.bad("report.chart_format", "want png or svg, got %q", rp.ChartFormat)
	}
}

// Limits of the state's ring buffers.
const (
	MaxLead  = 6  // longest SKU or supplier lead time, days
	MaxDelay = 14 // longest window for delayed demand, days
)
