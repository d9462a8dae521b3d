package model

import (
	"fmt"
	"testing"
)

// largeEstate is testEstate with every cell at the given rate, shelf
// capacity (before the format's scale) and case pack, prices at £10,000,
// full margins, the longest lead time on half the lines, and DC stock of
// a year.
func largeEstate(rate float32, shelfCap, casePack int, scale float64) (*Estate, *Range) {
	e, r := testEstate(6, 16)
	for i := range e.Formats {
		e.Formats[i].ShelfScale = scale
	}
	for i := range e.Stores {
		e.Stores[i].WeeklySales = 1e7
	}
	for d := range e.DCs {
		e.DCs[d].StockDays = 365
		e.DCs[d].PickCapacity = 1e7
	}
	for k := range r.SKUs {
		s := &r.SKUs[k]
		s.Price, s.Margin, s.ShelfCap, s.CasePack = 10000, 1, shelfCap, casePack
		if k%2 == 0 {
			s.LeadDays, s.CasePack = MaxLead, 1
		}
	}
	for c := range r.Rate {
		r.Rate[c] = rate
	}
	return e, r
}

// TestLargeValues runs estates at the largest values the input limits
// of package data allow (its limits.go: a cell rate of MaxCellRate, an
// effective shelf capacity of MaxCellStock units, case packs up to its
// MaxCasePack, the largest multipliers of a scenario), in every fallback
// mode, and checks the conservation laws on every store-SKU-day: the
// state's 16-bit pipeline, cohorts and returns must hold them without
// saturating.
func TestLargeValues(t *testing.T) {
	// The limits of package data (limits.go), which this test holds
	// to account: it cannot import them.
	const (
		maxCellRate    = 2000  // data.MaxCellRate, units a day
		maxShelf       = 30000 // data.MaxShelfUnits: shelf_capacity_units x shelf_scale
		maxCasePack    = 1000  // data.MaxCasePack
		maxPushFactor  = 2     // data.MaxPushFactor
		maxCoreError   = 1     // data.MaxCoreError
		maxOtherFactor = 100   // data.MaxFactor: safety_z, dc_capacity, surge
	)
	for _, tc := range []struct {
		rate     float32
		shelfCap int
		casePack int
		scale    float64
	}{
		{maxCellRate, maxShelf, 1, 1},
		{maxCellRate, maxShelf / 100, maxCasePack, 100},
		{maxCellRate, maxShelf, maxCasePack, 1},
		{1, maxShelf, maxCasePack, 1},
	} {
		for _, fb := range []Fallback{None, CoreRange, Repeat, Push} {
			name := fmt.Sprintf("%s/rate=%g,cap=%dx%g,pack=%d", fb, tc.rate, tc.shelfCap, tc.scale, tc.casePack)
			t.Run(name, func(t *testing.T) {
				e, r := largeEstate(tc.rate, tc.shelfCap, tc.casePack, tc.scale)
				sc := smallScenario()
				sc.Replicates = 1
				sc.Recovery = []int{7}
				sc.Outage.Fallback = fb
				sc.Outage.PushFactor = maxPushFactor
				sc.Outage.CoreError = maxCoreError
				sc.Outage.DCCapacity = maxOtherFactor
				sc.Replenish.SafetyZ = maxOtherFactor
				sc.Restart.Surge = maxOtherFactor
				sc.Uncertainty.Off = true
				days, saturated := 0, 0
				mustRun(t, e, r, sc, Options{Workers: 1, inspect: func(f *flows) {
					days++
					checkFlows(t, f)
					// A delivery of MaxCellStock units is one that the
					// 16-bit pipeline saturated: units lost in transit.
					for j := range f.cells {
						if f.recv[j] >= MaxCellStock && saturated == 0 {
							saturated++
							t.Errorf("store %d day %d cell %d: received %d units, the most the pipeline holds: deliveries saturated",
								f.store, f.day, f.cells[j], f.recv[j])
						}
					}
				}})
				if days == 0 {
					t.Fatal("inspect was never called")
				}
			})
		}
	}
}
