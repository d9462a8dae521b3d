package model

import (
	"math"
	"runtime"
	"slices"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// textbook returns an estate of n cells, blockSize SKUs in each store,
// each selling Poisson(lambda) a day with no weekday effect, delivered on
// the weekdays of mask with lead time 0 (the order placed after close
// arrives before the next opening), case pack 1, unlimited shelf and DC:
// the periodic-review order-up-to model of inventory theory, with lost
// sales. The scenario turns every other mechanism off. A store's block is
// large enough for the vector kernels (simdMin), so in a vector build the
// theory checks them.
func textbook(n int, lambda float64, mask uint8) (*Estate, *Range, Scenario) {
	e := &Estate{Regions: []string{"R"}, Formats: []Format{{Name: "f"}}, DCs: []DC{{ID: "D"}}}
	r := &Range{Categories: []Category{{Name: "c", Class: Ambient}}, Start: []int{0}}
	for k := range blockSize {
		r.SKUs = append(r.SKUs, SKU{ID: "k" + itoa(k), Price: 1, Margin: 0.3, CasePack: 1, Delivery: mask})
	}
	for s := range n / blockSize {
		e.Stores = append(e.Stores, Store{ID: itoa(s)})
		for k := range blockSize {
			r.SKU = append(r.SKU, int32(k))
			r.Rate = append(r.Rate, float32(lambda))
		}
		r.Start = append(r.Start, len(r.SKU))
	}
	sc := DefaultScenario()
	sc.Recovery = nil
	sc.Days, sc.WarmupDays, sc.Replicates = 140, 14, 2
	sc.Records = Records{}
	sc.Shoppers.Response = Response{Elsewhere: 1}
	sc.Shoppers.Churn = 0
	sc.Shoppers.Basket = 0 // lost sales stay lost: the theory has no basket
	sc.Uncertainty = Uncertainty{Off: true}
	return e, r, sc
}

// TestExactPoisson compares the engine with the exact values of the
// periodic-review order-up-to model with Poisson demand and lost sales.
// With review period T days and level S, the shelf opens day j of the cycle
// (j = 0 on delivery) with max(0, S - D_j) units, D_j ~ Poisson(j lambda), so
//
//	availability = (1/T) sum_{j<T} P(Poisson(j lambda) <= S-1)
//	fill rate    = E[min(Poisson(T lambda), S)] / (T lambda)
//
// computed here with gonum's distuv.Poisson.
func TestExactPoisson(t *testing.T) {
	tests := []struct {
		name   string
		lambda float64
		mask   uint8
		T      int
	}{
		{"daily λ=2", 2, 0x7F, 1},
		{"daily λ=0.4", 0.4, 0x7F, 1},
		{"weekly λ=0.5", 0.5, 0b0000001, 7}, // Mondays only
		{"weekly λ=3", 3, 0b0000100, 7},     // Wednesdays only
	}
	const cells = 400
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, r, sc := textbook(cells, tt.lambda, tt.mask)
			en, err := newEngine(e, r, &sc)
			if err != nil {
				t.Fatal(err)
			}
			S := int(en.cell[0].orderUpTo)
			wantAvail := 0.0
			for j := range tt.T {
				if j == 0 {
					wantAvail++
					continue
				}
				wantAvail += distuv.Poisson{Lambda: float64(j) * tt.lambda}.CDF(float64(S - 1))
			}
			wantAvail /= float64(tt.T)
			X := distuv.Poisson{Lambda: float64(tt.T) * tt.lambda}
			emin := 0.0 // E[min(X, S)] = sum_{x<S} P(X > x)
			for x := range S {
				emin += 1 - X.CDF(float64(x))
			}
			wantFill := emin / (float64(tt.T) * tt.lambda)

			res := mustRun(t, e, r, sc, Options{})
			// Average whole cycles only.
			days := res.Days / tt.T * tt.T
			var avail, fill, n float64
			for d := range days {
				for rep := range res.Replicates {
					avail += res.Values(0, 0, Availability, d)[rep]
					fill += res.Values(0, 0, FillRate, d)[rep] * res.Values(0, 0, Demand, d)[rep]
					n += res.Values(0, 0, Demand, d)[rep]
				}
			}
			avail /= float64(days*res.Replicates) * 100
			fill /= n * 100
			// Monte Carlo error: 400 cells x 140 days x 2 replicates,
			// about 1e5 cell-days; 4 standard errors of a share is at
			// most 4*0.5/sqrt(1e5/T) (cycles are the independent units).
			tol := 4 * 0.5 / math.Sqrt(float64(cells*days*res.Replicates/tt.T))
			if math.Abs(avail-wantAvail) > tol {
				t.Errorf("S=%d: availability = %.4f, want %.4f ± %.4f", S, avail, wantAvail, tol)
			}
			if math.Abs(fill-wantFill) > tol {
				t.Errorf("S=%d: fill rate = %.4f, want %.4f ± %.4f", S, fill, wantFill, tol)
			}
			t.Logf("S=%d availability %.4f (exact %.4f), fill rate %.4f (exact %.4f)", S, avail, wantAvail, fill, wantFill)
		})
	}
}

