package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/shelfgap/shelfgap/data"
	"github.com/shelfgap/shelfgap/model"
)

// shardRun are the flags of the sweep the shard tests split: the small
// estate (which runs at full resolution unless told otherwise), five
// replicates; shardQuick makes it quick mode, so that the sampling error,
// and each replicate's own sample of stores, are merged too.
var (
	shardRun   = []string{"--estate", "small", "--days", "28", "--recovery", "3,7", "--replicates", "5", "--quiet"}
	shardQuick = []string{"--sample", "0.5"}
)

// shelfgap runs this test binary as the shelfgap process in dir, with env
// added to an environment that holds neither shard index variable, and
// returns its exit code, stdout and stderr.
func shelfgap(t *testing.T, dir string, env []string, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], append([]string{"-test.run=^$", "--"}, args...)...)
	cmd.Dir = dir
	for _, kv := range os.Environ() {
		if name, _, _ := strings.Cut(kv, "="); !slices.Contains(shardEnv, name) {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(append(cmd.Env, "SHELFGAP_TEST_MAIN=1"), env...)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatal(err)
	}
	return cmd.ProcessState.ExitCode(), o.String(), e.String()
}

// runParts runs the n parts of shardRun (with --dc-groups g) into dir/out,
// each as its own process; how says how each is told its index: "flag"
// (--shard I/N), "k8s" or "slurm" (--shard auto/N and the variable).
func runParts(t *testing.T, dir, out string, n, g int, how string, extra ...string) {
	t.Helper()
	for i := range n {
		args := append(slices.Clone(shardRun), "--out", out, "--dc-groups", fmt.Sprint(g))
		var env []string
		switch how {
		case "flag":
			args = append(args, "--shard", fmt.Sprintf("%d/%d", i, n))
		case "k8s":
			args, env = append(args, "--shard", fmt.Sprintf("auto/%d", n)), []string{fmt.Sprintf("JOB_COMPLETION_INDEX=%d", i)}
		case "slurm":
			args, env = append(args, "--shard", fmt.Sprintf("auto/%d", n)), []string{fmt.Sprintf("SLURM_ARRAY_TASK_ID=%d", i)}
		}
		code, _, stderr := shelfgap(t, dir, env, append(append([]string{"run"}, args...), extra...)...)
		if code != 0 {
			t.Fatalf("part %d of %d: exit %d\n%s", i, n, code, stderr)
		}
		if !strings.Contains(stderr, "peak memory") {
			t.Errorf("part %d of %d: stderr %q does not report the peak memory", i, n, stderr)
		}
	}
}

// TestShardMerge runs the sweep unsharded and in N = 1, 2, 3 and 5 parts
// of replicates, and in 2 and 4 parts over 2 DC groups, each part a
// process of its own, merges each, and requires every CSV and PNG file to
// be the same, byte for byte, as the unsharded run's, and run.json's
// counts and sampling error; at full resolution and in quick mode.
func TestShardMerge(t *testing.T) {
	type tcase struct {
		n, g int
		how  string
	}
	for _, mode := range []struct {
		name  string
		extra []string
		cases []tcase
	}{
		{"full", nil, []tcase{{1, 1, "flag"}, {2, 1, "flag"}, {3, 1, "k8s"}, {5, 1, "slurm"}, {2, 2, "flag"}, {4, 2, "k8s"}}},
		{"quick", shardQuick, []tcase{{2, 1, "flag"}, {5, 1, "slurm"}, {2, 2, "flag"}, {4, 2, "k8s"}}},
	} {
		t.Run(mode.name, func(t *testing.T) {
			dir := t.TempDir()
			if code, _, stderr := shelfgap(t, dir, nil, append(append([]string{"run", "--out", "whole"}, shardRun...), mode.extra...)...); code != 0 {
				t.Fatalf("unsharded run: exit %d\n%s", code, stderr)
			}
			want := outputFiles(t, filepath.Join(dir, "whole"))
			if len(want) < 10 {
				t.Fatalf("unsharded run wrote only %v", slices.Sorted(mapKeys(want)))
			}
			wantJSON := runCounts(t, filepath.Join(dir, "whole"))
			if quick := wantJSON["sample_se"] != "null"; quick != (mode.extra != nil) {
				t.Fatalf("unsharded run: sample_se %s in %s mode", wantJSON["sample_se"], mode.name)
			}
			for _, tc := range mode.cases {
				name := fmt.Sprintf("%dparts-%dgroups", tc.n, tc.g)
				runParts(t, dir, name, tc.n, tc.g, tc.how, mode.extra...)
				code, _, stderr := shelfgap(t, dir, nil, "merge", name, "--out", name+"-out")
				if code != 0 {
					t.Fatalf("%s: merge: exit %d\n%s", name, code, stderr)
				}
				got := outputFiles(t, filepath.Join(dir, name+"-out"))
				if !slices.Equal(slices.Sorted(mapKeys(got)), slices.Sorted(mapKeys(want))) {
					t.Errorf("%s: merge wrote %v, want %v", name, slices.Sorted(mapKeys(got)), slices.Sorted(mapKeys(want)))
				}
				for f, b := range want {
					if !bytes.Equal(got[f], b) {
						t.Errorf("%s: %s differs from the unsharded run's", name, f)
					}
				}
				if g := runCounts(t, filepath.Join(dir, name+"-out")); !reflect.DeepEqual(g, wantJSON) {
					t.Errorf("%s: run.json has %v, the unsharded run's %v", name, g, wantJSON)
				}
			}
		})
	}
}

