package model

import (
	"math"
	"testing"
)

// TestStationaryBaseline: with a warm-up of one rolling-count cycle plus
// ReturnDays (Scenario.WarmupDays), normal trading is flat over the
// report: the frozen lines (book shows stock, shelf empty) and the
// availability of its first and last fortnights agree. With a short
// warm-up the records are still drifting from exact, and the frozen
// lines rise through the report: the test can tell the two apart.
func TestStationaryBaseline(t *testing.T) {
	e, r := testEstate(16, 480)
	sc := smallScenario()
	sc.Days = 91
	sc.Recovery = nil
	sc.Replicates = 2
	sc.Uncertainty.Off = true
	sc.Records.CountsPerDay = 6 // a cycle of 480 / 6 = 80 days
	sc.Records.GapScans = 0     // which would correct most drift daily
	fortnights := func(warm int) (frozen0, frozen1, avail0, avail1 float64) {
		sc.WarmupDays = warm
		res := mustRun(t, e, r, sc, Options{})
		return total(res, 0, FrozenLines, 0, 14), total(res, 0, FrozenLines, 77, 91),
			total(res, 0, Availability, 0, 14) / 14, total(res, 0, Availability, 77, 91) / 14
	}
	f0, f1, a0, a1 := fortnights(80 + 21)
	// Tolerances: 16 stores x 2 replicates; the frozen line-days of a
	// fortnight move by about 5% between seeds, availability by about 0.2
	// points.
	if math.Abs(f0-f1) > 0.15*f1 || math.Abs(a0-a1) > 0.5 {
		t.Errorf("warm-up 101 days: frozen line-days %v then %v, availability %.2f%% then %.2f%%; want flat (within 15%% and 0.5 points)", f0, f1, a0, a1)
	}
	g0, g1, b0, b1 := fortnights(14)
	if !(g0 < 0.8*g1) {
		t.Errorf("warm-up 14 days: frozen line-days %v then %v; want a rise of over 25%% (records still drifting)", g0, g1)
	}
	t.Logf("warm-up 101: frozen %v -> %v, availability %.2f -> %.2f; warm-up 14: frozen %v -> %v, availability %.2f -> %.2f", f0, f1, a0, a1, g0, g1, b0, b1)
}
