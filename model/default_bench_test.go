package model_test

import (
	"context"
	"syscall"
	"testing"

	"github.com/shelfgap/shelfgap/data"
	"github.com/shelfgap/shelfgap/model"
)

// BenchmarkDefaultEstate runs the built-in default estate (2,300 stores,
// 6.37 million store-SKU cells) through the default sweep (the baseline
// and recovery times of 3, 7, 14, 21 and 28 days) with one replicate, at
// full resolution and in quick mode. It reports store-SKU-days per second
// (cell-days/s, counting the days simulated after prefix sharing) and the
// process's peak resident memory (maxrss-MiB). Run it with
//
//	go test ./model -run - -bench DefaultEstate -benchtime 1x
//
// (a few minutes on 2 cores). This is a benchmark and an external test
// package only, so package model still imports nothing of ours.
func BenchmarkDefaultEstate(b *testing.B) {
	e, r, err := data.Default().Build()
	if err != nil {
		b.Fatal(err)
	}
	for _, bm := range []struct {
		name   string
		sample float64
	}{{"full", 1}, {"quick8stores", 8.0 / float64(len(e.Stores))}} {
		b.Run(bm.name, func(b *testing.B) {
			sc := model.DefaultScenario()
			sc.Replicates = 1
			sc.Sample = bm.sample
			benchRun(b, e, r, sc)
			var ru syscall.Rusage
			if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err == nil {
				b.ReportMetric(float64(ru.Maxrss)/1024, "maxrss-MiB") // Linux: KiB
			}
		})
	}
}

// BenchmarkDefault300 runs the first 300 stores of the default estate at
// full resolution, one replicate of the default sweep: the same per-store
// work as the full estate in an eighth of the time, for profiling
// (-cpuprofile).
func BenchmarkDefault300(b *testing.B) { benchStores(b, 300) }

// BenchmarkDefault300NoDSD is BenchmarkDefault300 with every category
// supplied through the DCs (Category.DSD = 0): the same work as the
// default estate had before direct store deliveries, to compare the
// kernels' speed with a tree from before them.
func BenchmarkDefault300NoDSD(b *testing.B) { benchStores(b, 300, noDSD) }

// BenchmarkDefault300Before is BenchmarkDefault300 with the mechanisms
// added since the daily step became named kernels switched off: direct
// store deliveries, daily gap scans, the basket response, the central
// forecast's error and need-first DC picking. It does the work the
// model did before them, to compare the kernels' own speed with a tree
// from before them (as one number of cell-days a second).
func BenchmarkDefault300Before(b *testing.B) { benchStores(b, 300, noDSD, before) }

// BenchmarkDefault30 is BenchmarkDefault300 with 30 stores, small enough to
// count instructions and simulate branch prediction under valgrind
// (cachegrind --branch-sim=yes); the DCs' step is a larger share here.
func BenchmarkDefault30(b *testing.B) { benchStores(b, 30) }

// BenchmarkDefault30NoDSD is BenchmarkDefault30 without direct deliveries
// (see BenchmarkDefault300NoDSD).
func BenchmarkDefault30NoDSD(b *testing.B) { benchStores(b, 30, noDSD) }

// benchStores runs the first n stores of the default estate under the
// default scenario, edited by each of edits.
func benchStores(b *testing.B, n int, edits ...func(*model.Range, *model.Scenario)) {
	e, r, err := data.Default().Build()
	if err != nil {
		b.Fatal(err)
	}
	sc := model.DefaultScenario()
	sc.Replicates = 1
	for _, edit := range edits {
		edit(r, &sc)
	}
	e.Stores = e.Stores[:n]
	r.Start = r.Start[:n+1]
	r.SKU, r.Rate = r.SKU[:r.Start[n]], r.Rate[:r.Start[n]]
	benchRun(b, e, r, sc)
}

// before switches off the scenario's mechanisms that BenchmarkDefault300Before
// leaves out (noDSD takes the direct deliveries).
func before(_ *model.Range, sc *model.Scenario) {
	sc.Records.GapScans, sc.Uncertainty.GapScans = 0, [2]float64{}
	sc.Shoppers.Basket, sc.Uncertainty.Basket = 0, [2]float64{}
	sc.Outage.AllocError, sc.Uncertainty.AllocError = 0, [2]float64{}
	sc.Outage.DCByNeed = false
}

// noDSD supplies every category of r through the DCs.
func noDSD(r *model.Range, _ *model.Scenario) {
	for i := range r.Categories {
		r.Categories[i].DSD = 0
	}
}

// benchRun runs sc for b.N iterations and reports store-SKU-days per
// second (cell-days/s).
func benchRun(b *testing.B, e *model.Estate, r *model.Range, sc model.Scenario) {
	var cellDays int64
	for b.Loop() {
		res, err := model.Run(context.Background(), e, r, sc, model.Options{})
		if err != nil {
			b.Fatal(err)
		}
		cellDays += res.CellDays
	}
	b.ReportMetric(float64(cellDays)/b.Elapsed().Seconds(), "cell-days/s")
}
