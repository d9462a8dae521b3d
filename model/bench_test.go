package model

import (
	"context"
	"math"
	"runtime"
	"sync"
	"testing"
)

// BenchmarkStep measures the engine on the model's own fixture: 100 stores
// x 3,000 SKUs, one replicate, the baseline and one 14-day recovery.
// It reports store-SKU-days per second (cell-days/s). BenchmarkDefaultEstate
// (default_bench_test.go) runs the full default estate.
func BenchmarkStep(b *testing.B) {
	e, r := testEstate(100, 3000)
	sc := DefaultScenario()
	sc.Replicates = 1
	sc.Recovery = []int{14}
	b.ReportAllocs()
	var cd int64
	for b.Loop() {
		res, err := Run(context.Background(), e, r, sc, Options{})
		if err != nil {
			b.Fatal(err)
		}
		cd += res.CellDays
	}
	b.ReportMetric(float64(cd)/b.Elapsed().Seconds(), "cell-days/s")
}

// BenchmarkBareLoop is the yardstick for this machine: a bare loop
// that draws Poisson demand (a counter-based uniform, then inversion by
// sequential search from a precomputed e^-mu) and updates one stock number per cell,
// with a reorder to S when stock falls to s, over 6.4 million cells (the
// default estate's size) split over GOMAXPROCS goroutines. It has none of
// the model; compare its cell-days/s with BenchmarkDefaultEstate's to see
// how far the full model is from the bare cost of a draw.
func BenchmarkBareLoop(b *testing.B) {
	const n, days = 6_370_000, 20
	mu := make([]float64, n)
	e := make([]float64, n) // e^-mu
	stock := make([]int32, n)
	for i := range mu {
		mu[i] = 0.05 + 4*float64(i%1000)/1000*float64(i%1000)/1000 // skewed, mean 1.4
		e[i] = math.Exp(-mu[i])
		stock[i] = 10
	}
	nw := runtime.GOMAXPROCS(0)
	var cd int64
	for b.Loop() {
		var wg sync.WaitGroup
		for w := range nw {
			lo, hi := w*n/nw, (w+1)*n/nw
			wg.Go(func() {
				for d := range days {
					k := key(1, 0, w, d, streamDemand)
					for i := lo; i < hi; i++ {
						u := unit53(bits(k, uint64(i)))
						p := e[i]
						f, x := p, int32(0)
						for u >= f && x < 200 {
							x++
							p *= mu[i] / float64(x)
							f += p
						}
						s := stock[i] - min(x, stock[i])
						if s <= 2 {
							s = 10
						}
						stock[i] = s
					}
				}
			})
		}
		wg.Wait()
		cd += n * days
	}
	b.ReportMetric(float64(cd)/b.Elapsed().Seconds(), "cell-days/s")
}
