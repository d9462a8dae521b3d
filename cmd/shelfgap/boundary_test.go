package main

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// These are the cases of "every bad input refused at the boundary,
// nothing of the user's ever lost, every run bounded": each runs shelfgap
// in a new directory, checks the exit code and a part of the message,
// and checks that nothing outside the output directory changed (for a
// refusal: nothing at all), and that no staging directory is left.

// goodInputs copies data/testdata/good into dir and applies edits, each
// a file name and an old -> new replacement of its text ("" old: replace
// the whole file).
func goodInputs(t *testing.T, pkg, dir string, edits ...[3]string) {
	t.Helper()
	src := filepath.Join(pkg, "..", "..", "data", "testdata", "good")
	ents, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(dir, e.Name()), string(b))
	}
	for _, ed := range edits {
		p := filepath.Join(dir, ed[0])
		if ed[1] == "" {
			writeFile(t, p, ed[2])
			continue
		}
		text := readFile(t, p)
		if !strings.Contains(text, ed[1]) {
			t.Fatalf("%s has no %q to replace", ed[0], ed[1])
		}
		writeFile(t, p, strings.Replace(text, ed[1], ed[2], 1))
	}
}

// snapshot maps every path under the current directory to its mode and
// content hash (or link target).
func snapshot(t *testing.T) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := os.Lstat(p)
		if err != nil {
			return err
		}
		v := fi.Mode().String()
		switch {
		case fi.Mode().IsRegular() && fi.Size() > 64<<20:
			// The sparse 3 GiB file: its size and time stand for it.
			v += " " + strconv.FormatInt(fi.Size(), 10) + " " + fi.ModTime().String()
		case fi.Mode().IsRegular():
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			h := sha256.Sum256(b)
			v += " " + hex.EncodeToString(h[:])
		case fi.Mode()&fs.ModeSymlink != 0:
			l, _ := os.Readlink(p)
			v += " -> " + l
		}
		m[p] = v
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// previousRun makes "out" a previous output of a small run.
func previousRun(t *testing.T) {
	t.Helper()
	if code, _, stderr := cli(append([]string{"run", "--out", "out"}, smallRun...)...); code != 0 {
		t.Fatalf("previous run: exit %d: %s", code, stderr)
	}
}