// TestNegativeBinomialMoments checks the over-dispersed demand draw: with
// dispersion k the daily demand of a cell has mean mu and variance
// mu + mu^2/k (negative binomial).
func TestNegativeBinomialMoments(t *testing.T) {
	for _, tt := range []struct{ mu, k float64 }{{0.5, 1}, {3, 3}, {10, 0.7}} {
		lvl := gammaLevel(tt.k)
		k := gammaLevels[lvl]
		tab := gammaTable(lvl)
		const n = 400000
		var s, s2 float64
		key := key(1, 0, 0, 0, streamDemand)
		for i := range n {
			b := bits(key, uint64(i))
			x := float64(poisson(tt.mu*float64(tab[b&(gammaSize-1)]), hi32(b)))
			s += x
			s2 += x * x
		}
		mean := s / n
		v := s2/n - mean*mean
		wantV := tt.mu + tt.mu*tt.mu/k
		// Standard error of the mean sqrt(v/n); the variance within 3%
		// (the truncated gamma tails shave up to 2%, sampling ~1%).
		if math.Abs(mean-tt.mu) > 4*math.Sqrt(wantV/n) {
			t.Errorf("mu=%v k=%v: mean %.4f, want %.4f", tt.mu, k, mean, tt.mu)
		}
		if math.Abs(v-wantV)/wantV > 0.03 {
			t.Errorf("mu=%v k=%v: variance %.4f, want %.4f (negative binomial)", tt.mu, k, v, wantV)
		}
	}
}

// TestNegativeBinomialDemand checks the same moments through the step's
// kernels: in the textbook estate with dispersion k and a shelf that
// never runs out, each cell-day's demand has mean lambda and variance
// lambda + lambda^2/k.
func TestNegativeBinomialDemand(t *testing.T) {
	for _, tt := range []struct{ mu, k float64 }{{0.5, 1}, {3, 3}} {
		e, r, sc := textbook(25*blockSize, tt.mu, 0x7F)
		r.Categories[0].Dispersion = tt.k
		for i := range r.SKUs {
			r.SKUs[i].ShelfCap = 0
		}
		sc.Replenish.SafetyZ = 20 // a shelf that does not run out
		sc.Days, sc.Replicates = 100, 1
		k := gammaLevels[gammaLevel(tt.k)]
		var n, s, s2 float64
		vec := 0
		mustRun(t, e, r, sc, Options{Workers: 1, inspect: func(f *flows) {
			vec += f.vec
			for _, x := range f.demand {
				n++
				s += float64(x)
				s2 += float64(x) * float64(x)
			}
		}})
		checkVector(t, vec)
		mean := s / n
		v := s2/n - mean*mean
		wantV := tt.mu + tt.mu*tt.mu/k
		// 400 cells x 114 days: the standard error of the mean is
		// sqrt(v/n); the variance within 5% (the truncated gamma tails
		// shave up to 2%, sampling ~3% at this size).
		if math.Abs(mean-tt.mu) > 4*math.Sqrt(wantV/n) {
			t.Errorf("mu=%v k=%v: mean demand %.4f, want %.4f", tt.mu, k, mean, tt.mu)
		}
		if math.Abs(v-wantV)/wantV > 0.05 {
			t.Errorf("mu=%v k=%v: variance of demand %.4f, want %.4f (negative binomial)", tt.mu, k, v, wantV)
		}
	}
}

// TestDeterminism: the same inputs and seed give identical results
// whatever the number of workers or GOMAXPROCS.
func TestDeterminism(t *testing.T) {
	e, r := testEstate(16, 120)
	for d := range e.DCs {
		e.DCs[d].PickCapacity = 300
	}
	sc := smallScenario()
	sc.Sample = 0.5
	ref := mustRun(t, e, r, sc, Options{Workers: 1})
	prev := runtime.GOMAXPROCS(1)
	one := mustRun(t, e, r, sc, Options{})
	runtime.GOMAXPROCS(prev)
	for _, res := range []*Result{one, mustRun(t, e, r, sc, Options{Workers: 3}), mustRun(t, e, r, sc, Options{Workers: 16})} {
		if !slices.Equal(res.values, ref.values) {
			t.Fatal("results differ with the number of workers")
		}
		if !slices.Equal(res.SampleSE, ref.SampleSE) {
			t.Fatal("sampling errors differ with the number of workers")
		}
	}
	sc.Seed++
	if other := mustRun(t, e, r, sc, Options{}); slices.Equal(other.values, ref.values) {
		t.Fatal("a different seed gave identical results")
	}
}

