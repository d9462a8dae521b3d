package model

import "testing"

// TestEachLossOnce follows every unit of demand and every lost trip of an
// outage through the paths a loss can take, and checks that each lands in
// exactly one outcome, so that a shopper who buys an item elsewhere and a
// trip that moves to another retailer are never the same loss counted
// twice:
//
//   - a lost trip is demand the baseline draws and the outage run does not:
//     traffic scales the mean of the same inverted draw (common random
//     numbers), so on every store-SKU-day the run draws at most the
//     baseline's units, and the difference is the trips' units;
//   - a unit the run draws is sold from its shelf, substituted away,
//     deferred or lost, exactly one (checkFlows); a unit substituted away
//     is sold as another line, walks away or fails, exactly one;
//   - the unmet units the run reports (Lost) are the units lost at gaps
//     (the lost share, walk-aways and failed substitutions) and nothing
//     else: the trips' units are not among them.
//
// Deferral and the basket, which move demand to later days or other
// lines, are off, so that the run's draws are fresh demand only.
func TestEachLossOnce(t *testing.T) {
	e, r := testEstate(6, 80)
	for d := range e.DCs {
		e.DCs[d].PickCapacity = 60
	}
	sc := smallScenario()
	sc.Recovery = []int{14}
	sc.Replicates = 1
	sc.Uncertainty.Off = true
	sc.Outage.Initial, sc.Outage.Fallback = None, None
	sc.Shoppers.Response = Response{Elsewhere: 0.4, NoBuy: 0.1, SameBrand: 0.25, OtherBrand: 0.25}
	for c := range r.Categories {
		r.Categories[c].Response = Response{}
	}
	sc.Shoppers.Churn, sc.Shoppers.Basket = 0.3, 0
	type at struct{ R, store, day, cell int }
	drawn := map[at]int32{}
	lostAt := map[[2]int]float64{} // [R, day]: units lost at gaps, the estate's
	var trips, gapLost, runDrawn int64
	res := mustRun(t, e, r, sc, Options{Workers: 1, inspect: func(f *flows) {
		checkFlows(t, f)
		for j, i := range f.cells {
			drawn[at{f.R, f.store, f.day, i}] = f.demand[j]
			lostAt[[2]int{f.R, f.day}] += float64(f.lost[j])
		}
		lostAt[[2]int{f.R, f.day}] += float64(f.walk + f.failed)
	}})
	warm := res.Scenario.WarmupDays
	for k, run := range drawn {
		if k.R == 0 || k.day < warm+sc.Outage.StartDay {
			continue
		}
		base, ok := drawn[at{0, k.store, k.day, k.cell}]
		if !ok {
			t.Fatalf("store %d day %d cell %d: no baseline draw", k.store, k.day, k.cell)
		}
		if run > base {
			t.Fatalf("store %d day %d cell %d: the outage run drew %d units, the baseline %d: a unit drawn in the run must be drawn in the baseline", k.store, k.day, k.cell, run, base)
		}
		trips += int64(base - run)
		runDrawn += int64(run)
	}
	for d := range res.Days {
		got := res.Values(1, 0, Lost, d)[0]
		want, ok := lostAt[[2]int{14, warm + d}]
		if !ok {
			want = lostAt[[2]int{0, warm + d}] // before the outage the runs share their days
		}
		gapLost += int64(want)
		if !close(got, want, 1e-6*want+1e-6) {
			t.Fatalf("day %d: the run reports %.1f units not met, the units lost at gaps are %.0f: want them equal (a lost trip is not a unit not met)", d, got, want)
		}
	}
	if trips == 0 || gapLost == 0 {
		t.Fatalf("lost trips %d units, lost at gaps %d: the test must see both", trips, gapLost)
	}
	t.Logf("outage run: %d units drawn, %d lost at gaps; %d units of lost trips", runDrawn, gapLost, trips)
}
