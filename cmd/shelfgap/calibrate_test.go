package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shelfgap/shelfgap/data"
	"github.com/shelfgap/shelfgap/model"
)

// writeHistory writes a small sales history: two stores x two items over
// 8 weeks from Monday 2024-01-01, with a weekend peak and a price column;
// item B is not ranged (empty price) in its first week.
func writeHistory(t *testing.T, path string) {
	t.Helper()
	var b strings.Builder
	b.WriteString("store_id,item_id,date,units,price\n")
	d0 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, s := range []string{"S1", "S2"} {
		for _, it := range []string{"A", "B"} {
			for d := range 56 {
				u := 3 + d%3
				if d%7 >= 5 {
					u += 3
				}
				price := "2.5"
				if it == "B" && d < 7 {
					u, price = 0, ""
				}
				fmt.Fprintf(&b, "%s,%s,%s,%d,%s\n", s, it, d0.AddDate(0, 0, d).Format(time.DateOnly), u, price)
			}
		}
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o666); err != nil {
		t.Fatal(err)
	}
}

// TestCalibrateCommand calibrates a small history, checks the outputs and
// the stdout summary (golden), loads the inputs back and runs on them.
func TestCalibrateCommand(t *testing.T) {
	tmp := t.TempDir()
	sales, cal := filepath.Join(tmp, "sales.csv"), filepath.Join(tmp, "cal")
	writeHistory(t, sales)
	code, stdout, stderr := cli("calibrate", "--sales", sales, "--out", cal, "--holdout-days", "14", "--quiet")
	skipIfNoEngine(t, stderr)
	if code != 0 {
		t.Fatalf("calibrate exit %d, stderr:\n%s", code, stderr)
	}
	golden(t, "calibrate_small", strings.ReplaceAll(stdout, tmp, "<tmp>"))
	for _, name := range []string{"stores.csv", "skus.csv", "ranges.csv", "calibration.csv", "holdout.csv", "calibration.png"} {
		if _, err := os.Stat(filepath.Join(cal, name)); err != nil {
			t.Error(err)
		}
	}
	in, err := data.Load(cal)
	if err != nil {
		t.Fatalf("data.Load(calibrated): %v", err)
	}
	if len(in.Stores) != 2 || len(in.SKUs) != 2 || len(in.Ranges) != 4 {
		t.Errorf("calibrated inputs: %d stores, %d skus, %d ranges, want 2, 2, 4", len(in.Stores), len(in.SKUs), len(in.Ranges))
	}
	code, _, stderr = cli("run", "--inputs", cal, "--days", "14", "--recovery", "3", "--replicates", "2", "--out", filepath.Join(tmp, "out"), "--quiet")
	if code != 0 {
		t.Errorf("run --inputs calibrated: exit %d, stderr:\n%s", code, stderr)
	}
}

func TestCalibrateCommandBad(t *testing.T) {
	t.Chdir(t.TempDir())
	writeHistory(t, "sales.csv")
	os.WriteFile("bad.csv", []byte("store_id,item_id,date,units\nS,A,2024-01-01,2\nS,A,2024-01-02,-1\n"), 0o666)
	tests := []struct {
		name string
		args []string
		code int
		want string // in stderr
	}{
		{"no sales", []string{"calibrate", "--out", "x"}, 2, "want --sales FILE"},
		{"no out", []string{"calibrate", "--sales", "sales.csv"}, 2, "want --out DIR"},
		{"missing file", []string{"calibrate", "--sales", "nope.csv", "--out", "x"}, 2, "nope.csv: missing file"},
		{"bad value", []string{"calibrate", "--sales", "bad.csv", "--out", "x"}, 2, `bad.csv:3:16: units: want a number >= 0, got "-1"`},
		{"negative holdout", []string{"calibrate", "--sales", "sales.csv", "--out", "x", "--holdout-days", "-1"}, 2, "--holdout-days: want 0 to 91 days, got -1"},
		{"bad class", []string{"calibrate", "--sales", "sales.csv", "--out", "x", "--class", "frozn"}, 2, `did you mean "frozen"?`},
		{"hold-out too long", []string{"calibrate", "--sales", "sales.csv", "--out", "x", "--holdout-days", "56"}, 2, "want more days of history than the 56 hold-out days, got 56"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := cli(append(tt.args, "--quiet")...)
			if code != tt.code || !strings.Contains(stderr, tt.want) {
				t.Errorf("shelfgap %s: exit %d, stderr %q; want exit %d and %q", strings.Join(tt.args, " "), code, stderr, tt.code, tt.want)
			}
			if _, err := os.Stat("x"); err == nil {
				t.Errorf("shelfgap %s wrote its output directory, want nothing written", strings.Join(tt.args, " "))
			}
		})
	}
}

// realHistory returns the path of a real history in ../shared/data/real
// beside the repository root, or skips.
func realHistory(t *testing.T, name string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		if up := filepath.Dir(dir); up != dir {
			dir = up
			continue
		}
		t.Skip("go.mod not found")
	}
	path := filepath.Join(dir, "..", "shared", "data", "real", name)
	if _, err := os.Stat(path); err != nil {
		t.Skipf("real sales history absent (%v): these tests need ../shared/data/real beside the repository", err)
	}
	return path
}

