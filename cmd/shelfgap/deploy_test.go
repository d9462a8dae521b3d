package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// job is the part of a Kubernetes batch/v1 Job that the tests check.
type job struct {
	APIVersion string `yaml:"apiVersion"`
	Kind       string `yaml:"kind"`
	Spec       struct {
		CompletionMode       string `yaml:"completionMode"`
		Completions          *int   `yaml:"completions"`
		Parallelism          *int   `yaml:"parallelism"`
		BackoffLimitPerIndex *int   `yaml:"backoffLimitPerIndex"`
		PodFailurePolicy     struct {
			Rules []struct {
				Action      string `yaml:"action"`
				OnExitCodes struct {
					Operator string `yaml:"operator"`
					Values   []int  `yaml:"values"`
				} `yaml:"onExitCodes"`
			} `yaml:"rules"`
		} `yaml:"podFailurePolicy"`
		Template struct {
			Spec struct {
				RestartPolicy string `yaml:"restartPolicy"`
				Containers    []struct {
					Image        string   `yaml:"image"`
					Args         []string `yaml:"args"`
					VolumeMounts []struct {
						Name      string `yaml:"name"`
						MountPath string `yaml:"mountPath"`
					} `yaml:"volumeMounts"`
				} `yaml:"containers"`
				Volumes []struct {
					Name string `yaml:"name"`
					PVC  struct {
						ClaimName string `yaml:"claimName"`
					} `yaml:"persistentVolumeClaim"`
				} `yaml:"volumes"`
			} `yaml:"spec"`
		} `yaml:"template"`
	} `yaml:"spec"`
}

func readJob(t *testing.T, name string) *job {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "deploy", "kubernetes", name))
	if err != nil {
		t.Fatal(err)
	}
	var j job
	dec := yaml.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&j); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if j.APIVersion != "batch/v1" || j.Kind != "Job" || len(j.Spec.Template.Spec.Containers) != 1 {
		t.Fatalf("%s: want one batch/v1 Job with one container, got %s %s", name, j.APIVersion, j.Kind)
	}
	return &j
}

// TestKubernetesJobs checks the example Jobs for what makes them work: the
// sweep is an Indexed Job whose completions equal the N of its --shard
// auto/N, with a retry budget per index; its arguments are valid run
// flags; the merge reads the directory the sweep writes, on the same
// volume and image.
func TestKubernetesJobs(t *testing.T) {
	sw, mg := readJob(t, "sweep-job.yaml"), readJob(t, "merge-job.yaml")
	s := &sw.Spec
	if s.CompletionMode != "Indexed" {
		t.Errorf("sweep: completionMode %q, want Indexed", s.CompletionMode)
	}
	if s.Completions == nil || s.BackoffLimitPerIndex == nil || s.Parallelism == nil {
		t.Fatal("sweep: want completions, parallelism and backoffLimitPerIndex set")
	}
	if p := s.Template.Spec.RestartPolicy; p != "Never" {
		t.Errorf("sweep: restartPolicy %q; backoffLimitPerIndex needs Never", p)
	}
	failOn2 := false
	for _, r := range s.PodFailurePolicy.Rules {
		failOn2 = failOn2 || r.Action == "FailJob" && r.OnExitCodes.Operator == "In" && slices.Contains(r.OnExitCodes.Values, exitUsage)
	}
	if !failOn2 {
		t.Errorf("sweep: want a podFailurePolicy rule that fails the Job on exit code %d (bad input: retries cannot help)", exitUsage)
	}
	ct := s.Template.Spec.Containers[0]
	if len(ct.Args) == 0 || ct.Args[0] != "run" {
		t.Fatalf("sweep: args %q, want run ...", ct.Args)
	}
	f := newRunFlags()
	fs := f.flagSet(runCommand{})
	if err := fs.Parse(ct.Args[1:]); err != nil || fs.NArg() > 0 {
		t.Fatalf("sweep: args %q are not run's flags: %v", ct.Args, err)
	}
	if !f.shard.set || !f.shard.auto || f.shard.parts != *s.Completions {
		t.Errorf("sweep: --shard %s, want auto/%d (completions)", f.shard.String(), *s.Completions)
	}
	i, err := f.shard.resolve(func(k string) string {
		if k == "JOB_COMPLETION_INDEX" {
			return fmt.Sprint(*s.Completions - 1)
		}
		return ""
	})
	if err != nil || i != *s.Completions-1 {
		t.Errorf("sweep: the last pod's index resolves to %d, %v", i, err)
	}

	mc := mg.Spec.Template.Spec.Containers[0]
	if len(mc.Args) < 2 || mc.Args[0] != "merge" || mc.Args[1] != f.out {
		t.Errorf("merge: args %q, want merge %s (the sweep's --out) ...", mc.Args, f.out)
	}
	mf := newMergeFlags()
	mfs := mf.flagSet(mergeCommand{})
	if err := mfs.Parse(mc.Args[2:]); err != nil || mfs.NArg() > 0 {
		t.Errorf("merge: args %q are not merge's flags: %v", mc.Args, err)
	}
	if mc.Image != ct.Image {
		t.Errorf("merge image %q, sweep image %q: want the same build", mc.Image, ct.Image)
	}
	claim := func(j *job, path string) string {
		for _, m := range j.Spec.Template.Spec.Containers[0].VolumeMounts {
			if strings.HasPrefix(path, m.MountPath+"/") {
				for _, v := range j.Spec.Template.Spec.Volumes {
					if v.Name == m.Name {
						return v.PVC.ClaimName
					}
				}
			}
		}
		return ""
	}
	if a, b := claim(sw, f.out), claim(mg, mf.out); a == "" || a != b {
		t.Errorf("the sweep writes %s on claim %q and the merge writes %s on claim %q: want one shared claim", f.out, a, mf.out, b)
	}
}

