package model

import (
	"math"
	"slices"
	"testing"
)

// mechanismEstate is the fixture for mechanism tests: 24 stores x 240 SKUs,
// DCs with pick capacity just above normal demand so that capacity binds
// in the catch-up.
func mechanismEstate() (*Estate, *Range) {
	e, r := testEstate(24, 240)
	for d := range e.DCs {
		e.DCs[d].PickCapacity = 110
	}
	for c := range r.Categories {
		r.Categories[c].Response = Response{} // all follow Shoppers.Response
	}
	return e, r
}

func mechanismScenario() Scenario {
	sc := smallScenario()
	sc.Days = 70
	sc.Recovery = []int{14}
	sc.Replicates = 3
	sc.Uncertainty.Off = true
	return sc
}

// after returns the mean over replicates of metric m summed over days
// [from, to) of run 1 (the outage run), at the estate level.
func total(res *Result, run int, m Metric, from, to int) float64 {
	s := 0.0
	for d := from; d < min(to, res.Days); d++ {
		for _, v := range res.Values(run, 0, m, d) {
			s += v
		}
	}
	return s / float64(res.Replicates)
}

// TestMechanisms shows each mechanism's effect in the direction (and rough
// order of size) an expert expects, by switching it between two settings
// on common random numbers.
func TestMechanisms(t *testing.T) {
	e, r := mechanismEstate()
	base := mechanismScenario()
	t0 := base.Outage.StartDay
	restart := t0 + base.Recovery[0]
	tests := []struct {
		name      string
		low, high func(*Scenario) // two settings: metric(high) must exceed metric(low)
		metric    Metric
		from, to  int
		minRatio  float64 // high >= minRatio * low
		why       string
		// lowR, highR (optional) change the range of the low and high runs.
		lowR, highR func(*Range)
	}{
		{
			name: "records drift freezes lines after restart",
			low: func(sc *Scenario) {
				sc.Records.SalesPosted = 1
				sc.Records.ReceiptsPosted = 1
				sc.Records.WastePosted = 1
			},
			high:   func(sc *Scenario) { sc.Records.SalesPosted = 0 },
			metric: FrozenLines, from: restart, to: restart + 14, minRatio: 3,
			why: "unposted outage sales leave phantom stock: the book says stock, the shelf is empty, nothing is ordered (Kang & Gershwin 2005)",
		},
		{
			name:   "no recount at restart leaves frozen lines",
			low:    func(sc *Scenario) { sc.Restart.Recount = true },
			high:   func(sc *Scenario) {},
			metric: FrozenLines, from: restart, to: restart + 21, minRatio: 2,
			why: "a count at restart resets the book to the shelf (Morrisons, 2024)",
		},
		{
			name: "a staged restart loses more than restarting every class at once",
			low: func(sc *Scenario) {
				sc.Outage.Initial, sc.Outage.Fallback, sc.Restart.Stages = None, None, nil
			},
			high: func(sc *Scenario) {
				sc.Outage.Initial, sc.Outage.Fallback = None, None
				sc.Restart.Stages = []Stage{{Ambient, 0}, {Fresh, 7}, {Frozen, 7}}
			},
			metric: LostSales, from: restart, to: restart + 10, minRatio: 1.2,
			why: "fresh and frozen stay on the fallback (here: no orders) until their stage restarts",
		},
		{
			name: "without the zero-sales detector frozen lines linger",
			// Without gap scans, which find most such lines first.
			low:    func(sc *Scenario) { sc.Records.GapScans = 0 },
			high:   func(sc *Scenario) { sc.Records.GapScans, sc.Records.ZeroRunUnits = 0, 0 },
			metric: FrozenLines, from: restart + 7, to: restart + 28, minRatio: 1.5,
			why: "a run of zero sales on a selling line triggers a count (Chen, 'Fixing phantom stockouts')",
		},
		{
			name:   "halved surge capacity slows recovery",
			low:    func(sc *Scenario) { sc.Restart.Surge = 1.3 },
			high:   func(sc *Scenario) { sc.Restart.Surge = 0.65 },
			metric: LostSales, from: restart, to: restart + 21, minRatio: 1.2,
			why: "the catch-up is limited by DC pick capacity",
		},
		{
			name:   "no fallback loses more than a manual core range",
			low:    func(sc *Scenario) { sc.Outage.Initial, sc.Outage.Fallback = CoreRange, CoreRange },
			high:   func(sc *Scenario) { sc.Outage.Initial, sc.Outage.Fallback = None, None },
			metric: LostSales, from: t0, to: restart, minRatio: 1.2,
			why: "with no orders at all shelves empty fastest",
		},
		{
			name:   "DC push wastes more fresh stock than no orders",
			low:    func(sc *Scenario) { sc.Outage.Initial, sc.Outage.Fallback = None, None },
			high:   func(sc *Scenario) { sc.Outage.Initial, sc.Outage.Fallback, sc.Outage.PushFactor = Push, Push, 1.5 },
			metric: Waste, from: t0, to: restart + 7, minRatio: 1.2,
			why: "pushed deliveries ignore what the shelf holds",
		},
		{
			name:   "churn keeps traffic low after shelves recover",
			low:    func(sc *Scenario) { sc.Shoppers.Churn = 0.2 },
			high:   func(sc *Scenario) { sc.Shoppers.Churn = 0 },
			metric: Traffic, from: restart + 14, to: restart + 28, minRatio: 1.01,
			why: "shoppers who met gaps come back gradually (Co-op's 'tail')",
		},
		{
			name:   "substitution needs a same- or other-brand share",
			low:    func(sc *Scenario) { sc.Shoppers.Response = Response{Elsewhere: 0.6, NoBuy: 0.25, Delay: 0.15} },
			high:   func(sc *Scenario) {},
			metric: Substituted, from: t0, to: restart, minRatio: 10,
			why: "45% of gap demand substitutes in the worldwide split (Gruen et al. 2002)",
		},
		{
			name:   "dense gaps make shoppers walk away",
			low:    func(sc *Scenario) { sc.Shoppers.GapWalkaway = 0 },
			high:   func(sc *Scenario) { sc.Shoppers.GapWalkaway = 1 },
			metric: Lost, from: t0, to: restart, minRatio: 1.1,
			why: "with many gaps in a category shoppers stop substituting (Musalem et al. 2010)",
		},
		{
			name: "delayed demand is deferred",
			low: func(sc *Scenario) {
				sc.Shoppers.Response = Response{Elsewhere: 0.5, NoBuy: 0.05, SameBrand: 0.2, OtherBrand: 0.25}
			},
			high:   func(sc *Scenario) {},
			metric: Deferred, from: t0, to: restart, minRatio: 10,
			why: "15% of gap demand is delayed (Gruen et al. 2002)",
		},
		{
			name:   "a lower DC capacity in the outage loses more",
			low:    func(sc *Scenario) { sc.Outage.DCCapacity = 1 },
			high:   func(sc *Scenario) { sc.Outage.DCCapacity = 0.2 },
			metric: LostSales, from: t0, to: restart + 14, minRatio: 1.1,
			why: "fallback orders are picked within the DC's degraded capacity",
		},
		{
			name:   "a DC capacity that falls over days loses less in the outage's first week",
			low:    func(sc *Scenario) { sc.Outage.DCCapacity, sc.Outage.DCCapacityDays = 0.2, 12 },
			high:   func(sc *Scenario) { sc.Outage.DCCapacity, sc.Outage.DCCapacityDays = 0.2, 0 },
			metric: LostSales, from: t0, to: t0 + 7, minRatio: 1.1,
			why: "depots that pick less day by day (Co-op 2025: deliveries fell, and were under 20% of normal by day 12) still send most of a normal day's cases at first",
		},
		{
			name:   "without daily gap scans phantom stock freezes lines after restart",
			low:    func(sc *Scenario) {},
			high:   func(sc *Scenario) { sc.Records.GapScans = 0 },
			metric: FrozenLines, from: restart, to: restart + 14, minRatio: 2,
			why: "a gap scan finds the empty shelf whose book shows stock and zeroes the book, so the line is ordered (Tesco stock routines 2017)",
		},
		{
			name:   "without daily gap scans recovery loses more",
			low:    func(sc *Scenario) {},
			high:   func(sc *Scenario) { sc.Records.GapScans = 0 },
			metric: LostSales, from: restart, to: restart + 28, minRatio: 1.01,
			why: "lines frozen by phantom stock stay empty until a count or the zero-sales detector finds them (the detector finds most within days, so the effect is small)",
		},
		{
			name:   "a stale central forecast wastes more fresh stock under push",
			low:    allocating(Push, 0),
			high:   allocating(Push, 0.5),
			metric: WasteValue, from: t0, to: restart + 7, minRatio: 1.1,
			why:  "allocations from a central forecast with store-level error over-supply some stores' short-life lines (Safeway 2001; Sainsbury's 2005)",
			lowR: singleUnits, highR: singleUnits,
		},
		{
			name:   "a stale central forecast loses more sales under push",
			low:    allocating(Push, 0),
			high:   allocating(Push, 0.5),
			metric: LostSales, from: t0, to: restart, minRatio: 1.05,
			why:  "the lines it under-supplies run short while others overflow",
			lowR: singleUnits, highR: singleUnits,
		},
		{
			name:   "a stale central forecast sets the core range's levels",
			low:    allocating(CoreRange, 0),
			high:   allocating(CoreRange, 0.5),
			metric: WasteValue, from: t0, to: restart + 7, minRatio: 1.05,
			why:  "head office's quantities, not the store's, set how much of each core line is ordered",
			lowR: singleUnits, highR: singleUnits,
		},
		{
			name:   "back-room cover carries stores through the outage's first week",
			low:    func(sc *Scenario) {},
			high:   func(sc *Scenario) { sc.Replenish.CoverDays = CoverDays{Ambient: 7, Frozen: 7} },
			metric: Availability, from: t0, to: t0 + 7, minRatio: 1.02,
			why: "stock held beyond the ordering policy sells while deliveries stop (IGD 2005; convenience stores' 7-9 days of stock)",
		},
		{
			name:   "spend moved in the basket keeps sales up where stock is",
			low:    basketShare(0),
			high:   basketShare(0.25),
			metric: SalesValue, from: t0, to: restart, minRatio: 1.02,
			why: "shoppers who meet a gap spend part of the money on other lines (Campo et al. 2003; Sloot et al. 2005)",
		},
		{
			name:   "spend moved in the basket cuts the outage's lost sales",
			low:    basketShare(0.25),
			high:   basketShare(0),
			metric: LostSales, from: t0, to: restart, minRatio: 1.03,
			why: "where supply does not bind, the moved spend lands on lines in stock",
		},
		{
			name:   "direct store deliveries keep shelves stocked in the outage",
			low:    func(sc *Scenario) {},
			high:   func(sc *Scenario) {},
			lowR:   func(r *Range) { setDSD(r, 0) },
			highR:  func(r *Range) { setDSD(r, 0.5) },
			metric: Sales, from: t0, to: restart, minRatio: 1.1,
			why: "suppliers that deliver to stores and order for them (GMA DSD study 2008) bypass the DC and the ordering outage (Co-op 2025)",
		},
		{
			name:   "an outage that reaches direct deliveries loses more",
			low:    func(sc *Scenario) {},
			high:   func(sc *Scenario) { sc.Outage.DSDAffected = true },
			lowR:   func(r *Range) { setDSD(r, 0.5) },
			highR:  func(r *Range) { setDSD(r, 0.5) },
			metric: LostSales, from: t0, to: restart, minRatio: 1.1,
			why: "with outage.dsd_affected the direct share waits for the fallback's orders and the DC",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lo, hi := base, base
			tt.low(&lo)
			tt.high(&hi)
			rlo, rhi := withRange(r, tt.lowR), withRange(r, tt.highR)
			a := total(mustRun(t, e, rlo, lo, Options{}), 1, tt.metric, tt.from, tt.to)
			b := total(mustRun(t, e, rhi, hi, Options{}), 1, tt.metric, tt.from, tt.to)
			if !(b >= tt.minRatio*a) || b <= 0 {
				t.Errorf("%s over days %d-%d: %.1f, want at least %.2f x %.1f: %s", tt.metric, tt.from, tt.to, b, tt.minRatio, a, tt.why)
			}
			t.Logf("%s: %.1f -> %.1f", tt.metric, a, b)
		})
	}
}

