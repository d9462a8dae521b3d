package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// smallRun are the flags of a fast run (well under 5 s): the small estate,
// a short horizon, two recovery times and few replicates.
var smallRun = []string{"--estate", "small", "--days", "28", "--recovery", "3,7", "--replicates", "3", "--quiet"}

// cli runs shelfgap with args in the current directory and returns its
// exit code, stdout and stderr.
func cli(args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = run(args, &o, &e)
	return code, o.String(), e.String()
}

// skipIfNoEngine skips the test while model.Run is a stub.
func skipIfNoEngine(t *testing.T, stderr string) {
	t.Helper()
	if strings.Contains(stderr, "not implemented") {
		t.Skipf("model.Run is not implemented yet: %s", strings.TrimSpace(stderr))
	}
}

// masks hide what legitimately changes from run to run or machine to
// machine in golden output: durations and the Go version.
var masks = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`\b\d+(\.\d+)?(ns|µs|ms|s|m)\b`), "<duration>"},
	{regexp.MustCompile(`\(go[0-9.]+\S* [a-z0-9]+/[a-z0-9]+\)`), "(<go> <os>/<arch>)"},
}

func mask(s string) string {
	for _, m := range masks {
		s = m.re.ReplaceAllString(s, m.with)
	}
	return s
}

// golden compares got with testdata/name.golden, or rewrites it with
// -update. On a mismatch it writes testdata/name.got-golden (git-ignored)
// and shows a diff.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o666); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run 'go test ./cmd/shelfgap -update' to create it)", err)
	}
	if got == string(want) {
		return
	}
	gotPath := filepath.Join("testdata", name+".got-golden")
	if err := os.WriteFile(gotPath, []byte(got), 0o666); err != nil {
		t.Fatal(err)
	}
	diff, _ := exec.Command("diff", "-u", path, gotPath).CombinedOutput()
	t.Errorf("output differs from %s (got in %s; -update to accept):\n%s", path, gotPath, diff)
}

// transcript renders one invocation as the golden file records it.
func transcript(args []string, code int, stdout, stderr string) string {
	var b strings.Builder
	b.WriteString("$ shelfgap " + strings.Join(args, " ") + "\n")
	b.WriteString("--- exit " + strconv.Itoa(code) + "\n")
	b.WriteString("--- stdout\n" + stdout)
	b.WriteString("--- stderr\n" + stderr)
	return mask(b.String())
}

// packageDir is the package's directory, where golden reads testdata/
// from, for tests that chdir elsewhere.
func packageDir(t *testing.T) string {
	t.Helper()
	d, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// corruptStores sets weekly_sales_gbp of the first store in dir/stores.csv
// to "-12".
func corruptStores(t *testing.T, dir string) {
	t.Helper()
	path := filepath.Join(dir, "stores.csv")
	lines := strings.Split(readFile(t, path), "\n")
	for i, l := range lines {
		if !strings.HasPrefix(l, "store_id,") {
			continue
		}
		col := slices.Index(strings.Split(l, ","), "weekly_sales_gbp")
		f := strings.Split(lines[i+1], ",")
		if col < 0 || col >= len(f) {
			t.Fatalf("stores.csv: no weekly_sales_gbp column in %q", l)
		}
		f[col] = "-12"
		lines[i+1] = strings.Join(f, ",")
		writeFile(t, path, strings.Join(lines, "\n"))
		return
	}
	t.Fatalf("stores.csv: no header line")
}

// TestCLI runs shelfgap end to end and compares exit code, stdout and
// stderr with testdata/<case>.golden. Each case runs in a new temporary
// directory.
func TestCLI(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T)
		args  []string
		code  int
	}{
		// Help, asked for: exit 0, on stdout.
		{name: "help", args: []string{"help"}},
		{name: "help_flag", args: []string{"--help"}},
		{name: "help_run", args: []string{"help", "run"}},
		{name: "run_help", args: []string{"run", "--help"}},
		{name: "estate_help", args: []string{"estate", "-h"}},
		{name: "validate_help", args: []string{"validate", "--help"}},
		{name: "scenarios_help", args: []string{"scenarios", "-h"}},
		{name: "version_help", args: []string{"help", "version"}},

		// Bad usage: exit 2 with a hint.
		{name: "no_args", args: nil, code: 2},
		{name: "unknown_command", args: []string{"rnu"}, code: 2},
		{name: "help_unknown", args: []string{"help", "valdate"}, code: 2},
		{name: "flag_before_command", args: []string{"--estate", "small", "run"}, code: 2},
		{name: "unknown_flag", args: []string{"run", "--replicate", "3"}, code: 2},
		{name: "bad_flag_value", args: []string{"run", "--seed", "x"}, code: 2},
		{name: "bad_estate", args: []string{"run", "--estate", "smal"}, code: 2},
		{name: "bad_recovery", args: []string{"run", "--recovery", "7,x"}, code: 2},
		{name: "run_argument", args: []string{"run", "small"}, code: 2},
		{name: "inputs_and_estate", args: []string{"validate", "--inputs", "x", "--estate", "small"}, code: 2},
		{name: "estate_no_out", args: []string{"estate"}, code: 2},
		{name: "scenarios_unknown", args: []string{"scenarios", "cop-2025"}, code: 2},

		// Bad input: exit 2 with the position.
		{name: "scenario_value", args: append(append([]string{"run"}, smallRun...), "--replicates", "0"), code: 2},
		{
			name: "scenario_unknown_key",
			setup: func(t *testing.T) {
				writeFile(t, "bad.yaml", "name: bad\noutage:\n  fallbak: none\n")
			},
			args: []string{"validate", "--estate", "small", "--scenario", "bad.yaml"},
			code: 2,
		},
		{name: "inputs_missing", args: []string{"validate", "--inputs", "nowhere"}, code: 2},
		{
			name: "inputs_bad_value",
			setup: func(t *testing.T) {
				if code, _, stderr := cli("estate", "--estate", "small", "--out", "in"); code != 0 {
					t.Fatalf("estate: exit %d: %s", code, stderr)
				}
				corruptStores(t, "in")
			},
			args: []string{"validate", "--inputs", "in"},
			code: 2,
		},
		{
			name:  "out_is_user_dir",
			setup: func(t *testing.T) { writeFile(t, filepath.Join("out", "notes.txt"), "mine") },
			args:  append([]string{"run", "--out", "out"}, smallRun...),
			code:  2,
		},

		// Success.
		{name: "validate_small", args: []string{"validate", "--estate", "small"}},
		{
			// A point value written is drawn around, and a range that
			// replaces it is said to.
			name: "validate_point_values",
			setup: func(t *testing.T) {
				writeFile(t, "dc.yaml", "outage: {dc_capacity: 0.8}\nrecords: {sales_posted: 0.9}\nuncertainty: {sales_posted: [0.2, 0.8]}\n")
			},
			args: []string{"validate", "--estate", "small", "--scenario", "dc.yaml"},
		},
		{name: "scenarios", args: []string{"scenarios"}},
		{name: "estate_small", args: []string{"estate", "--estate", "small", "--out", "in"}},
	}
	pkg := packageDir(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			if tt.setup != nil {
				tt.setup(t)
			}
			code, stdout, stderr := cli(tt.args...)
			if code != tt.code {
				t.Errorf("shelfgap %s: exit %d, want %d\nstderr: %s", strings.Join(tt.args, " "), code, tt.code, stderr)
			}
			t.Chdir(pkg)
			golden(t, tt.name, transcript(tt.args, code, stdout, stderr))
		})
	}
}

