//go:build goexperiment.simd && amd64

package model

import (
	"math"
	"slices"
	"testing"
)

// TestDrawSIMD: a run with the SIMD demand draw gives exactly the results
// of the scalar draw, in full and quick mode (every golden file checks the
// same thing in SIMD builds; this compares the two paths in one binary).
func TestDrawSIMD(t *testing.T) {
	if !useSIMD {
		t.Skip("the processor has no AVX-512")
	}
	e, r := testEstate(12, 200)
	for i := range r.Rate {
		r.Rate[i] *= float32(1 + i%40) // slow to fast lines, some above 30 a day
	}
	for _, sample := range []float64{0, 0.3} {
		sc := smallScenario()
		sc.Sample = sample
		vec := mustRun(t, e, r, sc, Options{CellSales: true})
		useSIMD = false
		sca := mustRun(t, e, r, sc, Options{CellSales: true})
		useSIMD = true
		if !slices.Equal(vec.values, sca.values) || !slices.EqualFunc(vec.CellSales, sca.CellSales, func(a, b float64) bool {
			return a == b || math.IsNaN(a) && math.IsNaN(b)
		}) {
			t.Errorf("sample %v: the SIMD draw's results differ from the scalar draw's", sample)
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
