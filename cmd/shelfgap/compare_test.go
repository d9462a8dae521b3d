package main

import (
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// csvColumn returns column name of a CSV file's records as numbers, one
// per data row (NaN for an empty cell).
func csvColumn(t *testing.T, recs [][]string, name string) []float64 {
	t.Helper()
	c := slices.Index(recs[0], name)
	if c < 0 {
		t.Fatalf("no column %s in %q", name, recs[0])
	}
	var out []float64
	for _, r := range recs[1:] {
		if r[c] == "" {
			out = append(out, math.NaN())
			continue
		}
		v, err := strconv.ParseFloat(r[c], 64)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	return out
}

// TestCompare runs two fallback modes with --vs, then compares the
// outputs with the compare command: the run of --vs and the command agree
// byte for byte; a run compared with itself differs by exactly zero; and
// the mean difference of two fallback modes is the difference of their
// summaries' means (to the rounding of pennies).
func TestCompare(t *testing.T) {
	t.Chdir(t.TempDir())
	// The fallback starts on the outage's day 7, so the 14-day recovery
	// time tells the modes apart.
	args := append([]string{"run", "--scenario", "fallback-core-range", "--vs", "fallback-push", "--out", "out"}, smallRun...)
	args = append(args, "--recovery", "3,14", "--days", "35")
	code, stdout, stderr := cli(args...)
	if code != 0 {
		t.Fatalf("run --vs: exit %d\nstderr: %s", code, stderr)
	}
	if !strings.Contains(stdout, "B (fallback-push) minus A (fallback-core-range)") {
		t.Errorf("run --vs prints no comparison:\n%s", stdout)
	}
	// The output, vs/ and all, is shelfgap's: the same run replaces it.
	if code, _, stderr := cli(args...); code != 0 {
		t.Fatalf("run --vs again into its own output: exit %d\nstderr: %s", code, stderr)
	}
	code, _, stderr = cli("compare", "--csv", "again.csv", "out", filepath.Join("out", "vs"))
	if code != 0 {
		t.Fatalf("compare: exit %d\nstderr: %s", code, stderr)
	}
	if a, b := readFile(t, "again.csv"), readFile(t, filepath.Join("out", "compare.csv")); a != b {
		t.Errorf("compare of the two directories differs from run --vs's compare.csv:\n%s\nvs\n%s", a, b)
	}

	// Against itself: every cell zero.
	if code, _, stderr = cli("compare", "--csv", "self.csv", "out", "out"); code != 0 {
		t.Fatalf("compare out out: exit %d\nstderr: %s", code, stderr)
	}
	self := readCSV(t, "self.csv")
	if len(self) != 3 {
		t.Fatalf("self.csv has %d rows, want a header and the 2 recovery times", len(self))
	}
	for _, r := range self[1:] {
		for i, v := range r[2:] {
			if v != "0.00" {
				t.Errorf("compare of a run with itself: recovery %s %s = %s, want 0.00", r[0], self[0][i+2], v)
			}
		}
	}

	// Two fallback modes: the mean of the paired differences is the
	// difference of the means, replicate values rounded to pennies.
	cmp := readCSV(t, filepath.Join("out", "compare.csv"))
	sa, sb := readCSV(t, filepath.Join("out", "summary.csv")), readCSV(t, filepath.Join("out", "vs", "summary.csv"))
	for _, m := range []string{"lost_sales_gbp", "lost_margin_gbp", "waste_gbp"} {
		got := csvColumn(t, cmp, "diff_"+m+"_mean")
		a, b := csvColumn(t, sa, m+"_mean")[1:], csvColumn(t, sb, m+"_mean")[1:] // without the baseline
		for i := range got {
			if want := b[i] - a[i]; math.Abs(got[i]-want) > 0.02 {
				t.Errorf("%s: mean difference %v, want B - A of the summaries = %v", m, got[i], want)
			}
		}
		if m == "lost_sales_gbp" && got[len(got)-1] == 0 {
			t.Errorf("push vs core range: lost sales differ by exactly 0, want a difference")
		}
	}
}

// TestCompareRefuses: runs with different seeds are not paired, and the
// message says why.
func TestCompareRefuses(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, seed := range []string{"1", "2"} {
		args := append([]string{"run", "--seed", seed, "--out", "seed" + seed}, smallRun...)
		if code, _, stderr := cli(args...); code != 0 {
			t.Fatalf("run: exit %d\nstderr: %s", code, stderr)
		}
	}
	code, _, stderr := cli("compare", "seed1", "seed2")
	if code != 2 || !strings.Contains(stderr, "seeds differ (1 vs 2)") {
		t.Errorf("compare of two seeds: exit %d, stderr %q; want 2 and the seeds named", code, stderr)
	}
	code, _, stderr = cli("compare", "seed1", "nowhere")
	if code != 2 || !strings.Contains(stderr, "not a shelfgap output directory") {
		t.Errorf("compare with a missing directory: exit %d, stderr %q; want 2", code, stderr)
	}
}
