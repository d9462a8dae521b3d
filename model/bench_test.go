package model

import (
	"context"
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
