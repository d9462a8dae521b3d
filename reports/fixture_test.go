package reports

import (
	"bytes"
	"flag"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/shelfgap/shelfgap/model"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// testResult builds a small Result by hand: the estate, two regions, two
// formats, three categories and two DCs; the baseline and recovery times of
// 7, 14 and 21 days; 42 days; 5 replicates. Its numbers follow a closed
// form (see drop) so that every golden value can be recomputed by hand:
// availability falls 2.5 points a day of outage (capped at 30, scaled by
// the group's severity) and recovers with a time constant of 4 days.
func testResult() *model.Result {
	sc := model.DefaultScenario()
	sc.StartDate = time.Date(2025, 4, 23, 0, 0, 0, 0, time.UTC)
	sc.Days = 42
	sc.Replicates = 5
	sc.Recovery = []int{7, 14, 21}
	groups := []model.Group{
		{Kind: model.EstateGroup, Name: "all"},
		{Kind: model.RegionGroup, Name: "North"},
		{Kind: model.RegionGroup, Name: "South, Wales"}, // a comma, so the CSV quotes it
		{Kind: model.FormatGroup, Name: "convenience"},
		{Kind: model.FormatGroup, Name: "supermarket"},
		{Kind: model.CategoryGroup, Name: "Ambient"},
		{Kind: model.CategoryGroup, Name: "Chilled"},
		{Kind: model.CategoryGroup, Name: "Frozen"},
		{Kind: model.DCGroup, Name: "DC1"},
		{Kind: model.DCGroup, Name: "DC2"},
	}
	res := model.NewResult(sc, groups, []int{0, 7, 14, 21}, sc.Days, sc.Replicates)
	res.Cells, res.CellsFull, res.CellDays = 1200, 1200, 4*1200*(42+21)
	for rep := range res.Replicates {
		res.Params[rep] = model.Params{LostShare: 0.9 + 0.05*float64(rep), SalesPosted: 0.5, ReceiptsPosted: 0.7,
			Surge: 1.175, SupplierFill: 0.875, DCCapacity: 0.35, Churn: 0.04}
	}
	for run, rec := range res.Recovery {
		for g := range groups {
			for day := range res.Days {
				for rep := range res.Replicates {
					d := drop(rec, sc.Outage.StartDay, g, day, rep)
					k := float64(rep)
					base := 96 + 0.25*k - 0.5*float64(g%3)
					demand := 10000 + 100*k
					set := func(m model.Metric, v float64) { res.Set(run, g, m, day, rep, v) }
					set(model.Availability, base-d)
					set(model.FillRate, base-1-d)
					set(model.Demand, demand)
					set(model.Sales, math.Round(demand*(base-d)/100))
					set(model.SalesValue, 2.5*math.Round(demand*(base-d)/100))
					set(model.LostSales, 250*d*(1+0.05*k))
					set(model.LostMargin, 0.28*250*d*(1+0.05*k))
					set(model.Substituted, math.Round(40*d))
					set(model.Deferred, math.Round(15*d))
					set(model.Lost, math.Round(60*d))
					set(model.Waste, 50+math.Round(3*d))
					set(model.WasteValue, 1.75*(50+math.Round(3*d)))
					set(model.FrozenLines, math.Round(12*d))
					if groups[g].Kind == model.DCGroup {
						set(model.Backlog, math.Round(100*d))
					}
					set(model.Traffic, 100-d/3)
				}
			}
		}
	}
	return res
}

// drop is the fall in availability, in points, of a run with recovery
// time rec (0: the baseline) for group g on a day, replicate rep.
func drop(rec, start, g, day, rep int) float64 {
	if rec == 0 || day < start {
		return 0
	}
	sev := 1 + 0.1*float64(g%4) + 0.05*float64(rep)
	t := day - start
	if t < rec {
		return sev * min(30, 2.5*float64(t+1))
	}
	end := sev * min(30, 2.5*float64(rec))
	return end * math.Exp(-float64(t-rec+1)/4)
}

// golden compares got with testdata/name, or rewrites the file with
// -update. On a mismatch it writes testdata/name.got (git-ignored).
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		gotPath := path + ".got"
		_ = os.WriteFile(gotPath, got, 0o644)
		t.Errorf("%s differs from the golden file; got is in %s (diff them; go test -update accepts it)", path, gotPath)
	}
}
