package reports

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shelfgap/shelfgap/model"
)

var regen = flag.Bool("regen", false, "rewrite the golden PNG files in testdata")

// render draws chart name of res as PNG bytes.
func render(t *testing.T, res *model.Result, name string) []byte {
	t.Helper()
	for _, c := range charts {
		if c.name != name {
			continue
		}
		f, err := c.draw(res)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		f.footer = Footer(res, testManifest())
		var buf bytes.Buffer
		if _, err := f.WriteTo(&buf); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return buf.Bytes()
	}
	t.Fatalf("no chart %s", name)
	return nil
}

// TestChartsGolden draws every chart of testResult into testdata/<name>
// (git-ignored, for looking at) and compares it with
// testdata/<name>_golden.png approximately: fonts may be rasterised a
// little differently on other architectures, as gonum/plot's own tests
// allow. -regen rewrites the goldens.
func TestChartsGolden(t *testing.T) {
	res := testResult()
	for _, c := range charts {
		t.Run(c.name, func(t *testing.T) {
			got := render(t, res, c.name)
			// 16 x 10 cm at 150 dpi: 16/2.54 x 150 = 944.9 and 10/2.54 x 150 = 590.6.
			if cfg, err := png.DecodeConfig(bytes.NewReader(got)); err != nil || cfg.Width != 945 || cfg.Height != 591 {
				t.Errorf("%s is %d x %d pixels (%v), want 945 x 591", c.name, cfg.Width, cfg.Height, err)
			}
			checkGolden(t, c.name, got)
		})
	}
}

// TestChartsGoldenScoped draws availability.png for an outage with a
// scope: the scope's groups (a region and a category) are drawn dashed
// beside the estate, against their own golden.
func TestChartsGoldenScoped(t *testing.T) {
	res := testResult()
	res.Scenario.Outage.Scope = model.Scope{Regions: []string{"North"}, Categories: []string{"Frozen"}}
	checkGolden(t, "availability_scoped.png", render(t, res, "availability.png"))
}

// checkGolden writes got to testdata/name (git-ignored, for looking at)
// and compares it with testdata/<name>_golden.png approximately; -regen
// rewrites the golden.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	if err := os.WriteFile(filepath.Join("testdata", name), got, 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", name[:len(name)-len(".png")]+"_golden.png")
	if *regen {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -regen to create it)", err)
	}
	// At most 0.1% of the pixels (558 of 945 x 591) may differ by more
	// than 1/16 of full scale in a channel: glyphs rasterised on another
	// architecture differ in edge pixels only, while a moved line or
	// band changes over a thousand (TestPNGApprox).
	if ok, why := pngApprox(got, want, 0.001, 0x1000); !ok {
		t.Errorf("%s differs from %s: %s (testdata/%s has the new image; go test -regen accepts it)", name, path, why, name)
	}
}

// pngApprox reports whether two PNG images have the same size and at most
// frac of their pixels differ by more than tol (of 0xffff) in a channel.
func pngApprox(a, b []byte, frac float64, tol uint32) (bool, string) {
	ia, err := png.Decode(bytes.NewReader(a))
	if err != nil {
		return false, err.Error()
	}
	ib, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		return false, err.Error()
	}
	if ia.Bounds() != ib.Bounds() {
		return false, "sizes " + ia.Bounds().String() + " and " + ib.Bounds().String()
	}
	r := ia.Bounds()
	bad := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if !colorNear(ia, ib, x, y, tol) {
				bad++
			}
		}
	}
	n := r.Dx() * r.Dy()
	if float64(bad) > frac*float64(n) {
		return false, "pixels differing: " + itoa(bad) + " of " + itoa(n)
	}
	return true, ""
}

func colorNear(a, b image.Image, x, y int, tol uint32) bool {
	r1, g1, b1, a1 := a.At(x, y).RGBA()
	r2, g2, b2, a2 := b.At(x, y).RGBA()
	d := func(p, q uint32) uint32 {
		if p > q {
			return p - q
		}
		return q - p
	}
	return d(r1, r2) <= tol && d(g1, g2) <= tol && d(b1, b2) <= tol && d(a1, a2) <= tol
}

func TestChartsDeterministic(t *testing.T) {
	for _, c := range charts {
		a, b := render(t, testResult(), c.name), render(t, testResult(), c.name)
		if !bytes.Equal(a, b) {
			t.Errorf("%s: two renderings of the same Result differ", c.name)
		}
	}
}

