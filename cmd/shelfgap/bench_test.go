package main

import (
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
)

// BenchmarkRun runs 'shelfgap run' in-process as a user would, with its
// defaults: the default scenario and the coop-2025 and mns-2025 examples
// on the built-in default estate, writing every output. Each iteration is one whole run
// (set-up, simulation, charts and files). Besides the time, it reports the
// replicates the run used and its reported sampling error: the largest,
// over the recovery times, of the standard error of the mean lost sales as
// a percentage of that lost sales (se-max-pct), which should stay below 2.
// Run it with
//
//	go test ./cmd/shelfgap -run - -bench Run -benchtime 1x -count 5 -cpu 2
//
// (-bench 'Run/(default|coop)' for the two whose time the README states)
//
// and compare with another build's wall time (interleave the runs, A B A
// B, on a shared machine).
func BenchmarkRun(b *testing.B) {
	for _, bm := range []struct {
		name string
		args []string
	}{
		{"default", nil},
		{"coop-2025", []string{"--scenario", "coop-2025"}},
		{"mns-2025", []string{"--scenario", "mns-2025"}},
	} {
		b.Run(bm.name, func(b *testing.B) {
			out := filepath.Join(b.TempDir(), "out")
			args := append([]string{"run", "--quiet", "--out", out}, bm.args...)
			for b.Loop() {
				if code, _, stderr := cli(args...); code != 0 {
					b.Fatalf("exit %d: %s", code, stderr)
				}
			}
			reps, worst := benchSE(b, filepath.Join(out, "run.json"))
			b.ReportMetric(float64(reps), "replicates")
			b.ReportMetric(worst, "se-max-pct")
		})
	}
}

// benchSE reads run.json and returns the replicates and the largest
// sampling error as a percentage of its run's mean lost sales (0 at full
// resolution).
func benchSE(b *testing.B, path string) (int, float64) {
	raw, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	var rj struct {
		Replicates int        `json:"replicates"`
		SampleSE   []*float64 `json:"sample_se"`
	}
	if err := json.Unmarshal(raw, &rj); err != nil {
		b.Fatal(err)
	}
	f, err := os.Open(filepath.Join(filepath.Dir(path), "summary.csv"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		b.Fatal(err)
	}
	col := slices.Index(recs[0], "lost_sales_gbp_mean")
	var lost []float64
	for _, rec := range recs[1:] {
		if rec[col] == "" {
			lost = append(lost, 0) // the baseline: no outage, nothing lost
			continue
		}
		v, err := strconv.ParseFloat(rec[col], 64)
		if err != nil {
			b.Fatalf("summary.csv: lost_sales_gbp_mean %q: %v", rec[col], err)
		}
		lost = append(lost, v)
	}
	worst := 0.0
	for run := 1; run < len(rj.SampleSE) && run < len(lost); run++ {
		if rj.SampleSE[run] != nil && lost[run] > 0 {
			worst = math.Max(worst, 100**rj.SampleSE[run]/lost[run])
		}
	}
	return rj.Replicates, worst
}
