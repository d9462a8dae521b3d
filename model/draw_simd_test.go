//go:build goexperiment.simd && amd64

package model

import (
	"math"
	"slices"
	"testing"
)

// TestDrawSIMD: a run with the SIMD demand draw and pass gives exactly the
// results of the scalar code, in full and quick mode, with and without
// per-cell sales (which keep the baseline on the scalar pass); every golden
// file checks the same thing in SIMD builds, and this compares the two
// paths in one binary.
func TestDrawSIMD(t *testing.T) {
	if !useSIMD {
		t.Skip("the processor has no AVX-512")
	}
	e, r := testEstate(12, 600) // 150 cells a category: 45 in the sample (see simdMin)
	for i := range r.Rate {
		r.Rate[i] *= float32(1 + i%40) // slow to fast lines, some above 30 a day
	}
	for _, tt := range []struct {
		sample    float64
		cellSales bool
		push      bool // DC push throughout the outage: no last orders kept
		delay     int  // Shoppers.DelayDays if not 0 (over 3: two words of State.Ret)
	}{{0, false, false, 0}, {0.3, false, false, 0}, {0, true, false, 0}, {0, false, true, 0}, {0, false, false, 6}} {
		sc := smallScenario()
		sc.Sample = tt.sample
		if tt.delay != 0 {
			sc.Shoppers.DelayDays = tt.delay
		}
		if tt.push {
			sc.Outage.Initial, sc.Outage.Fallback = Push, Push
		}
		opt := Options{CellSales: tt.cellSales}
		vec := mustRun(t, e, r, sc, opt)
		useSIMD = false
		sca := mustRun(t, e, r, sc, opt)
		useSIMD = true
		if !slices.Equal(vec.values, sca.values) || !slices.Equal(vec.SampleSE, sca.SampleSE) || !slices.EqualFunc(vec.CellSales, sca.CellSales, func(a, b float64) bool {
			return a == b || math.IsNaN(a) && math.IsNaN(b)
		}) {
			t.Errorf("%+v: the SIMD results differ from the scalar results", tt)
		}
	}
}

// TestPoissonSlowSIMD: poissonSlowSIMD equals poissonSlow draw by draw,
// from tiny means to the normal approximation's, at uniforms across
// [0, 1) including the ends and the far tail.
func TestPoissonSlowSIMD(t *testing.T) {
	var mus, us []float64
	for _, mu := range []float64{1e-9, 0.01, 0.3, 0.999, 1, 2.5, 7, 15.3, 29.999, 30, 80, 700} {
		for _, u := range []float64{0, 1e-12, 0.1, 0.5, 0.9, 0.999, 0.999999, 1 - 0x1p-32} {
			mus, us = append(mus, mu), append(us, u)
		}
	}
	for i := range 5000 {
		b := bits(12345, uint64(i))
		mus = append(mus, 40*unit53(bits(b, 1))*unit53(bits(b, 2)))
		us = append(us, hi32(b))
	}
	n := len(mus)
	w := &worker{slowMu: append(mus, make([]float64, 8)...), slowU: append(us, make([]float64, 8)...),
		slowM: make([]int64, n+8), slowT: make([]float64, n+8), slowK: make([]int32, n+8)}
	w.poissonSlowSIMD(n)
	for i := range n {
		if want := poissonSlow(mus[i], us[i]); w.slowK[i] != want {
			t.Fatalf("mu %v, u %v: %d, want %d", mus[i], us[i], w.slowK[i], want)
		}
	}
}

// TestExactSums: the prefix sums of rates may be reordered only when
// every partial sum is exact: rates over a few decades in a category of a
// few hundred cells are; rates spanning 2^40 are not.
func TestExactSums(t *testing.T) {
	e, r := testEstate(3, 400)
	sc := smallScenario()
	en, err := newEngine(e, r, &sc)
	if err != nil {
		t.Fatal(err)
	}
	if !exactSums(en) {
		t.Error("the fixture's rates: exactSums = false, want true")
	}
	en.cell[0].rate = 0x1p-30
	en.cell[1].rate = 1 << 10
	if exactSums(en) {
		t.Error("rates from 2^-30 to 2^10: exactSums = true, want false")
	}
	// And the claim itself: summed in two orders, exact sums agree.
	var fw, bw float64
	for i := range 300 {
		fw += float64(float32(0.02 + 0.37*float64(i%97)))
	}
	for i := 299; i >= 0; i-- {
		bw += float64(float32(0.02 + 0.37*float64(i%97)))
	}
	if fw != bw {
		t.Errorf("exact sums differ by order: %v, %v", fw, bw)
	}
}

// TestCountBelow: countBelow finds lowerBound's index in cumulative rates
// with plateaus (SKUs out of stock add nothing), at every length up to
// countMax, for uniforms that fall on, between and beyond the values.
func TestCountBelow(t *testing.T) {
	a := make([]float64, countMax+8)
	for m := 1; m <= countMax; m++ {
		total := 0.0
		for i := range m {
			if bits(uint64(m), uint64(i))%3 != 0 { // a third out of stock
				total += float64(1 + i%5)
			}
			a[i] = total
		}
		for _, x := range []float64{0, 0.5, a[0], a[m/2], a[m/2] + 1e-9, a[m-1] - 0.25, a[m-1], a[m-1] + 1} {
			if got, want := countBelow(a, m, x), lowerBound(a[:m], x); got != want {
				t.Fatalf("m %d, x %v: %d, want %d", m, x, got, want)
			}
		}
	}
}