// TestPNGApprox checks that the golden comparison catches a real change.
func TestPNGApprox(t *testing.T) {
	res := testResult()
	a := render(t, res, "availability.png")
	if ok, why := pngApprox(a, a, 0, 0); !ok {
		t.Errorf("pngApprox(a, a) = false (%s), want true", why)
	}
	res.Scenario.Threshold = 80 // moves the dashed line and the legend text
	b := render(t, res, "availability.png")
	if ok, _ := pngApprox(a, b, 0.001, 0x1000); ok {
		t.Error("pngApprox(threshold 90, threshold 80) = true, want false")
	}
}

// TestBandAdapters checks the chart data of the availability and
// cumulative lost sales charts against testResult's closed form.
func TestBandAdapters(t *testing.T) {
	res := testResult()
	s := dailyBands(res, 1, 0, model.Availability)
	line, area := s.p50(), s.area()
	if line.Len() != 42 || area.Len() != 84 {
		t.Fatalf("Len() = %d, %d, want 42 and 84", line.Len(), area.Len())
	}
	tests := []struct {
		name  string
		xy    func(int) (float64, float64)
		i     int
		x, y  float64
		where string
	}{
		// The 7-day run bottoms out on day 13 at 78.5 - 0.625k; the median
		// replicate is k = 2: 77.25.
		{"p50", line.XY, 13, 13, 77.25, "min of the 7-day run"},
		// Day 0 is normal trading: 96 + 0.25k, k = 0..4.
		{"p50", line.XY, 0, 0, 96.5, "day 0"},
		{"area", area.XY, 0, 0, 97, "P90 of day 0 (k = 4)"},
		{"area", area.XY, 41, 41, s.b[41].P90, "P90 of the last day"},
		{"area", area.XY, 42, 41, s.b[41].P10, "P10 of the last day, going back"},
		{"area", area.XY, 83, 0, 96, "P10 of day 0 (k = 0)"},
	}
	for _, tt := range tests {
		x, y := tt.xy(tt.i)
		if x != tt.x || y != tt.y {
			t.Errorf("%s.XY(%d) = (%v, %v), want (%v, %v): %s", tt.name, tt.i, x, y, tt.x, tt.y, tt.where)
		}
	}

	// The cumulative band of the last day is the band of the total (not
	// defined for the baseline, which loses nothing against itself).
	for run := 1; run < len(res.Recovery); run++ {
		c := cumulativeBands(res, run, 0, model.LostSales)
		if got, want := c.b[res.Days-1], res.Summary(run, 0).LostSales; got != want {
			t.Errorf("cumulativeBands(run %d) last day = %+v, want the summary's %+v", run, got, want)
		}
		if got := c.b[res.Scenario.Outage.StartDay-1]; got != (model.Band{}) {
			t.Errorf("cumulativeBands(run %d) before the outage = %+v, want zero", run, got)
		}
	}
}

// TestBandsSkipNaN checks that days without data are left out of the
// chart series rather than failing the plotters.
func TestBandsSkipNaN(t *testing.T) {
	res := testResult()
	for rep := range res.Replicates {
		res.Set(1, 0, model.Availability, 10, rep, math.NaN())
	}
	s := dailyBands(res, 1, 0, model.Availability)
	line, area := s.p50(), s.area()
	if line.Len() != 41 || area.Len() != 82 {
		t.Fatalf("Len() = %d, %d, want 41 and 82 (day 10 left out)", line.Len(), area.Len())
	}
	for i, want := range map[int]float64{9: 9, 10: 11, 40: 41} {
		if x, _ := line.XY(i); x != want {
			t.Errorf("line.XY(%d) x = %v, want day %v", i, x, want)
		}
	}
	if _, err := availabilityChart(res); err != nil {
		t.Errorf("availabilityChart with a NaN day: %v", err)
	}
}