// runCounts reads the counts, the sampling error and the parameters from
// an output's run.json, each as its JSON text.
func runCounts(t *testing.T, dir string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "run.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, k := range []string{"cells", "stores", "cell_days", "sampling", "sample_se", "sample_se_replicate", "params"} {
		var v any
		if err := json.Unmarshal(m[k], &v); err != nil {
			t.Fatalf("run.json %s: %v", k, err)
		}
		c, _ := json.Marshal(v)
		out[k] = string(c)
	}
	return out
}

// outputFiles reads a run's CSV and PNG files.
func outputFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	m := map[string][]byte{}
	for _, name := range entries(t, dir) {
		if strings.HasSuffix(name, ".csv") || strings.HasSuffix(name, ".png") {
			b, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			m[name] = b
		}
	}
	return m
}

func mapKeys[K comparable, V any](m map[K]V) func(func(K) bool) {
	return func(yield func(K) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// TestMergeRefuses gives merge a missing, a repeated, a mismatched and a
// damaged part, and requires exit 2, a message naming the problem, and no
// output written.
func TestMergeRefuses(t *testing.T) {
	dir := t.TempDir()
	runParts(t, dir, "parts", 3, 1, "flag")
	runParts(t, dir, "seed2", 3, 1, "flag", "--seed", "2")
	runParts(t, dir, "groups", 6, 2, "flag")
	p := func(dir string, i, n int) string {
		return filepath.Join(dir, fmt.Sprintf("part-%04d-of-%04d.json", i, n))
	}
	damaged := filepath.Join(dir, "damaged")
	if err := os.CopyFS(damaged, os.DirFS(filepath.Join(dir, "parts"))); err != nil {
		t.Fatal(err)
	}
	sums := filepath.Join(damaged, "part-0001-of-0003.csv.gz")
	b, err := os.ReadFile(sums)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)/2] ^= 1
	writeFile(t, sums, string(b))
	for _, tc := range []struct {
		name  string
		parts []string
		want  string
	}{
		{"missing", []string{p("parts", 0, 3), p("parts", 2, 3)}, "1 of 3 parts missing: 1;"},
		{"missing-two", []string{p("parts", 1, 3)}, "2 of 3 parts missing: 0, 2;"},
		{"repeated", []string{"parts", p("parts", 1, 3)}, "part 1 of 3 is given twice: parts/part-0001-of-0003.json and parts/part-0001-of-0003.json"},
		{"other-seed", []string{p("parts", 0, 3), p("parts", 1, 3), p("seed2", 2, 3)}, "are not parts of the same sweep: seeds 1 and 2"},
		{"other-n", []string{"parts", p("groups", 0, 6)}, "are not parts of the same sweep: parts of 3 and of 6"},
		{"damaged", []string{"damaged"}, "the file was changed or damaged"},
		{"empty", []string{"."}, "no parts (part-IIII-of-NNNN.json) in the directory"},
	} {
		code, _, stderr := shelfgap(t, dir, nil, append(append([]string{"merge"}, tc.parts...), "--out", "out-"+tc.name)...)
		if code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%s: exit %d, stderr %q; want exit 2 and %q", tc.name, code, stderr, tc.want)
		}
		if _, err := os.Stat(filepath.Join(dir, "out-"+tc.name)); err == nil {
			t.Errorf("%s: the refused merge wrote out-%s", tc.name, tc.name)
		}
	}
	// A mismatched scenario names its fields.
	runParts(t, dir, "days", 3, 1, "flag", "--days", "21")
	code, _, stderr := shelfgap(t, dir, nil, "merge", p("parts", 0, 3), p("days", 1, 3), p("days", 2, 3), "--out", "x")
	if want := "different scenarios (days)"; code != 2 || !strings.Contains(stderr, want) {
		t.Errorf("other --days: exit %d, stderr %q; want exit 2 and %q", code, stderr, want)
	}
}

// TestShardIdempotent runs a part twice: the sums file must be the same,
// so a retried pod or task replaces its part with the same part.
func TestShardIdempotent(t *testing.T) {
	dir := t.TempDir()
	sums := filepath.Join(dir, "p", "part-0001-of-0002.csv.gz")
	var first []byte
	for i := range 2 {
		args := append(append([]string{"run"}, shardRun...), "--out", "p", "--shard", "1/2", "--workers", fmt.Sprint(i+1))
		if code, _, stderr := shelfgap(t, dir, nil, args...); code != 0 {
			t.Fatalf("exit %d\n%s", code, stderr)
		}
		b, err := os.ReadFile(sums)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = b
		} else if !bytes.Equal(b, first) {
			t.Error("the part's sums differ between two runs (1 and 2 workers)")
		}
	}
	if names := entries(t, filepath.Join(dir, "p")); !slices.Equal(names, []string{"part-0001-of-0002.csv.gz", "part-0001-of-0002.json"}) {
		t.Errorf("parts directory holds %q, want the part's two files only", names)
	}
}