// TestSlurmScripts checks the Slurm scripts with bash -n, then runs them
// as Slurm would (one process per array task, then the merge), with
// shelfgap being this test binary, on the small estate.
func TestSlurmScripts(t *testing.T) {
	scripts, err := filepath.Glob(filepath.Join("..", "..", "deploy", "slurm", "*.sh"))
	if err != nil || len(scripts) < 3 {
		t.Fatalf("deploy/slurm: %v, %v", scripts, err)
	}
	for _, s := range scripts {
		if out, err := exec.Command("bash", "-n", s).CombinedOutput(); err != nil {
			t.Errorf("bash -n %s: %v\n%s", s, err, out)
		}
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "shelfgap")
	writeFile(t, bin, fmt.Sprintf("#!/bin/sh\nSHELFGAP_TEST_MAIN=1 exec %q '-test.run=^$' -- \"$@\"\n", os.Args[0]))
	if err := os.Chmod(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	slurm, _ := filepath.Abs(filepath.Join("..", "..", "deploy", "slurm"))
	sh := func(script string, env ...string) (int, string) {
		cmd := exec.Command("bash", filepath.Join(slurm, script))
		cmd.Dir = dir
		for _, kv := range os.Environ() {
			if name, _, _ := strings.Cut(kv, "="); !slices.Contains(shardEnv, name) && !strings.HasPrefix(name, "SLURM_") {
				cmd.Env = append(cmd.Env, kv)
			}
		}
		cmd.Env = append(cmd.Env, append([]string{"SHELFGAP=" + bin, "PARTS=3", "PARTS_DIR=parts", "OUT=out",
			"SHELFGAP_ARGS=" + strings.Join(shardRun, " ")}, env...)...)
		out, _ := cmd.CombinedOutput()
		return cmd.ProcessState.ExitCode(), string(out)
	}
	if code, out := sh("sweep.sh", "SLURM_ARRAY_TASK_ID=0", "SLURM_ARRAY_TASK_COUNT=4"); code != 2 || !strings.Contains(out, "submit with --array=0-2") {
		t.Errorf("sweep.sh in an array of 4 tasks for PARTS=3: exit %d, %q; want exit 2 and the --array to use", code, out)
	}
	for i := range 3 {
		if code, out := sh("sweep.sh", fmt.Sprintf("SLURM_ARRAY_TASK_ID=%d", i), "SLURM_ARRAY_TASK_COUNT=3", "SLURM_CPUS_PER_TASK=1"); code != 0 {
			t.Fatalf("sweep.sh task %d: exit %d\n%s", i, code, out)
		}
	}
	if code, out := sh("merge.sh"); code != 0 {
		t.Fatalf("merge.sh: exit %d\n%s", code, out)
	}
	if _, err := os.Stat(filepath.Join(dir, "out", "daily.csv")); err != nil {
		t.Errorf("merge.sh wrote no daily.csv: %v", err)
	}
}
