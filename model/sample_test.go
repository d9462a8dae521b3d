package model

import (
	"math"
	"slices"
	"testing"
)

// quickEstate is testEstate with stores that differ: their rates are
// scaled by 0.4 to 2.4 by store (so that the PPS sizes differ), and DCs
// with pick capacity that binds in the catch-up.
func quickEstate(stores, skus int) (*Estate, *Range) {
	e, r := testEstate(stores, skus)
	for s := range stores {
		f := float32(0.4 + 0.5*float64(s%5))
		for c := r.Start[s]; c < r.Start[s+1]; c++ {
			r.Rate[c] *= f
		}
	}
	for d := range e.DCs {
		e.DCs[d].PickCapacity = float64(stores) * 6
	}
	return e, r
}

// TestQuickMode: quick mode's mean lost sales agree with the full run's
// on the same seed (the same replicates' parameters and, store by store,
// the same random numbers) within 3 of the sampling errors it reports, at
// every recovery time; and its baseline availability within a point.
func TestQuickMode(t *testing.T) {
	e, r := quickEstate(80, 120)
	sc := smallScenario()
	sc.Replicates = 12
	full := mustRun(t, e, r, sc, Options{})
	sc.Sample = 0.2
	quick := mustRun(t, e, r, sc, Options{})
	if quick.SampleSE == nil || full.SampleSE != nil {
		t.Fatalf("SampleSE: quick %v, full %v: want set only in quick mode", quick.SampleSE, full.SampleSE)
	}
	if quick.Stores != 16 || quick.StoresFull != 80 || full.Stores != 80 {
		t.Errorf("stores: quick %d of %d, full %d: want 16 of 80, 80", quick.Stores, quick.StoresFull, full.Stores)
	}
	for run := 1; run < len(quick.Recovery); run++ {
		f, q := full.Summary(run, 0).LostSales.Mean, quick.Summary(run, 0).LostSales.Mean
		se := quick.SampleSE[run]
		if se <= 0 || math.Abs(q-f) > 3*se {
			t.Errorf("%d days: lost sales quick £%.0f (SE £%.0f), full £%.0f: off by %.1f SE",
				quick.Recovery[run], q, se, f, math.Abs(q-f)/se)
		}
		if rep := quick.SampleSERep[run]; rep < se {
			t.Errorf("%d days: one replicate's sampling error £%.0f below the mean's £%.0f", quick.Recovery[run], rep, se)
		}
		t.Logf("%d days: lost sales full £%.0f quick £%.0f ± %.0f (%.1f%%)", quick.Recovery[run], f, q, se, 100*se/q)
	}
	fa, qa := full.Band(0, 0, Availability, 20).Mean, quick.Band(0, 0, Availability, 20).Mean
	if math.Abs(fa-qa) > 1 {
		t.Errorf("baseline availability: quick %.1f%%, full %.1f%%", qa, fa)
	}
}

// TestQuickModeWorkers: quick mode runs its replicates side by side; the
// results do not depend on how many.
func TestQuickModeWorkers(t *testing.T) {
	e, r := quickEstate(40, 80)
	sc := smallScenario()
	sc.Replicates = 5
	sc.Sample = 0.3
	a := mustRun(t, e, r, sc, Options{Workers: 1})
	b := mustRun(t, e, r, sc, Options{Workers: 3})
	if !slices.Equal(a.values, b.values) || !slices.Equal(a.SampleSE, b.SampleSE) {
		t.Error("quick mode: results differ between 1 and 3 workers")
	}
}

// TestDesign checks quick mode's sample of stores: every replicate draws
// the same number of stores, none twice; its PPS weights estimate the
// estate's total size exactly (each draw's weight times size is the step);
// each random group holds a quarter of the draws; and the replicates
// interleave, so that over R replicates a store is drawn R times its
// inclusion probability, rounded up or down.
func TestDesign(t *testing.T) {
	e, r := quickEstate(200, 40)
	sc := smallScenario()
	sc.Replicates = 10
	sc.Sample = 0.08 // 16 stores a replicate
	inScope := make([]bool, len(e.Stores))
	for s := range inScope {
		inScope[s] = true
	}
	d := newDesign(e, r, &sc, inScope)
	size := storeSizes(r)
	var total float64
	for _, v := range size {
		total += v
	}
	count := make([]int, len(e.Stores))
	for rep, picks := range d.reps {
		if len(picks) != 16 {
			t.Fatalf("replicate %d draws %d stores, want 16", rep, len(picks))
		}
		var est float64
		var groups [4]int
		seen := map[int32]bool{}
		for _, p := range picks {
			if seen[p.store] {
				t.Errorf("replicate %d draws store %d twice", rep, p.store)
			}
			seen[p.store] = true
			count[p.store]++
			est += float64(p.wq) / wScale * size[p.store]
			groups[p.group]++
		}
		if math.Abs(est-total) > 1e-3*total {
			t.Errorf("replicate %d: weighted size %.1f, want the estate's %.1f", rep, est, total)
		}
		if groups != [4]int{4, 4, 4, 4} {
			t.Errorf("replicate %d: random groups hold %v draws, want 4 each", rep, groups)
		}
	}
	for s, n := range count {
		want := float64(sc.Replicates) * 16 * size[s] / total
		if float64(n) < math.Floor(want) || float64(n) > math.Ceil(want) {
			t.Errorf("store %d drawn %d times in %d replicates, want %.2f rounded", s, n, sc.Replicates, want)
		}
	}
}

