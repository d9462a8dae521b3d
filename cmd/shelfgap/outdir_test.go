package main

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// entries lists the names in dir, sorted.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	slices.Sort(names)
	return names
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o666); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// fillWith returns a fill function that writes daily.csv holding text;
// stage adds run.json, the manifest.
func fillWith(text string) func(dir string) error {
	return func(dir string) error {
		return os.WriteFile(filepath.Join(dir, "daily.csv"), []byte(text), 0o666)
	}
}

// previousOutput writes a previous output of stage at p/out, whose
// daily.csv holds "old".
func previousOutput(t *testing.T, p string) {
	t.Helper()
	if err := stage(context.Background(), filepath.Join(p, "out"), fillWith("old")); err != nil {
		t.Fatal(err)
	}
}

func TestStage(t *testing.T) {
	errFill := errors.New("fill failed")
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name string
		// before sets up the parent directory; out is "out" in it.
		before func(t *testing.T, parent string)
		ctx    context.Context
		fill   func(dir string) error
		// cancelInFill cancels the context while fill runs (Ctrl-C).
		cancelInFill bool
		// wantErr is nil for success, else a sentinel for errors.Is or
		// errOut for an *outError.
		wantErr error
		// wantRun is daily.csv's text in out afterwards ("" if out must
		// not exist); wantNames the parent's entries afterwards.
		wantRun   string
		wantNames []string
	}{
		{
			name:      "new",
			fill:      fillWith("new"),
			wantRun:   "new",
			wantNames: []string{"out"},
		},
		{
			name:      "fill error leaves nothing",
			fill:      func(dir string) error { fillWith("half")(dir); return errFill },
			wantErr:   errFill,
			wantNames: nil,
		},
		{
			name:      "cancelled leaves nothing",
			ctx:       cancelled,
			fill:      fillWith("new"),
			wantErr:   context.Canceled,
			wantNames: nil,
		},
		{
			name:         "interrupted during fill leaves nothing",
			cancelInFill: true,
			fill:         fillWith("new"),
			wantErr:      context.Canceled,
			wantNames:    nil,
		},
		{
			name:         "interrupted keeps previous output",
			before:       previousOutput,
			cancelInFill: true,
			fill:         fillWith("new"),
			wantErr:      context.Canceled,
			wantRun:      "old",
			wantNames:    []string{"out"},
		},
		{
			name:      "replaces previous output",
			before:    previousOutput,
			fill:      fillWith("new"),
			wantRun:   "new",
			wantNames: []string{"out"},
		},
		{
			name:      "previous output kept on error",
			before:    previousOutput,
			fill:      func(string) error { return errFill },
			wantErr:   errFill,
			wantRun:   "old",
			wantNames: []string{"out"},
		},
		{
			name:      "fills empty directory",
			before:    func(t *testing.T, p string) { os.Mkdir(filepath.Join(p, "out"), 0o777) },
			fill:      fillWith("new"),
			wantRun:   "new",
			wantNames: []string{"out"},
		},
		{
			name:      "refuses user directory",
			before:    func(t *testing.T, p string) { writeFile(t, filepath.Join(p, "out", "thesis.docx"), "mine") },
			fill:      fillWith("new"),
			wantErr:   errOut,
			wantNames: []string{"out"},
		},
		{
			name: "refuses previous output with a file added",
			before: func(t *testing.T, p string) {
				previousOutput(t, p)
				writeFile(t, filepath.Join(p, "out", "report.docx"), "mine")
			},
			fill:      fillWith("new"),
			wantErr:   errOut,
			wantRun:   "old",
			wantNames: []string{"out"},
		},
		{
			name: "refuses previous output with an edited file",
			before: func(t *testing.T, p string) {
				previousOutput(t, p)
				writeFile(t, filepath.Join(p, "out", "daily.csv"), "edited")
			},
			fill:      fillWith("new"),
			wantErr:   errOut,
			wantRun:   "edited",
			wantNames: []string{"out"},
		},
		{
			name: "refuses run.json without a manifest",
			before: func(t *testing.T, p string) {
				writeFile(t, filepath.Join(p, "out", "run.json"), "{}")
				writeFile(t, filepath.Join(p, "out", "main.c"), "mine")
			},
			fill:      fillWith("new"),
			wantErr:   errOut,
			wantNames: []string{"out"},
		},
		{
			name: "refuses a subdirectory in a previous output",
			before: func(t *testing.T, p string) {
				previousOutput(t, p)
				writeFile(t, filepath.Join(p, "out", "notes", "a.txt"), "mine")
			},
			fill:      fillWith("new"),
			wantErr:   errOut,
			wantRun:   "old",
			wantNames: []string{"out"},
		},
		{
			name: "cleans a killed run's directories",
			before: func(t *testing.T, p string) {
				writeFile(t, filepath.Join(p, ".shelfgap-tmp-dead", ".daily.csv.tmp-1"), "half")
				previousOutput(t, p)
				if err := os.Rename(filepath.Join(p, "out"), filepath.Join(p, ".shelfgap-old-dead")); err != nil {
					t.Fatal(err)
				}
			},
			fill:      fillWith("new"),
			wantRun:   "new",
			wantNames: []string{"out"},
		},
		{
			name: "keeps a killed run's previous output with a user file",
			before: func(t *testing.T, p string) {
				previousOutput(t, p)
				writeFile(t, filepath.Join(p, "out", "mine.txt"), "mine")
				if err := os.Rename(filepath.Join(p, "out"), filepath.Join(p, ".shelfgap-old-dead")); err != nil {
					t.Fatal(err)
				}
			},
			fill:      fillWith("new"),
			wantRun:   "new",
			wantNames: []string{".shelfgap-old-dead", "out"},
		},
		{
			name:      "refuses a file in the path",
			before:    func(t *testing.T, p string) { writeFile(t, filepath.Join(p, "afile"), "mine") },
			fill:      fillWith("new"),
			wantErr:   errOut,
			wantNames: []string{"afile"},
		},
		{
			name:      "refuses file",
			before:    func(t *testing.T, p string) { writeFile(t, filepath.Join(p, "out"), "mine") },
			fill:      fillWith("new"),
			wantErr:   errOut,
			wantNames: []string{"out"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parent := t.TempDir()
			if tt.before != nil {
				tt.before(t, parent)
			}
			ctx := tt.ctx
			if ctx == nil {
				ctx = context.Background()
			}
			fill := tt.fill
			if tt.cancelInFill {
				var cancel context.CancelFunc
				ctx, cancel = context.WithCancel(ctx)
				fill = func(dir string) error {
					cancel()
					return tt.fill(dir)
				}
			}
			out := filepath.Join(parent, "out")
			if tt.name == "refuses a file in the path" {
				out = filepath.Join(parent, "afile", "out")
			}
			err := stage(ctx, out, fill)
			var oe *outError
			switch {
			case tt.wantErr == nil && err != nil:
				t.Fatalf("stage = %v, want nil", err)
			case tt.wantErr == errOut && !errors.As(err, &oe):
				t.Fatalf("stage = %v, want an *outError", err)
			case tt.wantErr != nil && tt.wantErr != errOut && !errors.Is(err, tt.wantErr):
				t.Fatalf("stage = %v, want %v", err, tt.wantErr)
			}
			if got := entries(t, parent); !slices.Equal(got, tt.wantNames) {
				t.Errorf("after stage, parent holds %q, want %q", got, tt.wantNames)
			}
			if tt.wantRun != "" {
				if got := readFile(t, filepath.Join(out, "daily.csv")); got != tt.wantRun {
					t.Errorf("daily.csv = %q, want %q", got, tt.wantRun)
				}
			}
			if tt.name == "refuses user directory" {
				if got := readFile(t, filepath.Join(out, "thesis.docx")); got != "mine" {
					t.Errorf("user file = %q, want it untouched", got)
				}
			}
		})
	}
}

