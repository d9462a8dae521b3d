package model

import (
	"context"
	"math"
	"testing"
)

// testEstate builds a small estate: stores x skus cells, 2 regions, 2 DCs,
// 4 categories (ambient, fresh, frozen, ambient), skewed rates. It is the
// model's own fixture; the built-in default estate lives in package data.
func testEstate(stores, skus int) (*Estate, *Range) {
	e := &Estate{
		Regions: []string{"North", "South"},
		Formats: []Format{{Name: "convenience", ShelfScale: 1}, {Name: "supermarket", ShelfScale: 2}},
		DCs: []DC{
			{ID: "DC1", Region: 0, StockDays: 5},
			{ID: "DC2", Region: 1, StockDays: 5},
		},
	}
	for s := range stores {
		e.Stores = append(e.Stores, Store{
			ID: "S" + itoa(s), Region: s % 2, Format: s % 5 / 4, DC: s % 2,
			WeeklySales: 60000, Priority: s%7 == 0,
		})
	}
	r := &Range{Categories: []Category{
		{Name: "tins", Class: Ambient, Dispersion: 3, Weekday: Weekday{0.9, 0.9, 0.9, 1, 1.1, 1.2, 1}},
		{Name: "milk", Class: Fresh, Dispersion: 5},
		{Name: "frozen", Class: Frozen, Dispersion: 3},
		{Name: "snacks", Class: Ambient, Dispersion: 2, Response: Response{0.21, 0.25, 0.09, 0.20, 0.25}},
	}}
	for k := range skus {
		cat := k % 4
		life := 0
		lead, deliv := 1, uint8(0b0010101) // Mon Wed Fri
		if cat == 1 {
			life, lead, deliv = 5, 0, 0b0111111
		}
		r.SKUs = append(r.SKUs, SKU{
			ID: "K" + itoa(k), Category: cat, Price: 1 + float64(k%7)*0.5, Margin: 0.28,
			ShelfLife: life, CasePack: 6, ShelfCap: 24, LeadDays: lead, Delivery: deliv, Core: k,
		})
	}
	r.Start = make([]int, stores+1)
	for s := range stores {
		for cat := range 4 {
			for k := cat; k < skus; k += 4 {
				r.SKU = append(r.SKU, int32(k))
				r.Rate = append(r.Rate, float32(3/math.Sqrt(float64(k+1))))
			}
		}
		r.Start[s+1] = len(r.SKU)
	}
	for d := range e.DCs {
		e.DCs[d].PickCapacity = 0
	}
	return e, r
}

// blockSize is the cells of a store's category in the fixtures that must
// reach the vector kernels (at least simdMin in a vector build).
const blockSize = 16

// checkVector fails if the build runs vector kernels (useSIMD) and none of
// a run's blocks, vec of which the vector kernels took, reached them.
func checkVector(t *testing.T, vec int) {
	t.Helper()
	if useSIMD && vec == 0 {
		t.Error("no block ran the vector kernels: the test checked only the plain ones")
	}
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
	}
	return string(b)
}

// smallScenario is a short, cheap scenario for tests.
func smallScenario() Scenario {
	sc := DefaultScenario()
	sc.Days = 42
	sc.WarmupDays = 14
	sc.Replicates = 3
	sc.Recovery = []int{3, 7, 14}
	return sc
}

func mustRun(t testing.TB, e *Estate, r *Range, sc Scenario, opt Options) *Result {
	t.Helper()
	res, err := Run(context.Background(), e, r, sc, opt)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return res
}
