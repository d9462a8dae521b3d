package model

import (
	"math"
	"testing"
)

func TestRecentre(t *testing.T) {
	for _, tc := range []struct {
		r0        [2]float64
		p0, point float64
		lo, hi    float64
		want      [2]float64
		why       string
	}{
		// In proportion: 0.8 * [0.2, 0.5] / 0.35, then shrunk by
		// (1-0.8)/(1.142857-0.8) = 0.583 to fit under 1.
		{[2]float64{0.2, 0.5}, 0.35, 0.8, 0, 1, [2]float64{0.8 - 0.583333*0.342857, 1}, "dc_capacity 0.8"},
		{[2]float64{0.2, 0.5}, 0.35, 0.175, 0, 1, [2]float64{0.1, 0.25}, "half the default: half the range"},
		{[2]float64{0.2, 0.5}, 0.35, 1, 0, 1, [2]float64{1, 1}, "on the bound: held"},
		{[2]float64{0.2, 0.5}, 0.35, 0, 0, 1, [2]float64{0, 0}, "zero: held"},
		{[2]float64{0.2, 0.5}, 0.35, 1.3, 0, 1, [2]float64{1.3, 1.3}, "outside the bounds: held"},
		{[2]float64{0.80, 0.95}, 0.875, 0.97, 0, 1, [2]float64{0.94, 1}, "supplier_fill near 1"},
		{[2]float64{1.10, 1.25}, 1.175, 1.5, 0, 100, [2]float64{1.5 * 1.10 / 1.175, 1.5 * 1.25 / 1.175}, "surge, no bound met"},
		{[2]float64{-0.1, 0.1}, 0, 0.3, 0, 1, [2]float64{0.2, 0.4}, "zero default point: shifted"},
		{[2]float64{}, 0.5, 0.3, 0, 1, [2]float64{}, "no default range"},
	} {
		got := Recentre(tc.r0, tc.p0, tc.point, tc.lo, tc.hi)
		if math.Abs(got[0]-tc.want[0]) > 1e-5 || math.Abs(got[1]-tc.want[1]) > 1e-5 {
			t.Errorf("Recentre(%v, %v, %v, %v, %v) = %v, want %v (%s)", tc.r0, tc.p0, tc.point, tc.lo, tc.hi, got, tc.want, tc.why)
		}
		if got != [2]float64{} && got[0] < tc.point && got[1] > tc.point {
			// Centred: the shrink keeps the default's shape, and the
			// default ranges are symmetric about their points.
			if mid := (got[0] + got[1]) / 2; tc.r0[0]+tc.r0[1] == 2*tc.p0 && math.Abs(mid-tc.point) > 1e-9 {
				t.Errorf("Recentre(%v, %v, %v) = %v: centre %v, want %v", tc.r0, tc.p0, tc.point, got, mid, tc.point)
			}
		}
	}
}

// TestDefaultRangesCentred pins what re-centring relies on: every default
// range is centred on its default point value and lies within its bounds.
func TestDefaultRangesCentred(t *testing.T) {
	sc := DefaultScenario()
	for _, u := range UncertainParams() {
		p, r := sc.uncertain(u.Key)
		if math.Abs((r[0]+r[1])/2-*p) > 1e-12 {
			t.Errorf("%s: default range %v has centre %v, want the default point %v", u.Key, *r, (r[0]+r[1])/2, *p)
		}
		if r[0] < u.Lo || r[1] > u.Hi {
			t.Errorf("%s: default range %v outside its bounds [%v, %v]", u.Key, *r, u.Lo, u.Hi)
		}
	}
}

// TestPointValueWins follows a point value set for every uncertain
// parameter through Centre, Draws and the replicates' draws (engine.params):
// each replicate's value lies in the re-centred range, and the mean of the
// draws sits at the value written.
func TestPointValueWins(t *testing.T) {
	e, r := testEstate(2, 8)
	set := map[string]float64{
		"sales_posted": 0.9, "receipts_posted": 0.5, "surge": 1.4,
		"supplier_fill": 0.7, "dc_capacity": 0.8, "churn": 0.01, "gap_scans": 150, "alloc_error": 0.2, "basket": 0.3,
	}
	for _, u := range UncertainParams() {
		if u.Point == "" {
			continue
		}
		v, ok := set[u.Key]
		if !ok {
			t.Fatalf("no test value for %s", u.Key)
		}
		sc := DefaultScenario()
		sc.Replicates = 400
		p, rg := sc.uncertain(u.Key)
		*p = v
		// Before Centre the default range replaces the value: the case
		// the issue found.
		if d, out := drawParam(sc, u.Key), v < rg[0] || v > rg[1]; d.How != "range set" || d.Outside != out {
			t.Errorf("%s = %v with the default range: Draws says %+v, want range set, outside %v", u.Key, v, d, out)
		}
		sc.Centre(u.Key)
		d := drawParam(sc, u.Key)
		if d.How != "centred" || d.Range != *rg || d.Value != v {
			t.Errorf("%s = %v after Centre: Draws says %+v, want centred on %v", u.Key, v, d, v)
		}
		en, err := newEngine(e, r, &sc)
		if err != nil {
			t.Fatal(err)
		}
		sum := 0.0
		for rep := range sc.Replicates {
			x := paramOf(en.params(rep), u.Key)
			if x < rg[0] || x > rg[1] {
				t.Fatalf("%s: replicate %d drew %v, outside %v", u.Key, rep, x, *rg)
			}
			sum += x
		}
		// Uniform on [a, b]: the mean of n draws has sd (b-a)/sqrt(12n);
		// 4 sd is a 1-in-15,000 miss.
		mean, sd := sum/float64(sc.Replicates), (rg[1]-rg[0])/math.Sqrt(12*float64(sc.Replicates))
		if math.Abs(mean-v) > 4*sd+1e-12 {
			t.Errorf("%s = %v: mean draw %v, want %v +- %v", u.Key, v, mean, v, 4*sd)
		}
	}
}

func TestDraws(t *testing.T) {
	sc := DefaultScenario()
	for _, d := range sc.Draws() {
		if d.How != "default range" || d.Outside {
			t.Errorf("DefaultScenario().Draws(): %+v, want default range", d)
		}
	}
	sc.Outage.DCCapacity = 0.8
	sc.Uncertainty.DCCapacity = [2]float64{0.1, 0.35}
	if d := drawParam(sc, "dc_capacity"); d.How != "range set" || !d.Outside {
		t.Errorf("dc_capacity 0.8 with range [0.1, 0.35]: %+v, want range set, outside", d)
	}
	sc.Uncertainty.DCCapacity = [2]float64{0.8, 0.8}
	if d := drawParam(sc, "dc_capacity"); d.How != "held" || d.Outside || d.Range != [2]float64{0.8, 0.8} {
		t.Errorf("dc_capacity 0.8 with range [0.8, 0.8]: %+v, want held at 0.8", d)
	}
	sc.Uncertainty.Off = true
	for _, d := range sc.Draws() {
		if d.How != "held" || d.Range[0] != d.Value || d.Range[1] != d.Value {
			t.Errorf("uncertainty off: %+v, want held at the point value", d)
		}
	}
}

func drawParam(sc Scenario, key string) Draw {
	for _, d := range sc.Draws() {
		if d.Key == key {
			return d
		}
	}
	panic("no draw " + key)
}

func paramOf(p Params, key string) float64 {
	for i, v := range p.Values() {
		if ParamNames[i] == key {
			return v
		}
	}
	panic("no param " + key)
}