// TestRunSmall runs the small estate end to end and checks the output
// files exist and parse, and the stdout summary against a golden file.
func TestRunSmall(t *testing.T) {
	pkg := packageDir(t)
	t.Chdir(t.TempDir())
	args := append([]string{"run", "--out", "out"}, smallRun...)
	code, stdout, stderr := cli(args...)
	skipIfNoEngine(t, stderr)
	if code != 0 {
		t.Fatalf("shelfgap %s: exit %d\nstderr: %s", strings.Join(args, " "), code, stderr)
	}
	if stderr != "" {
		t.Errorf("stderr = %q, want nothing (--quiet, and not a terminal)", stderr)
	}
	for _, name := range []string{"daily.csv", "summary.csv"} {
		recs := readCSV(t, filepath.Join("out", name))
		if len(recs) < 2 {
			t.Errorf("%s: %d rows, want a header and data", name, len(recs))
		}
		if name == "daily.csv" {
			// 3 runs (baseline, 3, 7 days) x 28 days, plus the header.
			if want := 1 + 3*28; len(recs) != want {
				t.Errorf("daily.csv: %d rows, want %d", len(recs), want)
			}
			if h := recs[0]; len(h) < 3 || h[0] != "recovery_days" || h[1] != "day" || h[2] != "date" {
				t.Errorf("daily.csv header starts %q, want recovery_days, day, date", h[:min(3, len(h))])
			}
		}
	}
	var manifest map[string]any
	if err := json.Unmarshal([]byte(readFile(t, filepath.Join("out", "run.json"))), &manifest); err != nil {
		t.Errorf("run.json: %v", err)
	}
	pngs, _ := filepath.Glob(filepath.Join("out", "*.png"))
	if len(pngs) == 0 {
		t.Errorf("no PNG charts in out")
	}
	if names := entries(t, "."); !slices.Equal(names, []string{"out"}) {
		t.Errorf("working directory holds %q after the run, want only out (no temporary directory left)", names)
	}
	t.Chdir(pkg)
	golden(t, "run_small", transcript(args, code, stdout, stderr))
}

// TestRunDeterministic runs the same small scenario twice, with one and
// with two workers, and requires byte-identical CSV files and charts.
func TestRunDeterministic(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, w := range []string{"1", "2"} {
		args := append([]string{"run", "--out", "out" + w, "--workers", w, "--seed", "7"}, smallRun...)
		code, _, stderr := cli(args...)
		skipIfNoEngine(t, stderr)
		if code != 0 {
			t.Fatalf("shelfgap %s: exit %d\nstderr: %s", strings.Join(args, " "), code, stderr)
		}
	}
	names := entries(t, "out1")
	if got := entries(t, "out2"); !slices.Equal(got, names) {
		t.Fatalf("outputs differ in files: %q and %q", names, got)
	}
	for _, n := range names {
		if n == "run.json" { // holds timings and the worker count
			continue
		}
		if a, b := readFile(t, filepath.Join("out1", n)), readFile(t, filepath.Join("out2", n)); a != b {
			t.Errorf("%s differs between --workers 1 and --workers 2", n)
		}
	}
}

// TestRunReplacesOutput checks that a second run into the same --out
// replaces the first run's output.
func TestRunReplacesOutput(t *testing.T) {
	t.Chdir(t.TempDir())
	for i := range 2 {
		args := append([]string{"run", "--out", "out"}, smallRun...)
		code, _, stderr := cli(args...)
		skipIfNoEngine(t, stderr)
		if code != 0 {
			t.Fatalf("run %d: exit %d\nstderr: %s", i, code, stderr)
		}
	}
	if names := entries(t, "."); !slices.Equal(names, []string{"out"}) {
		t.Errorf("working directory holds %q, want only out", names)
	}
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return recs
}
