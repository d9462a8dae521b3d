package model

import (
	"context"
	"math"
	"slices"
	"testing"
)

// TestPartsAddUp runs a sweep in parts, by blocks of replicates and by
// groups of DCs, sums the parts' raw sums and assembles them: every value
// of the Result, and the counts and sampling error, must equal a single
// run's bit for bit. The DCs have finite stock and pick capacity, so that
// the stores of a DC interact through it.
func TestPartsAddUp(t *testing.T) {
	e, r := testEstate(24, 40)
	for d := range e.DCs {
		e.DCs[d].PickCapacity = 60
	}
	e.DCs = append(e.DCs, DC{ID: "DC3", Region: 0, StockDays: 3, PickCapacity: 40})
	for s := range e.Stores {
		e.Stores[s].DC = s % 3
	}
	sc := smallScenario()
	sc.Replicates = 5
	sc.Sample = 0.5
	t.Run("category-parameters", func(t *testing.T) { checkPartsAddUp(t, e, r, sc) })
	full := sc
	full.Sample = 1
	t.Run("full-resolution", func(t *testing.T) { checkPartsAddUp(t, e, r, full) })
	// The same with each cell's own dispersion and weekday profile, as a
	// calibrated range has them.
	r.Dispersion = make([]float32, r.Cells())
	r.Profile = make([]int32, r.Cells())
	r.Profiles = []Weekday{Flat, {0.8, 0.9, 1, 1, 1.1, 1.3, 0.9}}
	for i := range r.Dispersion {
		r.Dispersion[i] = float32(1 + i%5)
		r.Profile[i] = int32(i % 2)
	}
	t.Run("cell-parameters", func(t *testing.T) { checkPartsAddUp(t, e, r, sc) })
}

func checkPartsAddUp(t *testing.T, e *Estate, r *Range, sc Scenario) {
	want := mustRun(t, e, r, sc, Options{Workers: 2})
	if quick := sc.Sample < 1; (want.SampleSE != nil) != quick || (want.SampleSERep != nil) != quick {
		t.Fatalf("sample %g: sampling error %v, %v", sc.Sample, want.SampleSE, want.SampleSERep)
	}
	if sc.Sample < 1 && want.Stores >= want.StoresFull {
		t.Fatalf("quick mode simulated %d of %d stores", want.Stores, want.StoresFull)
	}
	for _, tc := range []struct{ blocks, groups int }{{1, 1}, {2, 1}, {5, 1}, {1, 3}, {2, 2}, {3, 3}} {
		dcg, err := DCGroups(e, r, tc.groups)
		if err != nil {
			t.Fatal(err)
		}
		all := make([]Sums, sc.Replicates)
		var c Counts
		for g := range tc.groups {
			part := r.OnlyStores(func(s int) bool { return dcg[e.Stores[s].DC] == g })
			for b := range tc.blocks {
				from, to := b*sc.Replicates/tc.blocks, (b+1)*sc.Replicates/tc.blocks
				pc, err := RunSums(context.Background(), e, part, sc, Options{Workers: 1 + b%2}, from, to, func(rep int, s Sums) error {
					if all[rep] == nil {
						all[rep] = make(Sums, len(s))
					}
					for i, v := range s {
						all[rep][i] += v
					}
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
				if b == 0 {
					c.Cells += pc.Cells
					c.CellsFull += pc.CellsFull
				}
				c.Stores, c.StoresFull = pc.Stores, pc.StoresFull // of the whole estate in every part
				c.CellDays += pc.CellDays
			}
		}
		got, err := Assemble(sc, Groups(e, r), c, func(rep int) (Sums, error) { return all[rep], nil })
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(bitsOf(got.values), bitsOf(want.values)) {
			t.Errorf("%d blocks x %d DC groups: values differ from a single run", tc.blocks, tc.groups)
		}
		if !slices.Equal(bitsOf(got.SampleSE), bitsOf(want.SampleSE)) || !slices.Equal(bitsOf(got.SampleSERep), bitsOf(want.SampleSERep)) ||
			!slices.Equal(got.Params, want.Params) {
			t.Errorf("%d blocks x %d DC groups: sampling error %v or params differ from %v", tc.blocks, tc.groups, got.SampleSE, want.SampleSE)
		}
		if got.Cells != want.Cells || got.CellsFull != want.CellsFull || got.CellDays != want.CellDays ||
			got.Stores != want.Stores || got.StoresFull != want.StoresFull {
			t.Errorf("%d blocks x %d DC groups: counts %d/%d/%d, stores %d/%d, want %d/%d/%d, %d/%d", tc.blocks, tc.groups,
				got.Cells, got.CellsFull, got.CellDays, got.Stores, got.StoresFull,
				want.Cells, want.CellsFull, want.CellDays, want.Stores, want.StoresFull)
		}
	}
}

func bitsOf(xs []float64) []uint64 {
	b := make([]uint64, len(xs))
	for i, x := range xs {
		b[i] = math.Float64bits(x)
	}
	return b
}

// TestDCGroups checks the split's balance and its refusals.
func TestDCGroups(t *testing.T) {
	e, r := testEstate(10, 8)
	e.DCs = append(e.DCs, DC{ID: "DC3"})
	for s := range e.Stores {
		e.Stores[s].DC = min(s/4, 2) // 4, 4 and 2 stores of 8 cells
	}
	g, err := DCGroups(e, r, 2)
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{0, 1, 0}; !slices.Equal(g, want) {
		t.Errorf("DCGroups(2) = %v, want %v (32+16 cells | 32; a tie goes to the lower group)", g, want)
	}
	for _, n := range []int{0, 4} {
		if _, err := DCGroups(e, r, n); err == nil {
			t.Errorf("DCGroups(%d) with 3 DCs: no error", n)
		}
	}
	if _, err := RunSums(context.Background(), e, r, smallScenario(), Options{}, 2, 4, nil); err == nil {
		t.Error("RunSums of replicates [2, 4) of 3: no error")
	}
}
