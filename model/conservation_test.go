package model

import (
	"testing"
)

// checkFlows asserts the conservation laws on one store-day:
//
//	open + received - wasted - sold - shrink = close   (every cell)
//	demand = own + substituted away + deferred + lost   (every cell)
//	substituted away = walked away + failed + substituted in   (the store)
//
// and that the system's orders are placed from the closing book, after the
// day's substitute sales.
func checkFlows(t *testing.T, f *flows) {
	t.Helper()
	var out, in int32
	for j := range f.cells {
		if got := f.open[j] + f.recv[j] - f.waste[j] - f.sold[j] - f.shrink[j]; got != f.close[j] {
			t.Fatalf("store %d day %d cell %d: open %d + recv %d - waste %d - sold %d - shrink %d = %d, want close %d",
				f.store, f.day, f.cells[j], f.open[j], f.recv[j], f.waste[j], f.sold[j], f.shrink[j], got, f.close[j])
		}
		if got := f.own[j] + f.subOut[j] + f.deferred[j] + f.lost[j]; got != f.demand[j] {
			t.Fatalf("store %d day %d cell %d: own %d + subOut %d + deferred %d + lost %d = %d, want demand %d",
				f.store, f.day, f.cells[j], f.own[j], f.subOut[j], f.deferred[j], f.lost[j], got, f.demand[j])
		}
		if f.close[j] < 0 || f.book[j] < 0 {
			t.Fatalf("store %d day %d cell %d: close %d, book %d: want >= 0", f.store, f.day, f.cells[j], f.close[j], f.book[j])
		}
		if f.want[j] >= 0 && f.order[j] != f.want[j] {
			t.Fatalf("store %d day %d cell %d: ordered %d cases, want %d from the closing book %d (substitute sales %d)",
				f.store, f.day, f.cells[j], f.order[j], f.want[j], f.book[j], f.subIn[j])
		}
		if f.cohort[j] >= 0 && (f.cohort[j] != f.close[j] || f.late[j] != 0) {
			t.Fatalf("store %d day %d cell %d: stock in the cohorts %d, want close %d; %d expiring after the shelf life, want 0",
				f.store, f.day, f.cells[j], f.cohort[j], f.close[j], f.late[j])
		}
		if f.sold[j] != f.own[j]+f.subIn[j] {
			t.Fatalf("store %d day %d cell %d: sold %d, want own %d + subIn %d", f.store, f.day, f.cells[j], f.sold[j], f.own[j], f.subIn[j])
		}
		out += f.subOut[j]
		in += f.subIn[j]
	}
	if out != f.walk+f.failed+in {
		t.Fatalf("store %d day %d: substituted away %d, want walked %d + failed %d + substituted in %d", f.store, f.day, out, f.walk, f.failed, in)
	}
}

// TestConservation checks the conservation laws on every store-SKU-day of
// a run with every mechanism on, in every fallback mode (with and without
// direct store deliveries, which arrive as received stock), through whichever
// kernels the build has (each category block has 30 cells: the vector
// kernels take it where they are built).
//
// In the "mixed" runs the fresh category mixes shelf lives (2 to 7 days,
// and some lines that keep), lead times and so expiry horizons: its
// cohorts then have more rows than some of its SKUs' lives.
func TestConservation(t *testing.T) {
	for _, tc := range []struct {
		fb         Fallback
		mixed, dsd bool
	}{{None, false, false}, {CoreRange, false, false}, {Repeat, false, false}, {Push, false, false},
		{None, true, false}, {Push, true, false},
		{CoreRange, false, true}, {Repeat, false, true}, {Push, true, true}} {
		fb := tc.fb
		name := fb.String()
		if tc.mixed {
			name += "/mixed"
		}
		if tc.dsd {
			name += "/direct"
		}
		t.Run(name, func(t *testing.T) {
			e, r := testEstate(12, 120)
			if tc.mixed {
				mixLives(r)
			}
			if tc.dsd {
				// Direct deliveries: a share in three categories of
				// four (their blocks take the plain kernels); the fourth
				// has none, so the vector kernels still run.
				for c := range r.Categories {
					r.Categories[c].DSD = []float64{0.4, 0.25, 1, 0}[c%4]
				}
			}
			for d := range e.DCs {
				e.DCs[d].PickCapacity = 400
			}
			sc := smallScenario()
			sc.Outage.Fallback = fb
			sc.Replicates = 2
			days, vec := 0, 0
			res := mustRun(t, e, r, sc, Options{Workers: 1, inspect: func(f *flows) {
				days++
				vec += f.vec
				checkFlows(t, f)
			}})
			if days == 0 {
				t.Fatal("inspect was never called")
			}
			checkVector(t, vec)
			// The estate's daily identity, from the Result:
			// demand = served from own shelf + (substituted away) + deferred + lost,
			// where lost includes failed substitutions.
			for run := range res.Recovery {
				for d := range res.Days {
					v := func(m Metric) float64 { return res.Values(run, 0, m, d)[0] }
					own := v(FillRate) / 100 * v(Demand)
					if got := own + v(Substituted) + v(Deferred) + v(Lost); !close(got, v(Demand), 1e-6*v(Demand)+1e-6) {
						t.Fatalf("run %d day %d: own %.1f + substituted %.1f + deferred %.1f + lost %.1f = %.1f, want demand %.1f",
							run, d, own, v(Substituted), v(Deferred), v(Lost), got, v(Demand))
					}
					if got := own + v(Substituted); !close(got, v(Sales), 1e-6*v(Sales)+1e-6) {
						t.Fatalf("run %d day %d: own %.1f + substituted %.1f = %.1f, want sales %.1f", run, d, own, v(Substituted), got, v(Sales))
					}
				}
			}
		})
	}
}

// mixLives gives the fresh category of testEstate's range shelf lives of
// 2 to 7 days, and none for one line in nine, and lead times of 0 to 2
// days.
func mixLives(r *Range) {
	for k := range r.SKUs {
		if r.SKUs[k].Category == 1 {
			r.SKUs[k].ShelfLife = 2 + k%6
			if k%9 == 1 {
				r.SKUs[k].ShelfLife = 0
			}
			r.SKUs[k].LeadDays = k % 3
		}
	}
}

func close(a, b, tol float64) bool { return a-b <= tol && b-a <= tol }
