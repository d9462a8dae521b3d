//go:build goexperiment.simd && amd64

package model

import (
	"fmt"
	"math"
	"os"
	"slices"
	"testing"
	"unsafe"
)

// requireVector skips a test of the vector kernels on a processor without
// AVX-512, except in CI (CI=true), where the vector build is run to test
// them: there it fails, so that the step cannot pass having checked
// nothing.
func requireVector(t *testing.T) {
	t.Helper()
	if useSIMD {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("CI runs the vector build (GOEXPERIMENT=simd), but this processor has no AVX-512: the vector kernels would go untested")
	}
	t.Skip("the processor has no AVX-512")
}

// vectorCases are runs whose blocks take every branch of the vector
// kernels: full and quick mode, per-cell sales, the DC push (no last
// orders kept), a delay window over two words of state.Ret, fresh lines
// of mixed lives (their blocks stay plain), a DC that runs short, and
// direct store deliveries.
var vectorCases = []struct {
	name      string
	sample    float64
	cellSales bool
	push      bool // DC push throughout the outage
	delay     int  // Shoppers.DelayDays if not 0 (over 3: two words of state.Ret)
	mixed     bool // mixLives
	short     bool // DCs with little stock and pick capacity
	dsd       bool // categories with direct deliveries (Category.DSD)
}{
	{name: "full"}, {name: "quick", sample: 0.3}, {name: "cellsales", cellSales: true},
	{name: "push", push: true}, {name: "delay6", delay: 6}, {name: "mixed", mixed: true},
	{name: "short", short: true}, {name: "dsd", dsd: true},
}

// vectorFixture is the estate and scenario of a vector case: 150 cells a
// category (45 in the quick sample, see simdMin), slow to fast lines.
func vectorFixture(i int) (*Estate, *Range, Scenario, Options) {
	tt := vectorCases[i]
	e, r := testEstate(12, 600)
	for i := range r.Rate {
		r.Rate[i] *= float32(1 + i%40) // some above 30 a day
	}
	if tt.mixed {
		mixLives(r)
	}
	if tt.dsd {
		for c := range r.Categories {
			r.Categories[c].DSD = []float64{0.4, 0.25, 1, 0}[c%4]
		}
	}
	if tt.short {
		for d := range e.DCs {
			e.DCs[d].StockDays, e.DCs[d].PickCapacity = 0.5, 300
		}
	}
	sc := smallScenario()
	sc.Sample = tt.sample
	if tt.delay != 0 {
		sc.Shoppers.DelayDays = tt.delay
	}
	if tt.push {
		sc.Outage.Initial, sc.Outage.Fallback = Push, Push
	}
	return e, r, sc, Options{CellSales: tt.cellSales}
}

// TestVectorResults: a run with the vector kernels gives exactly the
// results of the plain kernels. Every golden file checks the same in
// vector builds; this compares the two in one binary.
func TestVectorResults(t *testing.T) {
	requireVector(t)
	for i, tt := range vectorCases {
		e, r, sc, opt := vectorFixture(i)
		vec := mustRun(t, e, r, sc, opt)
		useSIMD = false
		sca := mustRun(t, e, r, sc, opt)
		useSIMD = true
		if !slices.Equal(vec.values, sca.values) || !slices.Equal(vec.SampleSE, sca.SampleSE) || !slices.EqualFunc(vec.CellSales, sca.CellSales, func(a, b float64) bool {
			return a == b || math.IsNaN(a) && math.IsNaN(b)
		}) {
			t.Errorf("%s: the vector kernels' results differ from the plain kernels'", tt.name)
		}
	}
}