// TestShardFlag checks --shard's parsing and auto's reading of the
// environment.
func TestShardFlag(t *testing.T) {
	for _, tc := range []struct {
		arg  string
		env  map[string]string
		want int
		err  string
	}{
		{arg: "2/5", want: 2},
		{arg: "auto/4", env: map[string]string{"JOB_COMPLETION_INDEX": "3"}, want: 3},
		{arg: "auto/4", env: map[string]string{"SLURM_ARRAY_TASK_ID": "0"}, want: 0},
		{arg: "auto/4", env: map[string]string{"JOB_COMPLETION_INDEX": "1", "SLURM_ARRAY_TASK_ID": "2"}, want: 1},
		{arg: "auto/4", err: "neither JOB_COMPLETION_INDEX nor SLURM_ARRAY_TASK_ID is set"},
		{arg: "auto/4", env: map[string]string{"SLURM_ARRAY_TASK_ID": "4"}, err: `SLURM_ARRAY_TASK_ID is "4"; want a whole number from 0 to 3 (Kubernetes: completions: 4; Slurm: --array=0-3)`},
		{arg: "auto/4", env: map[string]string{"JOB_COMPLETION_INDEX": "x"}, err: `JOB_COMPLETION_INDEX is "x"`},
		{arg: "5/5", err: "want I/N with I from 0 to 4"},
		{arg: "-1/5", err: "want I/N with I from 0 to 4"},
		{arg: "1/0", err: "want I/N or auto/N"},
		{arg: "3", err: "want I/N or auto/N"},
	} {
		var s shardFlag
		err := s.Set(tc.arg)
		var i int
		if err == nil {
			i, err = s.resolve(func(k string) string { return tc.env[k] })
		}
		switch {
		case tc.err == "" && (err != nil || i != tc.want):
			t.Errorf("--shard %s with %v: %d, %v; want %d", tc.arg, tc.env, i, err, tc.want)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("--shard %s with %v: error %v, want %q", tc.arg, tc.env, err, tc.err)
		}
	}
	for _, tc := range []struct {
		index, parts, groups, reps, dcs int
		want                            partPlan
		err                             string
	}{
		{index: 3, parts: 4, groups: 1, reps: 10, dcs: 2, want: partPlan{blocks: 4, groups: 1, block: 3, from: 7, to: 10}},
		{index: 3, parts: 4, groups: 2, reps: 10, dcs: 2, want: partPlan{blocks: 2, groups: 2, block: 1, group: 1, from: 5, to: 10}},
		{index: 0, parts: 3, groups: 2, reps: 10, dcs: 2, err: "do not split into 2 DC groups"},
		{index: 0, parts: 6, groups: 1, reps: 5, dcs: 2, err: "6 blocks of replicates, but the sweep has 5 replicates; want at most 5 parts"},
		{index: 0, parts: 3, groups: 3, reps: 5, dcs: 2, err: "--dc-groups: want 1 to 2"},
	} {
		got, err := planPart(tc.index, tc.parts, tc.groups, tc.reps, tc.dcs)
		switch {
		case tc.err == "" && (err != nil || got != tc.want):
			t.Errorf("planPart%v: %+v, %v; want %+v", []int{tc.index, tc.parts, tc.groups, tc.reps, tc.dcs}, got, err, tc.want)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("planPart%v: error %v, want %q", []int{tc.index, tc.parts, tc.groups, tc.reps, tc.dcs}, err, tc.err)
		}
	}
}

// TestDCGroupsNeedShard: --dc-groups without --shard is refused, not
// ignored.
func TestDCGroupsNeedShard(t *testing.T) {
	t.Chdir(t.TempDir())
	code, _, stderr := cli("run", "--estate", "small", "--dc-groups", "2")
	if want := "--dc-groups: want it only with --shard I/N"; code != 2 || !strings.Contains(stderr, want) {
		t.Errorf("exit %d, stderr %q; want exit 2 and %q", code, stderr, want)
	}
}

// TestPartScenarioRoundTrip checks that every example scenario survives a
// part's manifest (JSON) unchanged: the merge runs the scenario it reads
// back, so it must be the one the parts ran.
func TestPartScenarioRoundTrip(t *testing.T) {
	for _, name := range append(data.ScenarioNames(), "") {
		sc, err := loadScenario(name)
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(sc)
		if err != nil {
			t.Fatal(err)
		}
		var back model.Scenario
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !reflect.DeepEqual(back, sc) {
			t.Errorf("scenario %q changes through JSON:\n got %+v\nwant %+v", name, back, sc)
		}
	}
}