// TestQuickSample: the share quick mode picks keeps the run within its
// budget of store-SKU-days, and is the whole estate when that fits.
func TestQuickSample(t *testing.T) {
	e, r := quickEstate(100, 40)
	sc := smallScenario()
	full := int64(r.Cells()) * int64(sc.Replicates) * int64(sweepDays(&sc))
	if f := QuickSample(e, r, sc, full); f != 1 {
		t.Errorf("budget of the full run: sample %v, want 1", f)
	}
	f := QuickSample(e, r, sc, full/5)
	n := sampleStores(f, len(e.Stores))
	if n%4 != 0 || n < 8 || n > 20 {
		t.Errorf("budget of a fifth: %d stores, want a multiple of 4, 8 to 20", n)
	}
	sc.Sample = f
	res := mustRun(t, e, r, sc, Options{})
	if res.CellDays > full/5 {
		t.Errorf("budget %d store-SKU-days, run took %d", full/5, res.CellDays)
	}
}

// TestDCSampledSKUs: in quick mode a DC steps only the SKUs its sampled
// stores carry (dcActive), and the results are the same, to the bit, as
// when it steps every SKU: with the DCs' pick capacity binding, shared
// proportionally, by need and priority stores first. The stores carry
// different parts of the range, so that the lists leave SKUs out.
func TestDCSampledSKUs(t *testing.T) {
	e, r := quickEstate(40, 120)
	r = thinRange(r, func(s, k int) bool { return (k%4 != 3 || s%4 == 0) && ((k+s)%5 == 0 || k < 8) })
	for _, c := range []struct {
		name         string
		byNeed, prio bool
	}{{"proportional", false, false}, {"by need", true, false}, {"priority first", false, true}} {
		sc := smallScenario()
		sc.Replicates = 4
		sc.Sample = 0.2
		sc.Outage.DCByNeed = c.byNeed
		if c.prio {
			sc.Restart.Allocation = PriorityFirst
		}
		en, err := newEngine(e, r, &sc)
		if err != nil {
			t.Fatal(err)
		}
		stepped, skipped := 0, 0
		for dc := range en.nDCs {
			ks, need := en.dcSKUs(dc)
			if len(need) != len(ks) {
				t.Fatalf("DC %d: %d SKUs in need order, %d stepped", dc, len(need), len(ks))
			}
			stepped += len(ks)
			skipped += en.nSKUs - len(ks)
		}
		if stepped == 0 || skipped == 0 {
			t.Fatalf("%s: the DCs step %d SKUs and skip %d: want some of each", c.name, stepped, skipped)
		}
		res := mustRun(t, e, r, sc, Options{})
		dcEverySKU = true
		all := mustRun(t, e, r, sc, Options{})
		dcEverySKU = false
		if !slices.Equal(res.values, all.values) || !slices.Equal(res.SampleSE, all.SampleSE) {
			t.Errorf("%s: results differ when the DCs step only their sampled stores' SKUs", c.name)
		}
		if lost := res.Summary(len(res.Recovery)-1, 0).LostSales.Mean; !(lost > 0) {
			t.Errorf("%s: lost sales %v: want some, for the comparison to mean something", c.name, lost)
		}
	}
}

// thinRange returns r with only the cells for which keep(store, sku).
func thinRange(r *Range, keep func(s, k int) bool) *Range {
	out := *r
	out.SKU, out.Rate = nil, nil
	out.Start = make([]int, len(r.Start))
	for s := range len(r.Start) - 1 {
		for c := r.Start[s]; c < r.Start[s+1]; c++ {
			if keep(s, int(r.SKU[c])) {
				out.SKU = append(out.SKU, r.SKU[c])
				out.Rate = append(out.Rate, r.Rate[c])
			}
		}
		out.Start[s+1] = len(out.SKU)
	}
	return &out
}