// TestPoissonSlowSIMD: poissonSlowSIMD equals poissonSlow draw by draw,
// from tiny means to the normal approximation's, at uniforms across
// [0, 1) including the ends and the far tail.
func TestPoissonSlowSIMD(t *testing.T) {
	requireVector(t)
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
	requireVector(t)
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

// TestKernelsSIMD is the differential test of each vector kernel against
// its plain kernel, block by block, on every block of the vector cases'
// runs: before each vector kernel runs, the block is copied (its state,
// the whole pipeline, delayed-demand and cohort arrays, the scratch and
// sums), the plain kernel runs on the copy, and every output is compared.
// A failure names the kernel, the store, day and cell, and the field.
func TestKernelsSIMD(t *testing.T) {
	requireVector(t)
	saved := vector
	defer func() { vector = saved }()
	for i, tt := range vectorCases {
		var fail string
		blocks := 0
		wrap := func(name string, plainK, vecK func(*block)) func(*block) {
			return func(b *block) {
				// The first three stores' blocks; not those the twin hands
				// to the plain kernel.
				if fail != "" || b.clo >= b.w.en.start[3] || !b.vec && !b.vecDraw {
					vecK(b)
					return
				}
				blocks++
				c := cloneBlock(b)
				plainK(c)
				vecK(b)
				if msg := diffBlocks(b, c); msg != "" {
					fail = fmt.Sprintf("%s: %s (vector kernel %s, block of cells %d to %d, day %d)", tt.name, msg, name, b.clo, b.clo+b.m-1, b.d)
				}
			}
		}
		vector = kernels{
			receive:   wrap("receive", receive, saved.receive),
			draw:      wrap("draw", draw, saved.draw),
			sell:      wrap("sell", sell, saved.sell),
			record:    wrap("record", record, saved.record),
			poolRates: wrap("poolRates", poolRates, saved.poolRates),
			orders:    wrap("orders", orders, saved.orders),
		}
		e, r, sc, opt := vectorFixture(i)
		opt.Workers = 1
		mustRun(t, e, r, sc, opt)
		if fail != "" {
			t.Fatal(fail)
		}
		if blocks == 0 {
			t.Fatalf("%s: no block ran the vector kernels", tt.name)
		}
	}
}

// cloneBlock returns a copy of b whose slices are copies, with their
// spare capacity (the vector kernels read past a block's end), and alias
// each other as b's do.
func cloneBlock(b *block) *block {
	c := *b
	c.w = b.w
	c.shelf, c.book, c.onOrder = cloneCap(b.shelf), cloneCap(b.book), cloneCap(b.onOrder)
	c.pipe, c.pipeIn = cloneWithin(b.pipe, b.pipeIn)
	c.ret, c.retIn = cloneWithin(b.ret, b.retIn)
	c.creq, c.pend, c.zrun, c.last = cloneCap(b.creq), cloneCap(b.pend), cloneCap(b.zrun), cloneCap(b.last)
	c.cohort = cloneCap(b.cohort)
	c.req, c.cellSold = cloneCap(b.req), cloneCap(b.cellSold)
	lo := *b.cohLo
	c.cohLo = &lo
	c.rnd, c.dem, c.recv, c.waste = cloneCap(b.rnd), cloneCap(b.dem), cloneCap(b.recv), cloneCap(b.waste)
	c.own, c.lost, c.del, c.sub, c.shr = cloneCap(b.own), cloneCap(b.lost), cloneCap(b.del), cloneCap(b.sub), cloneCap(b.shr)
	c.cum, c.slowJ, c.slowMu = cloneCap(b.cum), cloneCap(b.slowJ), cloneCap(b.slowMu)
	sum, gs := *b.sum, *b.groupSales
	c.sum, c.groupSales = &sum, &gs
	return &c
}

// clones holds cloneCap's copies, reused from one block to the next (keyed
// by the original's array): the test copies whole state arrays thousands
// of times.
var clones = map[unsafe.Pointer]any{}

func cloneCap[T any](x []T) []T {
	if x == nil {
		return nil
	}
	key := unsafe.Pointer(unsafe.SliceData(x))
	y, ok := clones[key].([]T)
	if !ok || cap(y) != cap(x) {
		y = make([]T, cap(x))
		clones[key] = y
	}
	copy(y, x[:cap(x)])
	return y[:len(x)]
}

// cloneWithin clones all and returns, within the clone, the part that
// part is of all.
func cloneWithin[T any](all, part []T) ([]T, []T) {
	c := cloneCap(all)
	off := (uintptr(unsafe.Pointer(unsafe.SliceData(part))) - uintptr(unsafe.Pointer(unsafe.SliceData(all)))) / unsafe.Sizeof(all[0])
	return c, c[off : int(off)+len(part) : int(off)+cap(part)]
}

// diffBlocks returns the first difference between the vector kernel's
// outputs (v) and the plain kernel's (p), or "".
func diffBlocks(v, p *block) string {
	m := v.m
	for _, f := range []struct {
		name string
		v, p []int32
	}{
		{"shelf", v.shelf, p.shelf}, {"book", v.book, p.book}, {"onOrder", v.onOrder, p.onOrder},
		{"dem", v.dem[:m], p.dem[:m]}, {"recv", v.recv[:m], p.recv[:m]}, {"waste", v.waste[:m], p.waste[:m]},
		{"own", v.own[:m], p.own[:m]}, {"lost", v.lost[:m], p.lost[:m]}, {"del", v.del[:m], p.del[:m]},
		{"sub", v.sub[:m], p.sub[:m]}, {"shr", v.shr[:m], p.shr[:m]},
	} {
		if j := firstDiff(f.v, f.p); j >= 0 {
			return fmt.Sprintf("cell %d (block cell %d): %s = %d, want %d", v.clo+j, j, f.name, f.v[j], f.p[j])
		}
	}
	for _, f := range []struct {
		name string
		v, p []int16
	}{{"creq", v.creq, p.creq}, {"last", v.last, p.last}} {
		if j := firstDiff(f.v, f.p); j >= 0 {
			return fmt.Sprintf("cell %d (block cell %d): %s = %d, want %d", v.clo+j, j, f.name, f.v[j], f.p[j])
		}
	}
	if j := firstDiff(v.zrun, p.zrun); j >= 0 {
		return fmt.Sprintf("cell %d (block cell %d): zrun = %d, want %d", v.clo+j, j, v.zrun[j], p.zrun[j])
	}
	if j := firstDiff(v.pend, p.pend); j >= 0 {
		return fmt.Sprintf("cell %d (block cell %d): pend = %v, want %v", v.clo+j, j, v.pend[j], p.pend[j])
	}
	if j := firstDiff(v.rnd[:m], p.rnd[:m]); j >= 0 {
		return fmt.Sprintf("cell %d (block cell %d): rnd = %#x, want %#x", v.clo+j, j, v.rnd[j], p.rnd[j])
	}
	if j := firstDiff(v.cum[:m], p.cum[:m]); j >= 0 {
		return fmt.Sprintf("cell %d (block cell %d): cum = %v, want %v", v.clo+j, j, v.cum[j], p.cum[j])
	}
	if x := firstDiff(v.pipe, p.pipe); x >= 0 {
		return fmt.Sprintf("cell %d of pipeline row %d: %d units, want %d", x%v.n, x/v.n, v.pipe[x], p.pipe[x])
	}
	if x := firstDiff(v.ret, p.ret); x >= 0 {
		return fmt.Sprintf("cell %d of delayed-demand word %d: %#x, want %#x", x%v.n, x/v.n, v.ret[x], p.ret[x])
	}
	if x := firstDiff(v.cohort, p.cohort); x >= 0 {
		return fmt.Sprintf("cohort entry %d: %d units, want %d", x, v.cohort[x], p.cohort[x])
	}
	if k := firstDiff(v.req, p.req); k >= 0 {
		return fmt.Sprintf("SKU %d: the DC request %d, want %d", k, v.req[k], p.req[k])
	}
	if i := firstDiff(v.cellSold, p.cellSold); i >= 0 {
		return fmt.Sprintf("cell %d: cellSold %d, want %d", i, v.cellSold[i], p.cellSold[i])
	}
	if r := firstDiff(v.sum[:], p.sum[:]); r >= 0 {
		return fmt.Sprintf("the block's raw metric %d: %d, want %d", r, v.sum[r], p.sum[r])
	}
	if g := firstDiff(v.groupSales[:], p.groupSales[:]); g >= 0 {
		return fmt.Sprintf("the sales of random group %d: %d, want %d", g, v.groupSales[g], p.groupSales[g])
	}
	switch {
	case v.gaps != p.gaps:
		return fmt.Sprintf("gaps %d, want %d", v.gaps, p.gaps)
	case v.pool != p.pool || v.poolW != p.poolW:
		return fmt.Sprintf("pool %d (weight %d), want %d (%d)", v.pool, v.poolW, p.pool, p.poolW)
	case v.total != p.total:
		return fmt.Sprintf("the pool's total rate %v, want %v", v.total, p.total)
	}
	return ""
}

// firstDiff returns the first index where a and b differ, or -1.
func firstDiff[T comparable](a, b []T) int {
	if len(a) == len(b) && bytesOf(a) == bytesOf(b) {
		return -1
	}
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	if len(a) != len(b) {
		return min(len(a), len(b))
	}
	return -1
}

// bytesOf returns x's memory as a string, for a fast comparison.
func bytesOf[T any](x []T) string {
	if len(x) == 0 {
		return ""
	}
	return unsafe.String((*byte)(unsafe.Pointer(unsafe.SliceData(x))), len(x)*int(unsafe.Sizeof(x[0])))
}
