package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunDefaults: with no --replicates, the bare run and a named example
// run the same number of replicates (the scenario default, 20); the small
// estate fits quick mode's budget, so it runs at full resolution and says
// so; and --sample gives a sample of stores whose error is reported.
func TestRunDefaults(t *testing.T) {
	t.Chdir(t.TempDir())
	short := []string{"--estate", "small", "--days", "14", "--recovery", "3", "--quiet"}
	for _, tt := range []struct {
		name     string
		args     []string
		sampling string // run.json's sampling starts with this
		stores   int
	}{
		{"bare", nil, "full", 40},
		{"example", []string{"--scenario", "coop-2025"}, "full", 40},
		{"sample", []string{"--sample", "0.2"}, "stores", 8},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out := tt.name + "-out"
			code, stdout, stderr := cli(append(append([]string{"run", "--out", out}, short...), tt.args...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			raw, err := os.ReadFile(filepath.Join(out, "run.json"))
			if err != nil {
				t.Fatal(err)
			}
			var rj struct {
				Replicates int
				Sampling   string
				Quantiles  string
				Stores     struct{ Simulated, Full int }
				SampleSE   []float64 `json:"sample_se"`
			}
			if err := json.Unmarshal(raw, &rj); err != nil {
				t.Fatal(err)
			}
			if rj.Replicates != 20 {
				t.Errorf("replicates %d, want the scenario default 20", rj.Replicates)
			}
			if !strings.HasPrefix(rj.Sampling, tt.sampling) || rj.Stores.Simulated != tt.stores || rj.Stores.Full != 40 {
				t.Errorf("sampling %q, stores %+v: want %q..., %d of 40", rj.Sampling, rj.Stores, tt.sampling, tt.stores)
			}
			if !strings.Contains(rj.Quantiles, "empirical quantiles") || strings.Contains(rj.Quantiles, "smallest value") {
				t.Errorf("quantiles %q: want empirical quantiles, not the smallest value, at 20 replicates", rj.Quantiles)
			}
			full := strings.Contains(stdout, "Full resolution: every line of all 40 stores")
			quick := strings.Contains(stdout, "Quick mode: each replicate simulated 8 of 40 stores")
			if full != (tt.sampling == "full") || quick != (tt.sampling == "stores") || (rj.SampleSE != nil) != quick {
				t.Errorf("stdout says full %v, quick %v; sample_se %v; want %s:\n%s", full, quick, rj.SampleSE, tt.sampling, stdout)
			}
			if !strings.Contains(stdout, "P10-P90 are empirical quantiles over them (the 2nd and 18th smallest of 20)") {
				t.Errorf("stdout does not say what the bands are:\n%s", stdout)
			}
		})
	}
}
