package data

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shelfgap/shelfgap/model"
)

func TestDefaultShape(t *testing.T) {
	start := time.Now()
	in := Default()
	e, r, err := in.Build()
	if err != nil {
		t.Fatal(err)
	}
	elapsed := time.Since(start)
	t.Logf("Default: %d stores, %d SKUs, %d cells in %v", len(e.Stores), len(r.SKUs), r.Cells(), elapsed)
	if testing.Short() == false && elapsed > 3*time.Second {
		t.Errorf("Default+Build took %v, want well under a second (3 s allowed for a loaded machine)", elapsed)
	}
	// Shape from the brief and [ref]: ~2,300 stores, 12 ITL1 regions, 8
	// DCs, 23 categories, ~3,000 SKUs.
	if got := len(e.Stores); got != 2300 {
		t.Errorf("stores = %d, want 2300", got)
	}
	if got := len(e.Regions); got != 12 {
		t.Errorf("regions = %d, want 12", got)
	}
	if got := len(e.DCs); got != 8 {
		t.Errorf("dcs = %d, want 8", got)
	}
	if got := len(r.Categories); got != 23 {
		t.Errorf("categories = %d, want 23", got)
	}
	if got := len(r.SKUs); got != 3000 {
		t.Errorf("skus = %d, want 3000", got)
	}
	checkEstate(t, in, e, r)
}

func TestSmallShape(t *testing.T) {
	in := Small()
	e, r, err := in.Build()
	if err != nil {
		t.Fatal(err)
	}
	if len(e.Stores) != 40 || len(e.Regions) != 3 || len(e.DCs) != 2 || len(r.Categories) != 23 {
		t.Errorf("Small: %d stores, %d regions, %d dcs, %d categories; want 40, 3, 2, 23",
			len(e.Stores), len(e.Regions), len(e.DCs), len(r.Categories))
	}
	if n := len(r.SKUs); n < 280 || n > 320 {
		t.Errorf("Small: %d SKUs, want about 300", n)
	}
	checkEstate(t, in, e, r)
}

// checkEstate asserts the calibration targets of the synthetic estates.
func checkEstate(t *testing.T, in *Inputs, e *model.Estate, r *model.Range) {
	t.Helper()
	// Reference convenience store: about 270 cases a day [ref].
	conv := slices.IndexFunc(in.Formats, func(f FormatRow) bool { return f.Name == "convenience" })
	lines := in.Formats[conv].Lines
	order := make([]int, len(in.SKUs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return in.SKUs[a].Core - in.SKUs[b].Core })
	var cases, sales, fresh, units float64
	for _, k := range order[:lines] {
		s := in.SKUs[k]
		// Fresh is picked into trays of the category's outer size.
		pack := s.CasePack
		if i := slices.IndexFunc(ukCategories, func(c categorySpec) bool { return c.name == s.Category }); i >= 0 && ukCategories[i].life > 0 {
			pack = ukCategories[i].casePack
		}
		cases += s.Rate / float64(pack)
		sales += s.Rate * s.Price
		units += s.Rate
		c := r.Categories[r.SKUs[k].Category]
		if c.Class != model.Ambient {
			fresh += s.Rate * s.Price
		}
	}
	t.Logf("reference store: %.1f cases/day, £%.0f/week, %.0f units/day, avg price £%.2f, fresh+frozen %.1f%%",
		cases, sales*7, units, sales/units, 100*fresh/sales)
	if cases < 260 || cases > 280 {
		t.Errorf("reference store needs %.1f cases a day, want about 270 [ref]", cases)
	}
	if p := 100 * fresh / sales; p < 35 || p > 45 {
		t.Errorf("fresh+chilled+frozen = %.1f%% of sales, want 35-45%% [ref]", p)
	}
	// Top 20% of lines by units sell most units.
	rates := make([]float64, len(in.SKUs))
	var total float64
	for i, s := range in.SKUs {
		rates[i] = s.Rate
		total += s.Rate
	}
	slices.Sort(rates)
	slices.Reverse(rates)
	var top float64
	for _, v := range rates[:len(rates)/5] {
		top += v
	}
	if share := top / total; share < 0.5 {
		t.Errorf("top 20%% of lines sell %.0f%% of units, want most", 100*share)
	}
	// Convenience weekly sales mean £56-62k [ref].
	var ws float64
	var n, prio int
	for _, s := range in.Stores {
		if s.Format == "convenience" {
			ws += s.WeeklySales
			n++
		}
		if s.Priority {
			prio++
		}
	}
	if m := ws / float64(n); m < 53000 || m > 65000 {
		t.Errorf("mean convenience weekly sales £%.0f, want about £56-62k [ref]", m)
	}
	t.Logf("%d priority stores of %d", prio, len(in.Stores))
	for _, k := range in.SKUs {
		if k.MarginPct < 25 || k.MarginPct > 32 {
			t.Fatalf("sku %s margin %v%%, want 25-32%% [ref]", k.ID, k.MarginPct)
		}
	}
	if err := r.Validate(e); err != nil {
		t.Error(err)
	}
}

func TestDefaultDeterministic(t *testing.T) {
	if !reflect.DeepEqual(Small(), Small()) {
		t.Error("Small() differs between calls")
	}
}

// TestSmallGolden pins the files of Small (their SHA-256) so that a change
// to the generator cannot silently change every result. Run with -update
// after a deliberate change, and say why in the commit.
func TestSmallGolden(t *testing.T) {
	dir := t.TempDir()
	if err := WriteInputs(dir, Small()); err != nil {
		t.Fatal(err)
	}
	in, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, f := range in.Files {
		fmt.Fprintf(&b, "%s %d %s\n", f.Name, f.Rows, f.SHA256)
	}
	golden := filepath.Join("testdata", "small-estate.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if b.String() != string(want) {
		t.Errorf("Small() files changed:\n got %s\nwant %s", b.String(), want)
	}
}