func TestRecoveryCostPoints(t *testing.T) {
	res := testResult()
	sales, margin, extra := recoveryCostPoints(res, 1e3)
	for run, rec := range res.Recovery {
		s := res.Summary(run, 0)
		if run == 0 {
			// The chart starts at zero: the baseline loses nothing.
			s.LostSales, s.LostMargin = model.Band{}, model.Band{}
		}
		x, y := sales.XY(run)
		if x != float64(rec) || y != s.LostSales.P50/1e3 {
			t.Errorf("sales.XY(%d) = (%v, %v), want (%d, %v)", run, x, y, rec, s.LostSales.P50/1e3)
		}
		lo, hi := sales.YError(run)
		if lo != s.LostSales.P50/1e3-s.LostSales.P10/1e3 || hi != s.LostSales.P90/1e3-s.LostSales.P50/1e3 {
			t.Errorf("sales.YError(%d) = (%v, %v), want the P10 and P90 distances", run, lo, hi)
		}
		if _, y := margin.XY(run); y != s.LostMargin.P50/1e3 {
			t.Errorf("margin.XY(%d) y = %v, want %v", run, y, s.LostMargin.P50/1e3)
		}
		if !sameBand(extra[run], s.ExtraDayCost) {
			t.Errorf("extra[%d] = %+v, want %+v", run, extra[run], s.ExtraDayCost)
		}
	}
	// summary.golden.csv: extra_day_cost_gbp_p50 of the 21-day run is 8961.12.
	if got := (costLabels{sales, extra, "£"}).Label(3); got != "+£8.96k/day" {
		t.Errorf("Label(3) = %q, want +£8.96k/day", got)
	}
	if got := (costLabels{sales, extra, "£"}).Label(0); got != "" {
		t.Errorf("Label(0) = %q, want empty for the baseline", got)
	}
}

func TestHeatGrid(t *testing.T) {
	res := testResult()
	if got := heatRun(res); got != 2 {
		t.Errorf("heatRun(recovery %v) = %d, want 2 (14 days)", res.Recovery, got)
	}
	r := *res
	r.Recovery = []int{0, 7, 21}
	if got := heatRun(&r); got != 2 {
		t.Errorf("heatRun(recovery %v) = %d, want 2 (the longest)", r.Recovery, got)
	}
	g := newHeatGrid(res, 2)
	if c, rows := g.Dims(); c != 42 || rows != 3 {
		t.Fatalf("Dims() = %d, %d, want 42, 3", c, rows)
	}
	// Ambient is group 5: base 96 + 0.25k - 1, severity 1.1 + 0.05k. On
	// day 20 (outage day 13 of 14) the drop is 30 x severity, so 62 - 1.25k;
	// the median replicate k = 2 gives 59.5.
	if got := g.Z(20, 0); math.Abs(got-59.5) > 1e-9 { // 95.5 - 33 - 3 in floating point
		t.Errorf("Z(20, Ambient) = %v, want 59.5", got)
	}
	for row, grp := range []int{5, 6, 7} {
		for d := range res.Days {
			if got, want := g.Z(d, row), res.Band(2, grp, model.Availability, d).P50; got != want {
				t.Fatalf("Z(%d, %d) = %v, want %v", d, row, got, want)
			}
		}
	}
	// The lowest P50 is Frozen's (severity 1.2 + 0.05k, base 96 + 0.25k):
	// 96.5 - 37.5 = 59, so the scale runs from 50 to 100.
	if lo, hi := g.zRange(); lo != 50 || hi != 100 {
		t.Errorf("zRange() = %v, %v, want 50, 100", lo, hi)
	}
}

func TestRegionDots(t *testing.T) {
	res := testResult()
	spread := 0.7 / 3
	for run := range res.Recovery {
		d := newRegionDots(res, run, spread)
		if d.Len() != 2 {
			t.Fatalf("run %d: Len() = %d, want 2 regions", run, d.Len())
		}
		for r, g := range []int{1, 2} {
			b := res.Summary(run, g).MinAvailability
			x, y := d.XY(r)
			// North (row 1) above South (row 0); the baseline highest.
			wantY := float64(1-r) + (1.5-float64(run))*spread
			if x != b.P50 || math.Abs(y-wantY) > 1e-12 {
				t.Errorf("run %d region %d: XY = (%v, %v), want (%v, %v)", run, r, x, y, b.P50, wantY)
			}
			if lo, hi := d.XError(r); lo != b.P50-b.P10 || hi != b.P90-b.P50 {
				t.Errorf("run %d region %d: XError = (%v, %v), want P10 and P90 distances", run, r, lo, hi)
			}
		}
	}
	// A region without data (NaN) has no dot.
	for day := range res.Days {
		for rep := range res.Replicates {
			res.Set(1, 2, model.Availability, day, rep, math.NaN())
		}
	}
	if d := newRegionDots(res, 1, spread); d.Len() != 1 {
		t.Errorf("Len() with a NaN region = %d, want 1", d.Len())
	}
}

