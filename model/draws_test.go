package model

import (
	"math"
	"slices"
	"testing"
)

// TestLatinHypercube: over R replicates, each uncertain parameter has
// exactly one draw in each of R equal slices of its range (so the draws
// are a Latin hypercube), and the parameters are not stratified in step
// (their permutations differ).
func TestLatinHypercube(t *testing.T) {
	e, r := testEstate(4, 8)
	sc := smallScenario()
	sc.Replicates = 20
	en, err := newEngine(e, r, &sc)
	if err != nil {
		t.Fatal(err)
	}
	u := sc.Uncertainty
	ranges := []struct {
		name string
		r    [2]float64
		get  func(Params) float64
	}{
		{"lost_share", u.LostShare, func(p Params) float64 { return p.LostShare }},
		{"sales_posted", u.SalesPosted, func(p Params) float64 { return p.SalesPosted }},
		{"receipts_posted", u.ReceiptsPosted, func(p Params) float64 { return p.ReceiptsPosted }},
		{"surge", u.Surge, func(p Params) float64 { return p.Surge }},
		{"supplier_fill", u.SupplierFill, func(p Params) float64 { return p.SupplierFill }},
		{"dc_capacity", u.DCCapacity, func(p Params) float64 { return p.DCCapacity }},
		{"churn", u.Churn, func(p Params) float64 { return p.Churn }},
	}
	ps := make([]Params, sc.Replicates)
	for rep := range ps {
		ps[rep] = en.params(rep)
	}
	var perms [][]int
	for _, pr := range ranges {
		if pr.r[0] == pr.r[1] {
			t.Fatalf("%s has no range in the default scenario", pr.name)
		}
		slot := make([]int, sc.Replicates)
		for rep, p := range ps {
			slot[rep] = int(math.Floor((pr.get(p) - pr.r[0]) / (pr.r[1] - pr.r[0]) * float64(sc.Replicates)))
		}
		sorted := slices.Sorted(slices.Values(slot))
		for j, v := range sorted {
			if v != j {
				t.Errorf("%s: replicates' slices of the range %v, want each of 0-%d once", pr.name, slot, sc.Replicates-1)
				break
			}
		}
		for _, q := range perms {
			if slices.Equal(q, slot) {
				t.Errorf("%s: stratified in step with another parameter: %v", pr.name, slot)
			}
		}
		perms = append(perms, slot)
	}
}
