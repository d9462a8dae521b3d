package data

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shelfgap/shelfgap/model"
)

// fuzzInputs fuzzes one file of the good inputs: the other files stay
// as they are, name gets arbitrary bytes. Load must not panic, any error
// must be a *Error, and anything Load accepts Build and model.Run must
// accept too, with totals that are finite, of the right sign and
// conserved (checkRun): data's checks are the first line, model's the
// second, and the second must never be the one to refuse.
func fuzzInputs(f *testing.F, name string, seeds ...string) {
	good := filepath.Join("testdata", "good")
	files, err := filepath.Glob(filepath.Join(good, "*.csv"))
	if err != nil {
		f.Fatal(err)
	}
	seed, err := os.ReadFile(filepath.Join(good, name))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	// The bad cases of testdata/bad that replace this file.
	bad, _ := filepath.Glob(filepath.Join("testdata", "bad", "*", name))
	for _, p := range bad {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	sc := tinyScenario()
	f.Fuzz(func(t *testing.T, b []byte) {
		dir := t.TempDir()
		for _, p := range files {
			b, _ := os.ReadFile(p)
			os.WriteFile(filepath.Join(dir, filepath.Base(p)), b, 0o644)
		}
		os.WriteFile(filepath.Join(dir, name), b, 0o644)
		in, err := Load(dir)
		if err != nil {
			var de *Error
			if !errors.As(err, &de) {
				t.Fatalf("Load error %T %v is not a *data.Error", err, err)
			}
			return
		}
		checkRun(t, in, sc)
	})
}

// FuzzLoadStores fuzzes stores.csv; its seeds include the values that
// overflowed or were refused only inside model (1e13, 1e308 weekly
// sales) and the encodings that must be refused.
func FuzzLoadStores(f *testing.F) {
	const head = "store_id,region,format,dc_id,weekly_sales_gbp,priority\n"
	fuzzInputs(f, StoresFile,
		"store_id;region\n",
		"\xef\xbb\xbfstore_id,region,format,dc_id,weekly_sales_gbp\n\"S1\nx\",a,convenience,D1,1\n",
		head+"S1,Scotland,convenience,D1,1e308,\n",
		head+"S1,Scotland,convenience,D1,1e13,\n",
		head+"S1,Scotland,convenience,D1,10000000,\nS2,London,supermarket,D2,10000000,\n",
		head+"Caf\xe9,Scotland,convenience,D1,100,\n",
		"s\x00t\x00o\x00r\x00e\x00_\x00i\x00d\x00,\x00",
		head+"S1,Scotland,convenience,D1,"+strings.Repeat("9", 70000)+"\n",
	)
}

// FuzzLoadSKUs fuzzes skus.csv: rates, prices, capacities and lead
// times at and beyond their limits.
func FuzzLoadSKUs(f *testing.F) {
	const head = "sku_id,category,price_gbp,margin_pct,shelf_life_days,case_pack,shelf_capacity_units,lead_days,delivery_days,core_rank,rate_units_per_day\n"
	fuzzInputs(f, SKUsFile,
		head+"M1,milk,1.45,28,10,12,30,0,daily,1,1e12\n",
		head+"M1,milk,1.45,28,10,12,30,0,daily,1,1e308\n",
		head+"M1,milk,1e15,28,10,12,30,0,daily,1,12.5\n",
		head+"M1,milk,10000,100,3650,10000,100000,6,daily,10000000,1000\nC1,crisps,10000,0,0,1,100000,0,Mon,0,1000\n",
		head+"M1,milk,1.45,28,10,12,30,0,daily,1,1e8\n",
	)
}

// FuzzParseScenario: arbitrary YAML must not panic, errors are *Error
// values, and a scenario ParseScenario accepts is one model accepts:
// Validate passes, and a run of it on the good inputs (when its estimate
// is small enough for a fuzzer) is accepted, finite and conserved.
func FuzzParseScenario(f *testing.F) {
	for _, name := range ScenarioNames() {
		b, _ := ExampleScenario(name)
		f.Add(b)
	}
	for _, s := range scenarioCases {
		f.Add([]byte(s.text))
	}
	in, err := Load(filepath.Join("testdata", "good"))
	if err != nil {
		f.Fatal(err)
	}
	e, r, err := in.Build()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		sc, err := ParseScenario("f.yaml", b)
		if err != nil {
			var de *Error
			if !errors.As(err, &de) {
				t.Fatalf("ParseScenario error %T %v is not a *data.Error", err, err)
			}
			return
		}
		if err := sc.Validate(); err != nil {
			t.Fatalf("ParseScenario accepted a scenario that model refuses: %v", err)
		}
		if CheckScope(sc, in) != nil {
			return
		}
		if est := model.EstimateRun(e, r, sc); est.CellDays > 200000 {
			return
		}
		if _, err := model.Run(context.Background(), e, r, sc, model.Options{Workers: 1}); err != nil {
			t.Fatalf("model.Run refused a scenario ParseScenario accepted: %v", err)
		}
	})
}