// allocating sets the outage's fallback to fb and its central forecast
// error to cv; under Push the DCs pick at full capacity, so that supply
// follows the allocation.
func allocating(fb Fallback, cv float64) func(*Scenario) {
	return func(sc *Scenario) {
		sc.Outage.Initial, sc.Outage.Fallback, sc.Outage.AllocError = fb, fb, cv
		if fb == Push {
			sc.Outage.DCCapacity = 1
		}
	}
}

// basketShare sets the basket share to share in an outage whose supply does
// not bind (Repeat, DCs at full capacity).
func basketShare(share float64) func(*Scenario) {
	return func(sc *Scenario) {
		sc.Outage.Initial, sc.Outage.Fallback, sc.Outage.DCCapacity, sc.Shoppers.Basket = Repeat, Repeat, 1, share
	}
}

// withRange returns r, or a copy of r with its categories and SKUs
// changed by f.
func withRange(r *Range, f func(*Range)) *Range {
	if f == nil {
		return r
	}
	x := *r
	x.Categories = slices.Clone(r.Categories)
	x.SKUs = slices.Clone(r.SKUs)
	f(&x)
	return &x
}

// singleUnits makes the fresh lines' case pack one unit, so that a
// line's supply follows its allocation rather than the rounding to cases
// (with six-unit cases most of a slow fresh line's case expires anyway).
func singleUnits(r *Range) {
	for k := range r.SKUs {
		if r.Categories[r.SKUs[k].Category].Class == Fresh {
			r.SKUs[k].CasePack = 1
		}
	}
}

