package data

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shelfgap/shelfgap/model"
)

// realData returns the path of a file in ../shared/data/real beside the
// repository root (found by walking up to go.mod), or skips the test.
// The files are not in the repository: the M5 subset has no open
// licence (see its README).
func realData(t testing.TB, name string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		up := filepath.Dir(dir)
		if up == dir {
			t.Skip("go.mod not found above the test directory")
		}
		dir = up
	}
	path := filepath.Join(dir, "..", "shared", "data", "real", name)
	if _, err := os.Stat(path); err != nil {
		t.Skipf("real sales history %s absent (%v): the real-data tests need ../shared/data/real beside the repository", name, err)
	}
	return path
}

// headLines returns the first n lines of the gzip file path, decompressed.
func headLines(t testing.TB, path string, n int) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	sc := bufio.NewScanner(zr)
	for i := 0; i < n && sc.Scan(); i++ {
		b.WriteString(sc.Text())
		b.WriteByte('\n')
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// summary is the text pinned for a real history: totals and a few fits.
func summary(cal *model.Calibration, in *Inputs) string {
	var used, absent, censored int
	var units float64
	for _, f := range cal.Series {
		used += f.DaysUsed
		absent += f.DaysAbsent
		censored += f.DaysCensored
		units += f.Units
	}
	var b strings.Builder
	fmt.Fprintf(&b, "rows %d series %d stores %d skus %d categories %d ranges %d fractional %v censoring %s\n",
		cal.Rows, len(cal.Series), len(in.Stores), len(in.SKUs), len(in.Categories), len(in.Ranges), cal.Fractional, cal.Censoring)
	fmt.Fprintf(&b, "history %s..%s hold-out from %s\n", dayString(int32(cal.First)), dayString(int32(cal.Last)), dayString(int32(cal.HoldoutStart)))
	fmt.Fprintf(&b, "days used %d absent %d censored %d units %.1f\n", used, absent, censored, units)
	fmt.Fprintf(&b, "observed %.4f\nfitted   %.4f\n", cal.Observed, cal.Fitted)
	for _, c := range in.Categories {
		fmt.Fprintf(&b, "category %s k %.3g weekday %.4f\n", c.Name, c.Dispersion, c.Weekday)
	}
	for i := 0; i < len(cal.Series); i += max(1, len(cal.Series)/5) {
		f := cal.Series[i]
		fmt.Fprintf(&b, "series %s %s %s used %d absent %d censored %d rate %.4f k %.4f vmr %.4f hold-out %.1f/%d\n",
			f.Store, f.Item, f.Category, f.DaysUsed, f.DaysAbsent, f.DaysCensored, f.Rate, f.K, f.VMR, f.HoldoutActual, f.HoldoutDays)
	}
	return b.String()
}

func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	checkGoldenFile(t, filepath.Join("testdata", "sales", name), got)
}

// TestCalibrateReal calibrates the real histories, writes the inputs,
// loads them back and builds the model values; the totals are pinned.
func TestCalibrateReal(t *testing.T) {
	tests := []struct {
		name, file string
		lines      int // 0: the whole file
		opt        CalibrateOptions
	}{
		{"m5", "m5_tiny_daily.csv.gz", 0, CalibrateOptions{HoldoutDays: 28}},
		// The first 100,000 rows: 1,112 series of the first items (the last
		// one partial;
		// the file is sorted by item, store, date; 90 days a series).
		{"freshretailnet", "freshretailnet50k_daily.csv.gz", 100001, CalibrateOptions{HoldoutDays: 28, Class: model.Fresh}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := realData(t, tt.file)
			var r io.Reader
			if tt.lines > 0 {
				r = strings.NewReader(headLines(t, path, tt.lines))
			} else {
				f, err := os.Open(path)
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				r = f
			}
			in, cal, err := Calibrate(tt.file, r, tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			if err := WriteInputs(dir, in); err != nil {
				t.Fatal(err)
			}
			back, err := Load(dir)
			if err != nil {
				t.Fatalf("Load(calibrated inputs): %v", err)
			}
			e, rg, err := back.Build()
			if err != nil {
				t.Fatalf("Build(calibrated inputs): %v", err)
			}
			if rg.Cells() != len(in.Ranges) || len(e.Stores) != len(in.Stores) {
				t.Errorf("built %d cells in %d stores, want %d in %d", rg.Cells(), len(e.Stores), len(in.Ranges), len(in.Stores))
			}
			// Each fit's rate reproduces its units over its
			// profile-weighted exposure: units = rate x sum(w e) >= 0.
			for _, f := range cal.Series {
				if f.DaysUsed+f.DaysAbsent+f.DaysCensored != cal.HoldoutStart-cal.First {
					t.Fatalf("%s/%s: days %d+%d+%d, want %d", f.Store, f.Item, f.DaysUsed, f.DaysAbsent, f.DaysCensored, cal.HoldoutStart-cal.First)
				}
				if math.IsNaN(f.Rate) || f.Rate < 0 || f.K < 0 {
					t.Fatalf("%s/%s: rate %v k %v", f.Store, f.Item, f.Rate, f.K)
				}
			}
			if tt.name == "m5" {
				// README of shared/data/real: mean units by weekday "Sat
				// 6.72 ... 4.8-4.9 Tue to Thu", Tuesday 4.85 by the middle:
				// Saturday/Tuesday = 1.386. Our observed profile is per
				// used day (absent days left out), so the ratio, not the
				// level, must agree: within 2%.
				if r := cal.Observed[5] / cal.Observed[1]; math.Abs(r/1.386-1) > 0.02 {
					t.Errorf("observed Saturday/Tuesday = %.3f, want 1.386 +/- 2%% (README quick facts)", r)
				}
			}
			checkGolden(t, tt.name+".golden", summary(cal, in))
		})
	}
}