// TestNoOutageIsBaseline: an outage whose scope holds no store changes
// nothing: every metric equals the baseline's, and lost sales are zero.
func TestNoOutageIsBaseline(t *testing.T) {
	e, r := testEstate(10, 80)
	e.Regions = append(e.Regions, "Nowhere")
	sc := smallScenario()
	sc.Outage.Scope.Regions = []string{"Nowhere"}
	res := mustRun(t, e, r, sc, Options{})
	for run := 1; run < len(res.Recovery); run++ {
		for g := range res.Groups {
			for m := range NumMetrics {
				for d := range res.Days {
					got, want := res.Values(run, g, m, d), res.Values(0, g, m, d)
					if m == LostSales || m == LostMargin {
						want = make([]float64, len(got))
					}
					if !slices.Equal(got, want) {
						t.Fatalf("run %d group %s %s day %d = %v, want %v", run, res.Groups[g].Name, m, d, got, want)
					}
				}
			}
		}
	}
	// And the baseline does not depend on which recovery times are swept.
	sc.Recovery = nil
	alone := mustRun(t, e, r, sc, Options{})
	for d := range res.Days {
		if got, want := alone.Values(0, 0, SalesValue, d), res.Values(0, 0, SalesValue, d); !slices.Equal(got, want) {
			t.Fatalf("baseline day %d alone = %v, in a sweep = %v", d, got, want)
		}
	}
}

// TestLongerRecoveryLosesMore: on common random numbers, expected lost
// sales never fall as the recovery time grows.
func TestLongerRecoveryLosesMore(t *testing.T) {
	e, r := testEstate(16, 160)
	sc := smallScenario()
	// The horizon must hold the whole aftermath (restart, frozen lines,
	// returning traffic) of the longest recovery, or its tail is cut off.
	sc.Days = 140
	sc.Recovery = []int{1, 3, 7, 14, 21}
	sc.Replicates = 4
	res := mustRun(t, e, r, sc, Options{})
	prev := 0.0
	for run := 1; run < len(res.Recovery); run++ {
		lost := res.Summary(run, 0).LostSales.Mean
		if lost < prev {
			t.Errorf("recovery %d days: lost sales £%.0f, below £%.0f at %d days", res.Recovery[run], lost, prev, res.Recovery[run-1])
		}
		if lost <= 0 {
			t.Errorf("recovery %d days: lost sales £%.0f, want > 0", res.Recovery[run], lost)
		}
		prev = lost
	}
}

// TestStepAllocs: the daily step allocates nothing.
func TestStepAllocs(t *testing.T) {
	e, r := testEstate(4, 400)
	sc := smallScenario()
	en, err := newEngine(e, r, &sc)
	if err != nil {
		t.Fatal(err)
	}
	ru := newRunner(en, Options{Workers: 1})
	ru.st.reset(en, 1)
	w := ru.workers[0]
	w.p = en.params(0)
	d := 0
	allocs := testing.AllocsPerRun(50, func() {
		for s := range en.nStores {
			w.step(s, &day{d: d % en.days, R: 14, acc: w.acc[1], record: d%en.days >= en.warm})
		}
		ru.dcStep(d%en.days, 14)
		d++
	})
	if allocs != 0 {
		t.Errorf("a day of %d stores allocates %v times, want 0", en.nStores, allocs)
	}
}

// TestStreamGolden pins the random stream. Do NOT change the golden values:
// every result of every scenario depends on them. A change here means the
// random numbers changed, which must be a deliberate, announced decision.
func TestStreamGolden(t *testing.T) {
	k := key(1, 2, 3, 4, streamDemand)
	got := []uint64{k, bits(k, 0), bits(k, 1), bits(k, 1<<40)}
	want := []uint64{0x443248030f53d2a7, 0xac15cfe4e0f2a9ed, 0x948bdd0b8884aa72, 0xe78d31eb99d3fae3}
	if !slices.Equal(got, want) {
		t.Errorf("stream = %#x, want %#x", got, want)
	}
}
