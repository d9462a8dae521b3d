package reports

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/shelfgap/shelfgap/model"
)

// planB is testResult with a plan that loses 10% more sales and margin
// every day and wastes £1 more a day, on the same replicates.
func planB() *model.Result {
	res := testResult()
	res.Scenario.Name = "plan-b"
	for run := range res.Recovery {
		for day := range res.Days {
			for rep := range res.Replicates {
				for _, m := range []model.Metric{model.LostSales, model.LostMargin} {
					res.Set(run, 0, m, day, rep, 1.1*res.Values(run, 0, m, day)[rep])
				}
				res.Set(run, 0, model.WasteValue, day, rep, res.Values(run, 0, model.WasteValue, day)[rep]+1)
			}
		}
	}
	return res
}

// TestCompareGolden pins compare.csv of testResult against planB, and
// checks it by hand: B - A of lost sales is a tenth of A's lost sales
// (summary.golden.csv: 7-day P50 39796.30, so 3979.63), and of waste 42
// (£1 a day for 42 days) in every replicate.
func TestCompareGolden(t *testing.T) {
	c, err := Compare(NewPaired(testResult(), testManifest()), NewPaired(planB(), testManifest()))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := WriteComparison(&b, c); err != nil {
		t.Fatal(err)
	}
	checkCSV(t, b.Bytes())
	golden(t, "compare.golden.csv", b.Bytes())
	r := c.Rows[0]
	if r.Recovery != 7 || math.Abs(r.Diff[0].P50-3979.63) > 0.011 {
		t.Errorf("7 days: lost sales difference P50 %v, want 3979.63", r.Diff[0].P50)
	}
	if r.Diff[2] != (model.Band{P10: 42, P50: 42, P90: 42, Mean: 42}) {
		t.Errorf("7 days: waste difference %+v, want 42 throughout", r.Diff[2])
	}

	// A run against itself: exactly zero.
	c, err = Compare(NewPaired(testResult(), testManifest()), NewPaired(testResult(), testManifest()))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range c.Rows {
		for _, d := range r.Diff {
			if d != (model.Band{}) {
				t.Errorf("recovery %d: self-difference %+v, want zero", r.Recovery, d)
			}
		}
	}
}

// TestCompareRefuses lists every reason two runs cannot be paired.
func TestCompareRefuses(t *testing.T) {
	b := testResult()
	b.Scenario.Seed = 2
	b.Scenario.StartDate = b.Scenario.StartDate.AddDate(0, 0, 1)
	manB := testManifest()
	manB.Inputs.Files[0].SHA256 = "00"
	_, err := Compare(NewPaired(testResult(), testManifest()), NewPaired(b, manB))
	var pe *PairError
	if !errors.As(err, &pe) {
		t.Fatalf("Compare = %v, want a *PairError", err)
	}
	for _, want := range []string{"seeds differ (1 vs 2)", "start dates differ (2025-04-23 vs 2025-04-24)", "estates differ"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	c := testResult()
	c.Recovery = []int{0, 8, 15, 22}
	if _, err := Compare(NewPaired(testResult(), testManifest()), NewPaired(c, testManifest())); err == nil ||
		!strings.Contains(err.Error(), "no recovery time in common") {
		t.Errorf("Compare with no common recovery time = %v", err)
	}
}
