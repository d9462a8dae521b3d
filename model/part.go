package model

import (
	"cmp"
	"fmt"
	"slices"
)

// DCGroups splits e's DCs into n groups of about equal work, for running a
// sweep in parts too large for one machine: stores interact only through
// their DC, so a group of DCs with the stores they serve is simulated on
// its own (RunSums with OnlyStores), and the parts' sums add up. It
// returns each DC's group. The work of a DC is its stores' cells in r; DCs
// are placed largest first onto the group with the least work so far
// (ties to the lower index), a deterministic split.
func DCGroups(e *Estate, r *Range, n int) ([]int, error) {
	if n < 1 || n > len(e.DCs) {
		return nil, fmt.Errorf("model: %d DC groups for %d DCs: want 1 to %d", n, len(e.DCs), len(e.DCs))
	}
	if len(r.Start) != len(e.Stores)+1 {
		return nil, fmt.Errorf("model: range has %d store offsets, want %d", len(r.Start), len(e.Stores)+1)
	}
	work := make([]int, len(e.DCs))
	for s, st := range e.Stores {
		if st.DC < 0 || st.DC >= len(e.DCs) {
			return nil, fmt.Errorf("model: store %d (%s): dc %d out of range", s, st.ID, st.DC)
		}
		work[st.DC] += r.Start[s+1] - r.Start[s]
	}
	order := make([]int, len(e.DCs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(work[b], work[a]) })
	load := make([]int, n)
	group := make([]int, len(e.DCs))
	for _, dc := range order {
		g := 0
		for i := range load {
			if load[i] < load[g] {
				g = i
			}
		}
		group[dc] = g
		load[g] += work[dc]
	}
	return group, nil
}

// OnlyStores returns a copy of r in which the stores for which keep is
// false carry no cells; the others keep theirs. The categories, SKUs and
// profiles are shared with r. Run and RunSums skip stores without cells,
// and every random number a store draws is keyed by its index in the
// estate, which is unchanged, so the kept stores are simulated as in the
// whole estate when every store of their DCs is kept. Quick mode draws its
// sample of stores over r (the copy remembers it), so a part simulates the
// sampled stores that the whole run does.
func (r *Range) OnlyStores(keep func(store int) bool) *Range {
	o := &Range{Categories: r.Categories, SKUs: r.SKUs, Profiles: r.Profiles, Start: make([]int, len(r.Start)), whole: r.design()}
	n := 0
	for s := range len(r.Start) - 1 {
		if keep(s) {
			n += r.Start[s+1] - r.Start[s]
		}
	}
	o.SKU = make([]int32, 0, n)
	o.Rate = make([]float32, 0, n)
	if r.Dispersion != nil {
		o.Dispersion = make([]float32, 0, n)
	}
	if r.Profile != nil {
		o.Profile = make([]int32, 0, n)
	}
	for s := range len(r.Start) - 1 {
		if keep(s) {
			lo, hi := r.Start[s], r.Start[s+1]
			o.SKU = append(o.SKU, r.SKU[lo:hi]...)
			o.Rate = append(o.Rate, r.Rate[lo:hi]...)
			if r.Dispersion != nil {
				o.Dispersion = append(o.Dispersion, r.Dispersion[lo:hi]...)
			}
			if r.Profile != nil {
				o.Profile = append(o.Profile, r.Profile[lo:hi]...)
			}
		}
		o.Start[s+1] = len(o.SKU)
	}
	return o
}
