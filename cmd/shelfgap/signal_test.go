package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMain lets a test run this test binary as shelfgap itself: with
// SHELFGAP_TEST_MAIN=1 in the environment, it runs main with the
// arguments after "--".
func TestMain(m *testing.M) {
	if os.Getenv("SHELFGAP_TEST_MAIN") == "1" {
		i := 0
		for i < len(os.Args) && os.Args[i] != "--" {
			i++
		}
		os.Exit(run(os.Args[min(i+1, len(os.Args)):], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// TestSignal interrupts a real run of the shelfgap process with SIGINT
// and with SIGTERM, and requires exit code 130, the "interrupted" message
// and nothing left in the working directory.
func TestSignal(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			dir := t.TempDir()
			// A run long enough to be interrupted: the small estate over a
			// year, many replicates.
			cmd := exec.Command(os.Args[0], "-test.run=^$", "--", "run", "--estate", "small",
				"--days", "365", "--replicates", "50", "--out", "out")
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "SHELFGAP_TEST_MAIN=1")
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			time.Sleep(time.Second) // past start-up, well before the run ends
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			err := cmd.Wait()
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != 130 {
				t.Fatalf("shelfgap run after %v: %v, want exit status 130\nstderr: %s", sig, err, stderr.String())
			}
			if want := "shelfgap: interrupted; no output was written\n"; !strings.HasSuffix(stderr.String(), want) {
				t.Errorf("stderr = %q, want it to end %q", stderr.String(), want)
			}
			if names := entries(t, dir); len(names) > 0 {
				t.Errorf("after %v the working directory holds %q, want nothing", sig, names)
			}
		})
	}
}

// TestSignalBlocked interrupts calibrate while it is blocked opening a
// named pipe that no one writes: the first SIGTERM must end it within
// about a second, with exit 130 and no output left.
func TestSignalBlocked(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(dir+"/sales.csv", 0o600); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$", "--", "calibrate", "--sales", "sales.csv", "--out", "out")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "SHELFGAP_TEST_MAIN=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond)
	sent := time.Now()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	// interruptGrace, plus start-up slack on a loaded machine.
	if d := time.Since(sent); d > 3*time.Second {
		t.Errorf("calibrate took %v to stop after SIGTERM, want about %v", d, interruptGrace)
	}
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 130 {
		t.Fatalf("blocked calibrate after SIGTERM: %v, want exit status 130\nstderr: %s", err, stderr.String())
	}
	if names := entries(t, dir); !slices.Equal(names, []string{"sales.csv"}) {
		t.Errorf("after SIGTERM the directory holds %q, want only sales.csv", names)
	}
}
