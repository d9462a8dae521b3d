package data

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shelfgap/shelfgap/model"
)

var update = flag.Bool("update", false, "rewrite the golden .err files of testdata/bad")

// TestLoadBad loads each testdata/bad/<case>/ directory and compares the
// error text with testdata/bad/<case>.err. Run with -update to rewrite the
// goldens after a deliberate change of wording, and review the diff.
func TestLoadBad(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("testdata", "bad", "*"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, dir := range dirs {
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
			continue
		}
		n++
		name := filepath.Base(dir)
		t.Run(name, func(t *testing.T) {
			in, err := Load(dir)
			if err == nil {
				t.Fatalf("Load(%s) = %v, want an error", dir, in)
			}
			var de *Error
			if !errors.As(err, &de) {
				t.Errorf("Load(%s) error %T is not a *data.Error", dir, err)
			}
			checkGoldenFile(t, dir+".err", err.Error()+"\n")
		})
	}
	if n < 25 {
		t.Errorf("found %d bad cases, want at least 25", n)
	}
}

// TestLoadGood reads an Excel-style export: UTF-8 BOM, CRLF line ends,
// quoted fields with commas and quotes.
func TestLoadGood(t *testing.T) {
	in, err := Load(filepath.Join("testdata", "good"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := in.Stores[0].ID, "S1, Portree"; got != want {
		t.Errorf("Stores[0].ID = %q, want %q", got, want)
	}
	if got, want := in.Stores[1].ID, `S2 "Strand"`; got != want {
		t.Errorf("Stores[1].ID = %q, want %q", got, want)
	}
	if !in.Stores[0].Priority || in.Stores[1].Priority || in.Stores[2].Priority {
		t.Errorf("priorities = %v %v %v, want true false false", in.Stores[0].Priority, in.Stores[1].Priority, in.Stores[2].Priority)
	}
	if got, want := in.SKUs[1].Delivery, uint8(1<<0|1<<2|1<<4); got != want {
		t.Errorf("SKUs[1].Delivery = %07b, want %07b (Mon Wed Fri)", got, want)
	}
	if got := in.Ranges; len(got) != 2 || got[0] != (RangeRow{Store: 2, SKU: 0, Rate: 10, Dispersion: -1, Profile: -1}) ||
		got[1] != (RangeRow{Store: 2, SKU: 2, Rate: 2, Dispersion: 0.8, Profile: -1}) {
		t.Errorf("Ranges = %+v", got)
	}
	if len(in.Files) != 6 || in.Files[0].Name != FormatsFile || in.Files[2].Rows != 2 || len(in.Files[0].SHA256) != 64 {
		t.Errorf("Files = %+v", in.Files)
	}
	e, r, err := in.Build()
	if err != nil {
		t.Fatal(err)
	}
	// Regions sorted; S1 (convenience, 2 lines: M1 and C1 by core_rank,
	// rates x 45000/60000), S2 (supermarket: all 3, x 4), S3 (ranges.csv).
	if strings.Join(e.Regions, "|") != "London|Scotland" {
		t.Errorf("Regions = %q", e.Regions)
	}
	wantRate := []float32{12.5 * 0.75, 3 * 0.75, 12.5 * 4, 3 * 4, 1.5 * 4, 10, 2}
	if len(r.Rate) != len(wantRate) {
		t.Fatalf("Rate = %v, want %v", r.Rate, wantRate)
	}
	for i := range wantRate {
		if r.Rate[i] != wantRate[i] {
			t.Errorf("Rate = %v, want %v", r.Rate, wantRate)
			break
		}
	}
	// Dispersion: ranges.csv has the column, so cells carry it: the
	// category's 1.2 (milk) or 0.5 (crisps) unless given (0.8).
	wantDisp := []float32{1.2, 0.5, 1.2, 0.5, 0.5, 1.2, 0.8}
	for i := range wantDisp {
		if r.Dispersion[i] != wantDisp[i] {
			t.Errorf("Dispersion = %v, want %v", r.Dispersion, wantDisp)
			break
		}
	}
	// crisps' weekday profile is rescaled to average exactly 1.
	var sum float64
	for _, v := range r.Categories[1].Weekday {
		sum += v
	}
	if sum < 7-1e-12 || sum > 7+1e-12 || r.Categories[0].Weekday != (model.Weekday{}) {
		t.Errorf("weekday profiles = %v", r.Categories)
	}
}

// checkGoldenFile compares got with the golden file at path, or rewrites
// the file with -update.
func checkGoldenFile(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs:\n got %s\nwant %s", path, got, want)
	}
}