func TestBoundary(t *testing.T) {
	pkg := packageDir(t)
	badScenario := func(name string) string {
		return filepath.Join(pkg, "..", "..", "data", "testdata", "badscenario", name+".yaml")
	}
	const skuHead = "sku_id,category,price_gbp,margin_pct,shelf_life_days,case_pack,shelf_capacity_units,lead_days,delivery_days,core_rank,rate_units_per_day\n"
	const storeHead = "store_id,region,format,dc_id,weekly_sales_gbp,priority\n"
	tests := []struct {
		name  string
		setup func(t *testing.T)
		args  []string
		code  int
		// want is a part of stderr; out is the output directory the run
		// may write (nothing else may change).
		want string
		out  string
	}{
		// Never delete what shelfgap did not write.
		{
			name: "run.json and a user file",
			setup: func(t *testing.T) {
				writeFile(t, "proj/run.json", "{}")
				writeFile(t, "proj/main.c", "x")
			},
			args: append([]string{"run", "--out", "proj"}, smallRun...),
			code: 2, want: `output directory "proj": its run.json lists no outputs`,
		},
		{
			name:  "previous output with a file added",
			setup: func(t *testing.T) { previousRun(t); writeFile(t, "out/report.docx", "mine") },
			args:  append([]string{"run", "--out", "out"}, smallRun...),
			code:  2, want: `holds "report.docx" that shelfgap did not write`,
		},
		{
			name:  "previous output with a file edited",
			setup: func(t *testing.T) { previousRun(t); writeFile(t, "out/summary.csv", "edited") },
			args:  append([]string{"run", "--out", "out"}, smallRun...),
			code:  2, want: `"summary.csv" changed since shelfgap wrote it`,
		},
		{
			name:  "previous output replaced",
			setup: previousRun,
			args:  append([]string{"run", "--out", "out", "--seed", "2"}, smallRun...),
			code:  0, out: "out",
		},
		{
			name:  "estate over an edited estate",
			setup: func(t *testing.T) { cli("estate", "--estate", "small", "--out", "in"); corruptStores(t, "in") },
			args:  []string{"estate", "--estate", "small", "--out", "in"},
			code:  2, want: `"stores.csv" changed since shelfgap wrote it`,
		},
		{
			name:  "estate over an unchanged estate",
			setup: func(t *testing.T) { cli("estate", "--estate", "small", "--out", "in") },
			args:  []string{"estate", "--estate", "small", "--out", "in"},
			code:  0, out: "in",
		},
		{
			name: "stale directories of a killed run",
			setup: func(t *testing.T) {
				writeFile(t, ".shelfgap-tmp-killed/.daily.csv.tmp-1", "half")
				previousRun(t)
				os.Rename("out", ".shelfgap-old-killed")
			},
			args: []string{"estate", "--estate", "small", "--out", "in"},
			code: 0, out: "in",
		},
		{
			name:  "--out under a file",
			setup: func(t *testing.T) { writeFile(t, "afile", "mine") },
			args:  append([]string{"run", "--out", "afile/sub"}, smallRun...),
			code:  2, want: `output directory "afile/sub": afile is not a directory`,
		},
		{
			name:  "--out is a symbolic link",
			setup: func(t *testing.T) { os.Mkdir("real", 0o777); os.Symlink("real", "link") },
			args:  append([]string{"run", "--out", "link"}, smallRun...),
			code:  2, want: `is a symbolic link`,
		},

		// Plausible ranges, with file:line:col and field.
		{
			name:  "SKU rate 1e12",
			setup: func(t *testing.T) { goodInputs(t, pkg, "in", [3]string{"skus.csv", ",1,12.5", ",1,1e12"}) },
			args:  []string{"validate", "--inputs", "in"},
			code:  2, want: `skus.csv:2:36: rate_units_per_day: want a number <= 1000`,
		},
		{
			name:  "SKU rate 1e8",
			setup: func(t *testing.T) { goodInputs(t, pkg, "in", [3]string{"skus.csv", ",1,12.5", ",1,1e8"}) },
			args:  append([]string{"run", "--inputs", "in", "--out", "out"}, smallRun[2:]...),
			code:  2, want: `skus.csv:2:36: rate_units_per_day: want a number <= 1000`,
		},
		{
			name:  "SKU rate 1e308",
			setup: func(t *testing.T) { goodInputs(t, pkg, "in", [3]string{"skus.csv", ",1,12.5", ",1,1e308"}) },
			args:  []string{"validate", "--inputs", "in"},
			code:  2, want: `skus.csv:2:36: rate_units_per_day: want a number <= 1000`,
		},
		{
			name:  "weekly sales 1e13",
			setup: func(t *testing.T) { goodInputs(t, pkg, "in", [3]string{"stores.csv", "D1,45000", "D1,1e13"}) },
			args:  []string{"validate", "--inputs", "in"},
			code:  2, want: `stores.csv:2:39: weekly_sales_gbp: want a number <= 10000000`,
		},
		{
			name:  "weekly sales 1e308",
			setup: func(t *testing.T) { goodInputs(t, pkg, "in", [3]string{"stores.csv", "D1,45000", "D1,1e308"}) },
			args:  []string{"validate", "--inputs", "in"},
			code:  2, want: `stores.csv:2:39: weekly_sales_gbp: want a number <= 10000000`,
		},
		{
			name:  "DC stock days 1e15",
			setup: func(t *testing.T) { goodInputs(t, pkg, "in", [3]string{"dcs.csv", "500,7", "500,1e15"}) },
			args:  []string{"validate", "--inputs", "in"},
			code:  2, want: `dcs.csv:2:17: stock_days: want a number <= 365`,
		},
		{
			name:  "price 1e15",
			setup: func(t *testing.T) { goodInputs(t, pkg, "in", [3]string{"skus.csv", "M1,milk,1.45", "M1,milk,1e15"}) },
			args:  []string{"validate", "--inputs", "in"},
			code:  2, want: `skus.csv:2:9: price_gbp: want a number <= 10000`,
		},
		{
			name: "calibrate: 1e15 units",
			setup: func(t *testing.T) {
				writeFile(t, "sales.csv", "store_id,item_id,date,units\nS1,I1,2025-01-01,3\nS1,I1,2025-01-02,1e15\n")
			},
			args: []string{"calibrate", "--sales", "sales.csv", "--out", "cal", "--holdout-days", "0", "--quiet"},
			code: 2, want: `sales.csv:3:18: units: want a number <= 1000000`,
		},
		{
			name: "scenario: counts_per_day 2e9",
			args: []string{"validate", "--estate", "small", "--scenario", badScenario("counts-per-day")},
			code: 2, want: `counts-per-day.yaml:2:19: records.counts_per_day: want at most 100000 lines a store a day, got 2000000000`,
		},
		{
			name: "scenario: warmup_days 1e8",
			args: []string{"validate", "--estate", "small", "--scenario", badScenario("warmup")},
			code: 2, want: `warmup.yaml:1:14: warmup_days: want at most 365 days, got 100000000`,
		},
		{
			name: "scenario: 2,000 recovery times",
			args: []string{"run", "--estate", "small", "--scenario", badScenario("recovery-many"), "--out", "out"},
			code: 2, want: `recovery-many.yaml:1:11: recovery: want at most 50 recovery times, got 2000`,
		},
		{
			name: "scenario: recovery [1..100000]",
			setup: func(t *testing.T) {
				var b strings.Builder
				b.WriteString("recovery: [1")
				for i := 2; i <= 100000; i++ {
					b.WriteString(",\n  " + strconv.Itoa(i))
				}
				writeFile(t, "r.yaml", b.String()+"]\n")
			},
			args: []string{"validate", "--estate", "small", "--scenario", "r.yaml"},
			code: 2, want: "r.yaml:1:11: recovery: want at most 50 recovery times, got 100000",
		},
		{
			name: "run --recovery 1..1000",
			args: func() []string {
				var b strings.Builder
				for i := 1; i <= 1000; i++ {
					if i > 1 {
						b.WriteByte(',')
					}
					b.WriteString(strconv.Itoa(i))
				}
				return []string{"run", "--estate", "small", "--recovery", b.String(), "--out", "out"}
			}(),
			code: 2, want: `--recovery: want at most 50 recovery times, got 1000`,
		},

		// Every accepted run bounded.
		{
			name: "run too large",
			args: []string{"run", "--estate", "small", "--replicates", "10000", "--days", "3660", "--out", "out"},
			// (112 warm-up + 3,660 days) x 6 runs x 10,000 replicates x 2,196
			// cells: quick mode's 8 of the 40 stores, 274.5 cells each.
			code: 2, want: `the run is too large: about 496,998,720,000 store-SKU-days (2,196 cells)`,
		},
		{
			name: "validate reports a run too large",
			args: []string{"validate", "--estate", "default", "--scenario", filepath.Join(pkg, "testdata", "replicates-10000.yaml")},
			code: 2, want: `the run is too large`,
		},

		// Bounded parsing.
		{
			name: "scenario: 50,000 unknown keys",
			setup: func(t *testing.T) {
				var b strings.Builder
				for i := range 50000 {
					b.WriteString("k" + strconv.Itoa(i) + ": 1\n")
				}
				writeFile(t, "keys.yaml", b.String())
			},
			args: []string{"validate", "--estate", "small", "--scenario", "keys.yaml"},
			code: 2, want: "keys.yaml: and 49990 more errors (only the first 10 are shown)",
		},
		{
			name: "scenario: 26 MB",
			setup: func(t *testing.T) {
				writeFile(t, "big.yaml", "recovery:\n"+strings.Repeat("  - 100000\n", 2400000))
			},
			args: []string{"validate", "--estate", "small", "--scenario", "big.yaml"},
			code: 2, want: "big.yaml: want a file of at most 1 MiB, got 26,400,010 bytes",
		},
		{
			name: "CSV line of 70,000 bytes",
			setup: func(t *testing.T) {
				goodInputs(t, pkg, "in", [3]string{"stores.csv", "S3,London", "S3" + strings.Repeat("x", 70000) + ",London"})
			},
			args: []string{"validate", "--inputs", "in"},
			code: 2, want: "stores.csv:4: line longer than 64 KiB",
		},
		{
			name: "CSV file of 3 GiB (sparse)",
			setup: func(t *testing.T) {
				goodInputs(t, pkg, "in")
				if err := os.Truncate("in/ranges.csv", 3<<30); err != nil {
					t.Fatal(err)
				}
			},
			args: []string{"validate", "--inputs", "in"},
			code: 2, want: "ranges.csv: want a file of at most 2 GiB, got 3,221,225,472 bytes",
		},
		{
			name: "FIFO as an input file",
			setup: func(t *testing.T) {
				goodInputs(t, pkg, "in")
				os.Remove("in/stores.csv")
				if err := syscall.Mkfifo("in/stores.csv", 0o600); err != nil {
					t.Fatal(err)
				}
			},
			args: []string{"validate", "--inputs", "in"},
			code: 2, want: "stores.csv: want a regular file, got a named pipe (FIFO)",
		},
		{
			name: "FIFO as the scenario",
			setup: func(t *testing.T) {
				if err := syscall.Mkfifo("s.yaml", 0o600); err != nil {
					t.Fatal(err)
				}
			},
			args: []string{"validate", "--estate", "small", "--scenario", "s.yaml"},
			code: 2, want: "s.yaml: want a regular file, got a named pipe (FIFO)",
		},
		{
			name: "broken symbolic link",
			setup: func(t *testing.T) {
				goodInputs(t, pkg, "in")
				os.Remove("in/ranges.csv")
				os.Symlink("gone.csv", "in/ranges.csv")
			},
			args: []string{"validate", "--inputs", "in"},
			code: 2, want: `ranges.csv: broken symbolic link to "gone.csv": want a file`,
		},
		{
			name: "Windows-1252 store name",
			setup: func(t *testing.T) {
				goodInputs(t, pkg, "in", [3]string{"stores.csv", "S3,London", "S3 Caf\xe9,London"})
			},
			args: []string{"validate", "--inputs", "in"},
			code: 2, want: "stores.csv:4:7: byte 0xe9 is not UTF-8",
		},
		{
			name: "UTF-16 without a byte-order mark",
			setup: func(t *testing.T) {
				goodInputs(t, pkg, "in", [3]string{"dcs.csv", "", "d\x00c\x00_\x00i\x00d\x00,\x00r\x00e\x00g\x00i\x00o\x00n\x00\n\x00"})
			},
			args: []string{"validate", "--inputs", "in"},
			code: 2, want: "dcs.csv:1: UTF-16 file: want UTF-8",
		},
		{
			name: "non-UTF-8 scenario",
			args: []string{"validate", "--estate", "small", "--scenario", badScenario("windows-1252")},
			code: 2, want: "windows-1252.yaml:1:10: byte 0xe9 is not UTF-8",
		},
		{
			name: "UTF-16 scenario",
			args: []string{"validate", "--estate", "small", "--scenario", badScenario("utf16-no-bom")},
			code: 2, want: "utf16-no-bom.yaml:1: UTF-16 file: want UTF-8",
		},

		// Messages that help.
		{
			name: "tab-indented scenario",
			args: []string{"validate", "--estate", "small", "--scenario", badScenario("tab-indent")},
			code: 2, want: "tab-indent.yaml:3:1: tab character in the indentation: YAML indents with spaces only",
		},
		{
			name: "dc_capacity at the top",
			args: []string{"validate", "--estate", "small", "--scenario", badScenario("wrong-level")},
			code: 2, want: "wrong-level.yaml:2:1: dc_capacity: unknown key; did you mean outage.dc_capacity?",
		},

		// Exit codes.
		{name: "unknown flag", args: []string{"run", "--replicate", "3"}, code: 2, want: "did you mean --replicates?"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			if tt.setup != nil {
				tt.setup(t)
			}
			before := snapshot(t)
			start := time.Now()
			code, _, stderr := cli(tt.args...)
			elapsed := time.Since(start)
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstderr: %.2000s", code, tt.code, stderr)
			}
			if !strings.Contains(stderr, tt.want) {
				t.Errorf("stderr does not contain %q:\n%.2000s", tt.want, stderr)
			}
			if tt.code != 0 && elapsed > 10*time.Second {
				t.Errorf("refusal took %v: want it before any simulation", elapsed)
			}
			after := snapshot(t)
			for p, v := range before {
				if tt.out != "" && (p == tt.out || strings.HasPrefix(p, tt.out+"/")) {
					continue
				}
				if strings.HasPrefix(p, ".shelfgap-") {
					continue // stale directories of a killed run may be cleaned
				}
				if after[p] != v {
					t.Errorf("%s changed: was %q, now %q", p, v, after[p])
				}
			}
			for p := range after {
				if strings.HasPrefix(p, ".shelfgap-") {
					t.Errorf("%s left behind", p)
				}
				if _, ok := before[p]; !ok && (tt.out == "" || p != tt.out && !strings.HasPrefix(p, tt.out+"/")) {
					t.Errorf("%s appeared outside the output directory", p)
				}
			}
		})
	}
}