func TestDateTicks(t *testing.T) {
	start := time.Date(2025, 4, 23, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		days   int
		step   int
		labels []string
		n      int // ticks, major and minor, over days 0 to days-1
	}{
		{42, 7, []string{"23 Apr", "30 Apr", "7 May", "14 May", "21 May", "28 May"}, 42},
		{56, 7, []string{"23 Apr", "30 Apr", "7 May", "14 May", "21 May", "28 May", "4 Jun", "11 Jun"}, 56},
		// 91 days (the default horizon): a label every 2 weeks, minor ticks weekly.
		{91, 14, []string{"23 Apr", "7 May", "21 May", "4 Jun", "18 Jun", "2 Jul", "16 Jul"}, 13},
		// 200 days: every 4 weeks.
		{200, 28, []string{"23 Apr", "21 May", "18 Jun", "16 Jul", "13 Aug", "10 Sep", "8 Oct", "5 Nov"}, 29},
	}
	for _, tt := range tests {
		tk := newDateTicks(start, tt.days)
		if tk.step != tt.step {
			t.Errorf("newDateTicks(%d days).step = %d, want %d", tt.days, tk.step, tt.step)
		}
		ticks := tk.Ticks(0, float64(tt.days-1))
		var labels []string
		for _, x := range ticks {
			if x.Label != "" {
				labels = append(labels, x.Label)
			}
		}
		if !slices.Equal(labels, tt.labels) || len(ticks) != tt.n {
			t.Errorf("Ticks(0, %d) = %d ticks labelled %q, want %d labelled %q", tt.days-1, len(ticks), labels, tt.n, tt.labels)
		}
	}
}

func TestCompactPounds(t *testing.T) {
	tests := []struct {
		v    float64
		want string
	}{
		{0, "£0"},
		{812.4, "£812"},
		{999.4, "£999"},
		{999.6, "£1.00k"}, // rounds up into the next unit, not "£1000"
		{8961.12, "£8.96k"},
		{89612, "£89.6k"},
		{896120, "£896k"},
		{999600, "£1.00m"},
		{4665598, "£4.67m"},
		{123456789, "£123m"},
		{-8961.12, "-£8.96k"},
		{math.NaN(), "-"},
	}
	for _, tt := range tests {
		if got := compactMoney("£", tt.v); got != tt.want {
			t.Errorf("compactMoney(£, %v) = %q, want %q", tt.v, got, tt.want)
		}
	}
}

func TestPctTicks(t *testing.T) {
	tests := []struct {
		lo, hi float64
		want   string // value:label of each tick
	}{
		{80, 100, "80:80 82.5: 85:85 87.5: 90:90 92.5: 95:95 97.5: 100:100"},
		{59, 100, "60:60 65: 70:70 75: 80:80 85: 90:90 95: 100:100"},
		{0, 100, "0:0 10: 20:20 30: 40:40 50: 60:60 70: 80:80 90: 100:100"},
	}
	for _, tt := range tests {
		var got []string
		for _, tk := range newPctTicks(tt.lo, tt.hi).Ticks(tt.lo, tt.hi) {
			got = append(got, strconv.FormatFloat(tk.Value, 'f', -1, 64)+":"+tk.Label)
		}
		if g := strings.Join(got, " "); g != tt.want {
			t.Errorf("pct ticks %v-%v = %q, want %q", tt.lo, tt.hi, g, tt.want)
		}
	}
}

// sameBand reports whether a and b are equal, NaN equal to NaN.
func sameBand(a, b model.Band) bool {
	eq := func(x, y float64) bool { return x == y || (math.IsNaN(x) && math.IsNaN(y)) }
	return eq(a.P10, b.P10) && eq(a.P50, b.P50) && eq(a.P90, b.P90) && eq(a.Mean, b.Mean)
}

// TestPlainTicks checks the labelled values of a linear axis.
func TestPlainTicks(t *testing.T) {
	for _, tt := range []struct {
		lo, hi float64
		want   []float64
	}{
		{0, 290, []float64{0, 50, 100, 150, 200, 250}},
		{0, 250, []float64{0, 50, 100, 150, 200, 250}},
		{-3, 12, []float64{-2.5, 0, 2.5, 5, 7.5, 10}},
		{0, 1, []float64{0, 0.2, 0.4, 0.6, 0.8, 1}},
	} {
		var got []float64
		for _, tk := range (plainTicks{}).Ticks(tt.lo, tt.hi) {
			if tk.Label != "" {
				got = append(got, tk.Value)
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("plainTicks(%v, %v) labels %v, want %v", tt.lo, tt.hi, got, tt.want)
		}
	}
}
