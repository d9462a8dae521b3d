package model

import (
	"testing"
)

func TestSmoke(t *testing.T) {
	e, r := testEstate(20, 200)
	res := mustRun(t, e, r, smallScenario(), Options{})
	for run := range res.Recovery {
		s := res.Summary(run, 0)
		t.Logf("R=%d minAvail=%.1f daysBelow=%.0f recover=%.0f lost=£%.0f waste=£%.0f", res.Recovery[run], s.MinAvailability.P50, s.DaysBelow.P50, s.DaysToRecover.P50, s.LostSales.P50, s.WasteValue.P50)
	}
	for d := 0; d < res.Days; d += 3 {
		t.Logf("day %2d base avail %.1f fill %.1f | R14 avail %.1f fill %.1f frozen %.0f traffic %.1f backlog %.0f", d,
			res.Band(0, 0, Availability, d).P50, res.Band(0, 0, FillRate, d).P50,
			res.Band(3, 0, Availability, d).P50, res.Band(3, 0, FillRate, d).P50, res.Band(3, 0, FrozenLines, d).P50,
			res.Band(3, 0, Traffic, d).P50, res.Band(3, 0, Backlog, d).P50)
	}
}
