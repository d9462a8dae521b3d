package model

import "math"

// Estimate is what a run will take, computed from its inputs before it
// starts, so that a run too large for the machine can be refused before
// it begins rather than die of memory or run for days.
type Estimate struct {
	// Cells is the store x SKU cells simulated: all of them, or about
	// Scenario.Sample of them in quick mode.
	Cells int64
	// CellDays is an upper bound on the store-SKU-days simulated: cells x
	// (warm-up + reported days) x runs (the baseline and each recovery
	// time) x replicates. Run shares the runs' common prefix, so it
	// simulates fewer (Result.CellDays).
	CellDays int64
	// Bytes estimates the memory the run holds at its peak: about
	// bytesPerCell for each cell (the range, the day state and the two
	// snapshots of the shared prefix) and 8 bytes for each value of the
	// Result (metrics x groups x runs x days x replicates).
	Bytes int64
}

// bytesPerCell is the memory a simulated cell takes (an estimate from
// the sizes of the per-cell arrays, rounded up): the range's rate, SKU,
// dispersion and profile (16 bytes), three copies of the day state
// (shelf, book, on order, pipeline, returns, ...: about 50 bytes each)
// and the engine's per-cell parameters.
const bytesPerCell = 256

// EstimateRun estimates the run of sc on e and r (see Estimate). It does
// not validate its arguments and saturates instead of overflowing.
func EstimateRun(e *Estate, r *Range, sc Scenario) Estimate {
	cells := float64(r.Cells())
	if n := len(e.Stores); sc.Sample > 0 && sc.Sample < 1 && n > 0 {
		// Quick mode: each replicate's sample of whole stores, counted
		// at the mean store's cells.
		cells = math.Ceil(cells * float64(sampleStores(sc.Sample, n)) / float64(n))
	}
	runs := float64(1 + len(sc.Recovery))
	days := float64(max(0, sc.WarmupDays) + max(0, sc.Days))
	reps := float64(max(0, sc.Replicates))
	groups := float64(1 + len(e.Regions) + len(e.Formats) + len(r.Categories) + len(e.DCs))
	result := float64(NumMetrics) * groups * runs * float64(max(0, sc.Days)) * reps * 8
	return Estimate{
		Cells:    saturate(cells),
		CellDays: saturate(cells * days * runs * reps),
		Bytes:    saturate(cells*bytesPerCell + result),
	}
}

func saturate(v float64) int64 {
	if v >= math.MaxInt64 {
		return math.MaxInt64
	}
	return int64(v)
}

// MaxCellStock is the most units one cell (store x SKU) can hold on its
// shelf, receive in one delivery or hold of one expiry day: the day
// state keeps them in 16 bits. Package data refuses inputs whose shelf
// capacity (times the format's shelf scale) exceeds it.
const MaxCellStock = 32767
