package data

import (
	"testing"

	"github.com/shelfgap/shelfgap/model"
)

// tinyInputs is a hand-made estate: two stores of different formats, one
// of them with an explicit range, three SKUs over two categories.
func tinyInputs() *Inputs {
	return &Inputs{
		Formats: []FormatRow{{Name: "convenience", Lines: 2}, {Name: "supermarket", ShelfScale: 4}},
		DCs:     []DCRow{{ID: "D1", Region: "Wales", PickCapacity: 100, StockDays: 7}},
		Stores: []StoreRow{
			{ID: "S1", Region: "Wales", Format: "convenience", DC: "D1", WeeklySales: 30000},
			{ID: "S2", Region: "London", Format: "supermarket", DC: "D1", WeeklySales: 240000, Priority: true},
			{ID: "S3", Region: "London", Format: "supermarket", DC: "D1", WeeklySales: 60000},
		},
		Categories: []CategoryRow{
			{Name: "milk", Class: model.Fresh, Dispersion: 5},
			{Name: "tins", Class: model.Ambient},
		},
		SKUs: []SKURow{
			{ID: "tin1", Category: "tins", Price: 1, MarginPct: 30, Core: 1, Rate: 4},
			{ID: "milk1", Category: "milk", Price: 1.5, MarginPct: 25, Core: 1, Rate: 10},
			{ID: "tin2", Category: "tins", Price: 2, MarginPct: 30, Core: 2, Rate: 8},
		},
		Ranges: []RangeRow{
			{Store: 2, SKU: 2, Rate: 3, Dispersion: -1, Profile: 0},
			{Store: 2, SKU: 1, Rate: 7, Dispersion: 2, Profile: -1},
		},
		Profiles: []model.Weekday{{2, 1, 1, 1, 1, 0.5, 0.5}},
	}
}

func TestBuildTiny(t *testing.T) {
	e, r, err := tinyInputs().Build()
	if err != nil {
		t.Fatal(err)
	}
	// Regions sorted: London, Wales.
	if got := e.Regions; len(got) != 2 || got[0] != "London" || got[1] != "Wales" {
		t.Errorf("Regions = %q, want [London Wales]", got)
	}
	if e.Stores[0].Region != 1 || e.Stores[1].Region != 0 || !e.Stores[1].Priority {
		t.Errorf("Stores = %+v", e.Stores)
	}
	if e.DCs[0].Region != 1 {
		t.Errorf("DC region = %d, want 1", e.DCs[0].Region)
	}
	// S1 (convenience, 2 lines): core 1 lines milk1 (rate 10) and tin1
	// (rate 4); sorted milk (cat 0) first. Rates scaled by 30000/60000.
	// S2 (supermarket, all 3 lines), scaled by 4.
	// S3 (explicit): milk1 rate 7, tin2 rate 3.
	wantStart := []int{0, 2, 5, 7}
	wantSKU := []int32{1, 0, 1, 0, 2, 1, 2}
	wantRate := []float32{5, 2, 40, 16, 32, 7, 3}
	wantDisp := []float32{5, 0, 5, 0, 0, 2, 0}
	wantProf := []int32{0, 1, 0, 1, 1, 0, 2}
	for i := range wantStart {
		if r.Start[i] != wantStart[i] {
			t.Fatalf("Start = %v, want %v", r.Start, wantStart)
		}
	}
	for c := range wantSKU {
		if r.SKU[c] != wantSKU[c] || r.Rate[c] != wantRate[c] || r.Dispersion[c] != wantDisp[c] || r.Profile[c] != wantProf[c] {
			t.Errorf("cell %d = (%d, %v, %v, %d), want (%d, %v, %v, %d)", c, r.SKU[c], r.Rate[c], r.Dispersion[c], r.Profile[c],
				wantSKU[c], wantRate[c], wantDisp[c], wantProf[c])
		}
	}
	if len(r.Profiles) != 3 || r.Profiles[0] != model.Flat || r.Profiles[2] != (model.Weekday{2, 1, 1, 1, 1, 0.5, 0.5}) {
		t.Errorf("Profiles = %v", r.Profiles)
	}
	if r.SKUs[1].Margin != 0.25 {
		t.Errorf("Margin = %v, want 0.25", r.SKUs[1].Margin)
	}
}

func TestBuildRefusesDuplicateCell(t *testing.T) {
	in := tinyInputs()
	in.Ranges = append(in.Ranges, RangeRow{Store: 2, SKU: 1, Rate: 1, Dispersion: -1, Profile: -1})
	if _, _, err := in.Build(); err == nil {
		t.Fatal("Build with a duplicate cell: no error")
	}
}
