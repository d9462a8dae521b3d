package data

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzLoadStores replaces stores.csv of the good inputs with arbitrary
// bytes: Load must not panic, and any error must be a *Error.
func FuzzLoadStores(f *testing.F) {
	good := filepath.Join("testdata", "good")
	files, err := filepath.Glob(filepath.Join(good, "*.csv"))
	if err != nil {
		f.Fatal(err)
	}
	seed, err := os.ReadFile(filepath.Join(good, StoresFile))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add([]byte("store_id;region\n"))
	f.Add([]byte("\xef\xbb\xbfstore_id,region,format,dc_id,weekly_sales_gbp\n\"S1\nx\",a,convenience,D1,1\n"))
	f.Fuzz(func(t *testing.T, stores []byte) {
		dir := t.TempDir()
		for _, p := range files {
			b, _ := os.ReadFile(p)
			os.WriteFile(filepath.Join(dir, filepath.Base(p)), b, 0o644)
		}
		os.WriteFile(filepath.Join(dir, StoresFile), stores, 0o644)
		in, err := Load(dir)
		if err != nil {
			var de *Error
			if !errors.As(err, &de) {
				t.Fatalf("Load error %T %v is not a *data.Error", err, err)
			}
			return
		}
		if _, _, err := in.Build(); err != nil {
			t.Fatalf("Load accepted inputs that Build refuses: %v", err)
		}
	})
}

// FuzzParseScenario: arbitrary YAML must not panic, and errors are
// *Error values.
func FuzzParseScenario(f *testing.F) {
	for _, name := range ScenarioNames() {
		b, _ := ExampleScenario(name)
		f.Add(b)
	}
	f.Add([]byte("outage: {fallbak: none}\nrecovery: [3, x]\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		_, err := ParseScenario("f.yaml", b)
		if err != nil {
			var de *Error
			if !errors.As(err, &de) {
				t.Fatalf("ParseScenario error %T %v is not a *data.Error", err, err)
			}
		}
	})
}
