package model

import (
	"context"
	"errors"
)

// Options are knobs of a run that do not change its results.
type Options struct {
	// Workers is the number of goroutines; zero means GOMAXPROCS. Results
	// do not depend on it.
	Workers int
	// Progress, if not nil, is called from one goroutine with the work
	// done and the total, in store-days, as the run proceeds.
	Progress func(done, total int64)
}

// Groups returns the groups results are reported for: the estate, then each
// region, format, category and DC, in index order.
func Groups(e *Estate, r *Range) []Group {
	gs := []Group{{EstateGroup, "all"}}
	for _, n := range e.Regions {
		gs = append(gs, Group{RegionGroup, n})
	}
	for _, f := range e.Formats {
		gs = append(gs, Group{FormatGroup, f.Name})
	}
	for _, c := range r.Categories {
		gs = append(gs, Group{CategoryGroup, c.Name})
	}
	for _, d := range e.DCs {
		gs = append(gs, Group{DCGroup, d.ID})
	}
	return gs
}

// Run simulates sc on the estate e and range r: the baseline and each
// recovery time of sc.Recovery, sc.Replicates times, and returns the
// daily metrics. It stops early with ctx's error if ctx is cancelled.
func Run(ctx context.Context, e *Estate, r *Range, sc Scenario, opt Options) (*Result, error) {
	return nil, errors.New("model: Run not implemented yet")
}
