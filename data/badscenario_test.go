package data

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// scenarioCases are the bad scenario files of testdata/badscenario, read
// once for TestLoadScenarioBad and as seeds of FuzzParseScenario.
var scenarioCases = func() []struct{ name, text string } {
	paths, _ := filepath.Glob(filepath.Join("testdata", "badscenario", "*.yaml"))
	var cs []struct{ name, text string }
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			panic(err)
		}
		cs = append(cs, struct{ name, text string }{strings.TrimSuffix(filepath.Base(p), ".yaml"), string(b)})
	}
	return cs
}()

// TestLoadScenarioBad loads each testdata/badscenario/<case>.yaml and
// compares the error text with <case>.err (-update rewrites them).
func TestLoadScenarioBad(t *testing.T) {
	if len(scenarioCases) < 14 {
		t.Fatalf("found %d bad scenario cases, want at least 14", len(scenarioCases))
	}
	for _, c := range scenarioCases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join("testdata", "badscenario", c.name+".yaml")
			_, err := LoadScenario(path)
			if err == nil {
				t.Fatalf("LoadScenario(%s) = nil error, want one", path)
			}
			var de *Error
			if !errors.As(err, &de) {
				t.Errorf("LoadScenario(%s) error %T is not a *data.Error", path, err)
			}
			if n := strings.Count(err.Error(), "\n") + 1; n > maxErrors+1 {
				t.Errorf("LoadScenario(%s) reports %d lines, want at most %d", path, n, maxErrors+1)
			}
			checkGoldenFile(t, filepath.Join("testdata", "badscenario", c.name+".err"), err.Error()+"\n")
		})
	}
}

// TestOpenTextSpecial: a named pipe, a directory, a broken symbolic link
// and a file over the size limit are refused as such, without reading.
func TestOpenTextSpecial(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.yaml")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("nowhere.yaml", filepath.Join(dir, "broken.yaml")); err != nil {
		t.Fatal(err)
	}
	os.Mkdir(filepath.Join(dir, "dir.yaml"), 0o777)
	big := filepath.Join(dir, "big.yaml")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	// Sparse: the size is checked before anything is read.
	if err := f.Truncate(MaxScenarioBytes + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	tests := []struct{ file, want string }{
		{"fifo.yaml", "want a regular file, got a named pipe (FIFO)"},
		{"dir.yaml", "want a regular file, got a directory"},
		{"broken.yaml", `broken symbolic link to "nowhere.yaml": want a file`},
		{"big.yaml", "want a file of at most 1 MiB, got 1,048,577 bytes"},
	}
	for _, tt := range tests {
		_, err := LoadScenario(filepath.Join(dir, tt.file))
		if err == nil || !strings.HasSuffix(err.Error(), tt.want) {
			t.Errorf("LoadScenario(%s) = %v, want an error ending %q", tt.file, err, tt.want)
		}
	}
	// The same for an input CSV file.
	in := t.TempDir()
	for _, p := range mustGlob(t, filepath.Join("testdata", "good", "*.csv")) {
		b, _ := os.ReadFile(p)
		os.WriteFile(filepath.Join(in, filepath.Base(p)), b, 0o644)
	}
	os.Remove(filepath.Join(in, StoresFile))
	if err := syscall.Mkfifo(filepath.Join(in, StoresFile), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(in); err == nil || !strings.Contains(err.Error(), "stores.csv: want a regular file, got a named pipe (FIFO)") {
		t.Errorf("Load with a FIFO stores.csv = %v, want it refused as a named pipe", err)
	}
}

func mustGlob(t *testing.T, pattern string) []string {
	t.Helper()
	m, err := filepath.Glob(pattern)
	if err != nil || len(m) == 0 {
		t.Fatalf("glob %s: %v, %d matches", pattern, err, len(m))
	}
	return m
}
