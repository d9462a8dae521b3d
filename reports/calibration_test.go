package reports

import (
	"bytes"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/shelfgap/shelfgap/model"
)

// testCalibration is a hand-made calibration of three series: two stores of
// item "A,1" (a comma, so the CSV quotes it) and one of "B" that has no
// fit. Days are Unix days: 19723 is 2024-01-01.
func testCalibration() *model.Calibration {
	flat := model.Flat
	weekend := model.Weekday{0.7, 0.7, 0.7, 0.7, 0.7, 1.75, 1.75}
	return &model.Calibration{
		Source: "sales.csv", First: 19723, Last: 19723 + 55, HoldoutStart: 19723 + 28,
		Rows: 168, Censoring: "zero_runs",
		Series: []model.Fit{
			{Store: "S1", Item: "A,1", Category: "c", Cell: 0, DaysUsed: 25, DaysAbsent: 0, DaysCensored: 3,
				Rate: 2, K: 0, VMR: 0.5, Profile: flat, Observed: flat, Units: 50,
				HoldoutActual: 60, HoldoutSimulated: 54, HoldoutDays: 28},
			{Store: "S2", Item: "A,1", Category: "c", Cell: 1, DaysUsed: 28, Rate: 10.0 / 7, K: 325.0 / 159,
				VMR: 224.0 / 65, Profile: weekend, Observed: weekend, Units: 40,
				HoldoutActual: 40, HoldoutSimulated: 42.5, HoldoutDays: 28},
			{Store: "S2", Item: "B", Category: "c", Cell: -1, DaysAbsent: 28,
				HoldoutActual: 0, HoldoutSimulated: math.NaN()},
		},
		Observed: model.Weekday{0.8, 0.8, 0.9, 0.9, 1, 1.3, 1.3},
		Fitted:   model.Weekday{0.85, 0.85, 0.85, 0.85, 0.85, 1.375, 1.375},
		Holdout: []model.HoldoutRow{
			// (54+42.5-100)/100 = -3.5%
			{Item: "A,1", Series: 2, Actual: 100, Simulated: 96.5, ErrorPct: -3.5, InStockPct: math.NaN()},
			{Item: "all", Series: 2, Actual: 100, Simulated: 96.5, ErrorPct: -3.5, InStockPct: math.NaN()},
		},
	}
}

func TestCalibrationCSV(t *testing.T) {
	cal := testCalibration()
	var b bytes.Buffer
	if err := writeCalibrationCSV(&b, cal); err != nil {
		t.Fatal(err)
	}
	rows := checkCSV(t, b.Bytes())
	// Series S1: holdout error (54-60)/60 = -10%.
	if got := rows[1][len(rows[1])-1]; got != "-10.00" {
		t.Errorf("S1 holdout_error_pct = %q, want -10.00", got)
	}
	// Series B has no fit: simulated and error are empty cells.
	if got := rows[3][len(rows[3])-2:]; got[0] != "" || got[1] != "" {
		t.Errorf("B hold-out simulated, error = %q, want empty", got)
	}
	golden(t, "calibration.golden.csv", b.Bytes())
	b.Reset()
	if err := writeHoldoutCSV(&b, cal); err != nil {
		t.Fatal(err)
	}
	checkCSV(t, b.Bytes())
	golden(t, "holdout.golden.csv", b.Bytes())
}

func TestCalibrationSummary(t *testing.T) {
	var b bytes.Buffer
	if err := CalibrationSummary(&b, testCalibration()); err != nil {
		t.Fatal(err)
	}
	golden(t, "calibration_summary.golden.txt", b.Bytes())
}

func TestCalibrationChartData(t *testing.T) {
	cal := testCalibration()
	rates := fittedRates(cal)
	if len(rates) != 2 || rates.Value(0) != math.Log10(2) || rates.Value(1) != math.Log10(10.0/7) {
		t.Errorf("fittedRates = %v, want [2 10/7] (log10 values)", rates)
	}
	p := profilePoints(cal.Observed)
	if x, y := p.XY(5); x != 5 || y != 1.3 {
		t.Errorf("profilePoints.XY(5) = %v, %v, want 5, 1.3 (Saturday)", x, y)
	}
	ticks := logTicks{}.Ticks(-1, 1)
	var labels []string
	for _, tk := range ticks {
		if tk.Label != "" {
			labels = append(labels, tk.Label)
		}
	}
	if want := []string{"0.1", "1", "10"}; len(labels) != 3 || labels[0] != want[0] || labels[1] != want[1] || labels[2] != want[2] {
		t.Errorf("logTicks(-1, 1) labels = %v, want %v", labels, want)
	}
}

// TestCalibrationPNG renders the chart and checks its size: two report
// panels of 16 x 10 cm side by side at 150 dpi, 1890 x 591 pixels.
func TestCalibrationPNG(t *testing.T) {
	dir := t.TempDir()
	if err := WriteCalibration(dir, testCalibration()); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(dir, "calibration.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Width != 1890 || cfg.Height != 591 {
		t.Errorf("calibration.png is %d x %d, want 1890 x 591", cfg.Width, cfg.Height)
	}
	for _, name := range []string{"calibration.csv", "holdout.csv"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Error(err)
		}
	}
	if *update {
		// Keep a copy to look at (git-ignored).
		b, _ := os.ReadFile(filepath.Join(dir, "calibration.png"))
		os.WriteFile(filepath.Join("testdata", "calibration.png"), b, 0o644)
	}
}
