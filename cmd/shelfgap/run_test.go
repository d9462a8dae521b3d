package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"
	"testing"

	"github.com/shelfgap/shelfgap/data"
	"github.com/shelfgap/shelfgap/model"
)

func TestExitCode(t *testing.T) {
	dataErr := &data.Error{File: "stores.csv", Line: 5, Column: 3, Field: "weekly_sales_gbp", Err: errors.New(`want a number >= 0, got "-12"`)}
	fieldErr := &model.FieldError{Field: "replicates", Msg: "want 1 to 10000, got 0"}
	tests := []struct {
		name       string
		err        error
		want       int
		wantStderr string
	}{
		{"success", nil, 0, ""},
		{"help", errHelp, 0, ""},
		{"usage", usagef(runCommand{}, "unknown flag --x"), 2,
			"shelfgap: run: unknown flag --x\nTry 'shelfgap help run' for usage and examples.\n"},
		{"input file", dataErr, 2,
			"shelfgap: stores.csv:5:3: weekly_sales_gbp: want a number >= 0, got \"-12\"\n"},
		{"input file, wrapped and joined", fmt.Errorf("loading: %w", errors.Join(dataErr, dataErr)), 2, ""},
		{"scenario", fmt.Errorf("scenario default: %w", errors.Join(fieldErr)), 2,
			"shelfgap: scenario default: replicates: want 1 to 10000, got 0\n"},
		{"refused --out", &outError{"output directory \"x\" exists"}, 2, ""},
		{"interrupted", fmt.Errorf("simulating: %w", context.Canceled), 130,
			"shelfgap: interrupted; no output was written\n"},
		{"i/o in an input file", &data.Error{File: "stores.csv", Line: 9, Err: &fs.PathError{Op: "read", Path: "in/stores.csv", Err: syscall.EIO}}, 1, ""},
		{"i/o", &fs.PathError{Op: "write", Path: "out/daily.csv", Err: errors.New("no space left on device")}, 1,
			"shelfgap: write out/daily.csv: no space left on device\n"},
	}
	for _, tt := range tests {
		var stderr bytes.Buffer
		if got := exitCode(tt.err, &stderr); got != tt.want {
			t.Errorf("%s: exitCode(%v) = %d, want %d", tt.name, tt.err, got, tt.want)
		}
		if tt.wantStderr != "" && stderr.String() != tt.wantStderr {
			t.Errorf("%s: stderr = %q, want %q", tt.name, stderr.String(), tt.wantStderr)
		}
		if tt.err == nil && stderr.Len() > 0 {
			t.Errorf("%s: stderr = %q, want nothing", tt.name, stderr.String())
		}
	}
}

// TestInterrupt runs a command with a cancelled context, as after Ctrl-C,
// and checks that it exits 130 and leaves no output behind.
func TestInterrupt(t *testing.T) {
	t.Chdir(t.TempDir())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var stdout, stderr bytes.Buffer
	code := exitCode(dispatch(ctx, []string{"estate", "--estate", "small", "--out", "in"}, &stdout, &stderr), &stderr)
	if code != 130 {
		t.Errorf("interrupted estate: exit %d, want 130 (stderr %q)", code, stderr.String())
	}
	ents, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	if len(ents) != 0 {
		t.Errorf("interrupted estate left %d entries (first %q), want none", len(ents), ents[0].Name())
	}
}