// setDSD gives every category the direct delivery share ds.
func setDSD(r *Range, ds float64) {
	for c := range r.Categories {
		r.Categories[c].DSD = ds
	}
}

// TestPriorityAllocation: when DC capacity is scarce, priority ("lifeline")
// stores keep higher availability under the priority policy than under a
// proportional one.
func TestPriorityAllocation(t *testing.T) {
	e, r := mechanismEstate()
	// Priority stores are those with index%7 == 0; give them their own
	// region so that results can be read by group.
	e.Regions = append(e.Regions, "Lifeline")
	for s := range e.Stores {
		if e.Stores[s].Priority {
			e.Stores[s].Region = 2
		}
	}
	sc := mechanismScenario()
	sc.Outage.DCCapacity = 0.3
	g := 1 + 2 // the "Lifeline" region group
	avail := func(a Allocation) float64 {
		sc.Restart.Allocation = a
		res := mustRun(t, e, r, sc, Options{})
		if res.Groups[g].Name != "Lifeline" {
			t.Fatalf("group %d is %q", g, res.Groups[g].Name)
		}
		s := 0.0
		for d := sc.Outage.StartDay; d < sc.Outage.StartDay+sc.Recovery[0]; d++ {
			s += res.Band(1, g, Availability, d).Mean
		}
		return s / float64(sc.Recovery[0])
	}
	prop, prio := avail(Proportional), avail(PriorityFirst)
	if prio < prop+2 {
		t.Errorf("lifeline availability in the outage: priority %.1f%%, proportional %.1f%%: want priority at least 2 points higher", prio, prop)
	}
}

// TestDCCapacity checks the DCs' capacity path over the outage's days.
func TestDCCapacity(t *testing.T) {
	for _, tt := range []struct {
		c    float64
		j, n int
		want float64
	}{
		{0.2, 0, 0, 0.2}, {0.2, 5, 0, 0.2}, // at once
		{0.2, 0, 12, 1}, {0.2, 6, 12, 0.6}, {0.2, 12, 12, 0.2}, {0.2, 30, 12, 0.2},
		{0.5, 1, 4, 0.875},
	} {
		if got := dcCapacity(tt.c, tt.j, tt.n); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("dcCapacity(%v, %d, %d) = %v, want %v", tt.c, tt.j, tt.n, got, tt.want)
		}
	}
}