// holdoutAll returns the overall row of holdout.csv: error and in-stock %.
func holdoutAll(t *testing.T, path string) (errPct float64) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	last := rows[len(rows)-1]
	if last[0] != "all" {
		t.Fatalf("holdout.csv: last row %v, want the total \"all\"", last)
	}
	v, err := strconv.ParseFloat(last[4], 64)
	if err != nil {
		t.Fatalf("holdout.csv error_pct %q: %v", last[4], err)
	}
	return v
}

// TestCalibrateReal calibrates the real histories end to end (stream, fit,
// simulate the baseline over the 28 held-back days, write) and bounds the
// overall hold-out error.
//
// Bounds, from the runs recorded in the commit that set them:
//   - M5 subset (10 stores x 28 items, 5 years): +7.3% to +8.3% as the
//     engine changed. The fit is the whole history's mean with stock-out
//     runs censored, so it is above sales that include stock-outs; the
//     bound is 15% either way.
//   - FreshRetailNet, every 20th item (44 items, 4,056 series, 365,040
//     rows): +4.8% (seed 2: +5.6%). The actual shelves were in stock only
//     ~79% of the held-back trading time (stockout_hours), so actual sales
//     are censored where the simulated baseline sells; the whole file gives
//     +11.8%. The bound is -10% to +25%. (The file's first items are not a
//     fair slice: item 4, a third of the first 200,000 rows' units, peaks
//     in May and halves in June, which no stationary fit follows: +42%.)
func TestCalibrateReal(t *testing.T) {
	if testing.Short() {
		t.Skip("real-data calibration takes seconds")
	}
	frn := func(t *testing.T) string {
		src := realHistory(t, "freshretailnet50k_daily.csv.gz")
		f, err := os.Open(src)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		zr, err := gzip.NewReader(f)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "frn.csv")
		out, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(zr)
		w := bufio.NewWriter(out)
		for i := 0; sc.Scan(); i++ {
			line := sc.Text()
			if i > 0 {
				// item_id is the second column, an integer.
				f := strings.SplitN(line, ",", 3)
				if id, err := strconv.Atoi(f[1]); err != nil || id%20 != 0 {
					continue
				}
			}
			w.WriteString(line + "\n")
		}
		if err := sc.Err(); err != nil {
			t.Fatal(err)
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		out.Close()
		return path
	}
	tests := []struct {
		name   string
		sales  func(t *testing.T) string
		args   []string
		lo, hi float64 // bounds of the overall hold-out error, %
	}{
		{"m5", func(t *testing.T) string { return realHistory(t, "m5_tiny_daily.csv.gz") }, nil, -15, 15},
		{"freshretailnet", frn, []string{"--class", "fresh"}, -10, 25},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sales := tt.sales(t)
			out := filepath.Join(t.TempDir(), "cal")
			args := append([]string{"calibrate", "--sales", sales, "--out", out, "--quiet"}, tt.args...)
			code, stdout, stderr := cli(args...)
			skipIfNoEngine(t, stderr)
			if code != 0 {
				t.Fatalf("calibrate exit %d:\n%s", code, stderr)
			}
			t.Logf("\n%s", stdout)
			e := holdoutAll(t, filepath.Join(out, "holdout.csv"))
			if !(e >= tt.lo && e <= tt.hi) || math.IsNaN(e) {
				t.Errorf("overall hold-out error %.2f%%, want within [%v, %v]%%", e, tt.lo, tt.hi)
			}
			// The files written are what was simulated: load them back,
			// run the hold-out baseline on them and get the same total.
			in, err := data.Load(out)
			if err != nil {
				t.Fatalf("data.Load: %v", err)
			}
			est, rg, err := in.Build()
			if err != nil {
				t.Fatal(err)
			}
			f, err := os.Open(sales)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			_, cal, err := data.Calibrate(sales, f, data.CalibrateOptions{HoldoutDays: 28})
			if err != nil {
				t.Fatal(err)
			}
			data.LinkCells(cal, est, rg)
			sc := data.HoldoutScenario(cal, model.DefaultScenario(), holdoutReplicates)
			res, err := model.Run(context.Background(), est, rg, sc, model.Options{CellSales: true})
			if err != nil {
				t.Fatal(err)
			}
			if err := data.CompareHoldout(cal, res.CellSales, sc.Days); err != nil {
				t.Fatal(err)
			}
			if got := cal.Holdout[len(cal.Holdout)-1].ErrorPct; math.Abs(got-e) > 0.005 {
				t.Errorf("hold-out error on the loaded files %.2f%%, want %.2f%% as in holdout.csv", got, e)
			}
		})
	}
}

// TestCalibrateDeterministic calibrates the same history twice: every
// output file must be byte-identical.
func TestCalibrateDeterministic(t *testing.T) {
	tmp := t.TempDir()
	sales := filepath.Join(tmp, "sales.csv")
	writeHistory(t, sales)
	var dirs [2]string
	for i := range dirs {
		dirs[i] = filepath.Join(tmp, fmt.Sprintf("cal%d", i))
		code, _, stderr := cli("calibrate", "--sales", sales, "--out", dirs[i], "--holdout-days", "14", "--quiet")
		skipIfNoEngine(t, stderr)
		if code != 0 {
			t.Fatalf("calibrate exit %d: %s", code, stderr)
		}
	}
	ents, err := os.ReadDir(dirs[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		a, _ := os.ReadFile(filepath.Join(dirs[0], e.Name()))
		b, err := os.ReadFile(filepath.Join(dirs[1], e.Name()))
		if err != nil || !bytes.Equal(a, b) {
			t.Errorf("%s differs between two calibrations of the same history (%v)", e.Name(), err)
		}
	}
}
