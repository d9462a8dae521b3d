package reports

import (
	"math"
	"slices"
	"testing"

	"github.com/shelfgap/shelfgap/model"
)

// TestExceeded: of the ten values 1..10, the loss reached or exceeded by
// 50% of them is 6 (6..10 are five values), by 20% is 9, by 10% is 10;
// 5% and 1% are thinner than one value of ten and not supported.
func TestExceeded(t *testing.T) {
	xs := []float64{3, 1, 4, 10, 5, 9, 2, 6, 8, 7}
	tests := []struct {
		p    float64
		want float64
		at   int
	}{
		{0.5, 6, 5}, {0.2, 9, 2}, {0.1, 10, 1}, {0.05, math.NaN(), 0}, {0.01, math.NaN(), 0},
		{0.25, 8, 3}, // ceil(2.5) = 3 values: 8, 9, 10
	}
	for _, tt := range tests {
		v, at := exceeded(xs, tt.p)
		if (v != tt.want && !(math.IsNaN(v) && math.IsNaN(tt.want))) || at != tt.at {
			t.Errorf("exceeded(1..10, %v) = %v, %d; want %v, %d", tt.p, v, at, tt.want, tt.at)
		}
	}
	if !slices.Equal(xs, []float64{3, 1, 4, 10, 5, 9, 2, 6, 8, 7}) {
		t.Errorf("exceeded changed its input")
	}
}

// TestSpearman against hand-computed values: a monotone relation is 1
// however curved; reversed is -1; with ties, ranks are averaged: x ranks
// 1, 2.5, 2.5, 4 against y ranks 1, 2, 3, 4 give r = 4.5/sqrt(4.5*5) =
// 0.9487 (Pearson on the ranks).
func TestSpearman(t *testing.T) {
	tests := []struct {
		x, y []float64
		want float64
	}{
		{[]float64{1, 2, 3, 4, 5}, []float64{1, 8, 27, 64, 125}, 1},
		{[]float64{1, 2, 3, 4, 5}, []float64{5, 4, 3, 2, 1}, -1},
		{[]float64{1, 2, 2, 3}, []float64{10, 20, 30, 40}, 4.5 / math.Sqrt(4.5*5)},
	}
	for _, tt := range tests {
		if got := spearman(tt.x, tt.y); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("spearman(%v, %v) = %v, want %v", tt.x, tt.y, got, tt.want)
		}
	}
}

// TestSensitivityRun: the recovery time nearest report.sensitivity_days,
// the shorter on a tie.
func TestSensitivityRun(t *testing.T) {
	res := testResult() // 0, 7, 14, 21
	for _, tt := range []struct{ days, want int }{{14, 2}, {1, 1}, {10, 1}, {11, 2}, {18, 3}, {17, 2}, {100, 3}} {
		res.Scenario.Report.SensitivityDays = tt.days
		if got := sensitivityRun(res); got != tt.want {
			t.Errorf("sensitivity_days %d: run %d, want %d", tt.days, got, tt.want)
		}
	}
}

// TestScopeGroups: a scoped outage names its groups; the whole estate
// names none.
func TestScopeGroups(t *testing.T) {
	res := testResult()
	if gs := scopeGroups(res); gs != nil {
		t.Errorf("whole-estate outage: scope groups %v, want none", gs)
	}
	res.Scenario.Outage.Scope = model.Scope{Regions: []string{"North"}, Categories: []string{"Frozen", "nowhere"}}
	if gs := scopeGroups(res); !slices.Equal(gs, []int{1, 7}) {
		t.Errorf("scope North + Frozen: groups %v, want [1 7]", gs)
	}
}