// errOut stands for "an *outError" in TestStage's table.
var errOut = errors.New("an *outError")

func TestStageMode(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	if err := stage(context.Background(), out, fillWith("x")); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	// Mode 0777 less any umask: at least the owner can read, write and
	// list, and the directory is not private as os.MkdirTemp would make it
	// unless the umask says so.
	if fi.Mode().Perm()&0o700 != 0o700 {
		t.Errorf("out mode = %v, want owner rwx", fi.Mode())
	}
}

func TestCheckOut(t *testing.T) {
	for _, out := range []string{".", "..", "/", "./"} {
		var oe *outError
		if _, err := checkOut(out); !errors.As(err, &oe) {
			t.Errorf("checkOut(%q) = %v, want an *outError", out, err)
		}
	}
}

// TestReadOnly: a read-only parent, or a read-only previous output, is
// refused by prepareOut, before any work. Root may write into read-only
// directories, so there is nothing to refuse when the tests run as root.
func TestReadOnly(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("running as root, which may write into read-only directories")
	}
	parent := t.TempDir()
	os.Mkdir(filepath.Join(parent, "ro"), 0o555)
	t.Cleanup(func() { os.Chmod(filepath.Join(parent, "ro"), 0o755) })
	var oe *outError
	if _, err := prepareOut(filepath.Join(parent, "ro", "out"), io.Discard); !errors.As(err, &oe) {
		t.Errorf("prepareOut under a read-only parent = %v, want an *outError", err)
	}
	previousOutput(t, parent)
	os.Chmod(filepath.Join(parent, "out"), 0o555)
	t.Cleanup(func() { os.Chmod(filepath.Join(parent, "out"), 0o755) })
	if _, err := prepareOut(filepath.Join(parent, "out"), io.Discard); !errors.As(err, &oe) {
		t.Errorf("prepareOut of a read-only previous output = %v, want an *outError", err)
	}
	if names := entries(t, parent); !slices.Equal(names, []string{"out", "ro"}) {
		t.Errorf("parent holds %q, want out and ro only", names)
	}
}
