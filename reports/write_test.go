package reports

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/shelfgap/shelfgap/model"
)

// testManifest is a Manifest with fixed values, so run.json is golden but
// for the report timing that Write measures.
func testManifest() Manifest {
	return Manifest{
		Version: "v0.0.0-test",
		Command: []string{"shelfgap", "run", "--seed", "1", "--out", "out"},
		Inputs: Inputs{Source: "testdata/estate", Files: []InputFile{
			// SHA-256 of the empty string (FIPS 180-4 test vector), for form.
			{Name: "stores.csv", SHA256: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Rows: 12},
		}},
		GOMAXPROCS: 2,
		Workers:    2,
		GoVersion:  "go1.26.8",
		Timings:    Timings{Load: 0.25, Simulate: 1.5},
	}
}

var reportTiming = regexp.MustCompile(`"report_s": [0-9.e+-]+`)

// maskTimings replaces the measured report time in run.json.
func maskTimings(b []byte) []byte {
	return reportTiming.ReplaceAll(b, []byte(`"report_s": 0`))
}

var wantFiles = []string{
	"availability.png", "breakdown_category.csv", "breakdown_dc.csv", "breakdown_format.csv",
	"breakdown_region.csv", "category_heatmap.png", "cumulative_lost_sales.png", "daily.csv",
	"exceedance.csv", "exceedance.png", "recovery_cost.png", "regions.png", "replicates.csv",
	"results.xlsx", "run.json", "sensitivity.csv", "summary.csv", "summary_category.csv",
	"summary_dc.csv", "summary_format.csv", "summary_region.csv", "tornado.png",
}

func listDir(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

// TestWrite writes testResult twice and checks the file list, that the
// two runs are byte-identical (run.json but for the report time), that
// the CSVs are the goldens and run.json is its golden.
func TestWrite(t *testing.T) {
	dirs := []string{t.TempDir(), t.TempDir()}
	for _, dir := range dirs {
		if err := Write(dir, testResult(), testManifest()); err != nil {
			t.Fatal(err)
		}
		if got := listDir(t, dir); !slices.Equal(got, wantFiles) {
			t.Errorf("Write wrote %q, want %q (and no temporary files)", got, wantFiles)
		}
	}
	for _, name := range wantFiles {
		a, err := os.ReadFile(filepath.Join(dirs[0], name))
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(dirs[1], name))
		if err != nil {
			t.Fatal(err)
		}
		if name == "run.json" {
			a, b = maskTimings(a), maskTimings(b)
			golden(t, "run.golden.json", a)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between two writes of the same Result", name)
		}
		if strings.HasSuffix(name, ".csv") {
			want, err := os.ReadFile(filepath.Join("testdata", strings.TrimSuffix(name, ".csv")+".golden.csv"))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a, want) {
				t.Errorf("%s written by Write differs from its golden file", name)
			}
		}
	}
	if fi, err := os.Stat(filepath.Join(dirs[0], "daily.csv")); err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("daily.csv mode = %v (%v), want 0644", fi.Mode().Perm(), err)
	}
}

func TestWriteSampled(t *testing.T) {
	res := testResult()
	res.SampleSE = []float64{0, 1500.504, math.NaN(), 2500}
	dir := t.TempDir()
	if err := Write(dir, res, Manifest{}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "run.json"))
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		SampleSE []*float64 `json:"sample_se"`
		Manifest struct {
			Seed uint64 `json:"seed"`
		} `json:"manifest"`
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	// NaN, which encoding/json refuses, is written as null; the rest to
	// the penny.
	var se []string
	for _, v := range got.SampleSE {
		if v == nil {
			se = append(se, "null")
		} else {
			se = append(se, strconv.FormatFloat(*v, 'f', -1, 64))
		}
	}
	if s := strings.Join(se, " "); s != "0 1500.5 null 2500" {
		t.Errorf("run.json sample_se = %s, want 0 1500.5 null 2500", s)
	}
	// An empty Manifest takes the seed from the Result.
	// (Timings are rounded to milliseconds: TestRunJSONTimings.)
	if got.Manifest.Seed != 1 {
		t.Errorf("run.json manifest.seed = %d, want the scenario's 1", got.Manifest.Seed)
	}
}

func TestWriteErrors(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing")
	tests := []struct {
		name string
		dir  string
		res  func() *model.Result
		want string
	}{
		{"no dir", missing, testResult, "write daily.csv: open " + missing + "/.daily.csv.tmp-"},
		{"nil", t.TempDir(), func() *model.Result { return nil }, "reports: no result"},
		{"no baseline", t.TempDir(), func() *model.Result {
			r := testResult()
			r.Recovery = []int{7, 14, 21, 28}
			return r
		}, "reports: result's first run must be the baseline (recovery 0), got recovery [7 14 21 28]"},
		{"no replicates", t.TempDir(), func() *model.Result {
			r := testResult()
			r.Replicates = 0
			return r
		}, "reports: result must have at least 1 replicate, got 0"},
	}
	for _, tt := range tests {
		err := Write(tt.dir, tt.res(), Manifest{})
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("Write(%s) = %v, want an error starting %q", tt.name, err, tt.want)
		}
		if tt.dir != missing {
			if got := listDir(t, tt.dir); len(got) != 0 {
				t.Errorf("Write(%s) left %q", tt.name, got)
			}
		}
	}
}

func TestWriteFileRemovesTemp(t *testing.T) {
	dir := t.TempDir()
	err := writeFile(dir, "x.csv", func(w io.Writer) error {
		w.Write([]byte("half"))
		return errors.New("boom")
	})
	if err == nil || err.Error() != "write x.csv: boom" {
		t.Errorf("writeFile(failing) = %v, want write x.csv: boom", err)
	}
	if got := listDir(t, dir); len(got) != 0 {
		t.Errorf("writeFile(failing) left %q", got)
	}
}

// TestWriteEdgeCases writes Results at the edges of what Write accepts:
// only the baseline, one day, one replicate, no groups but the estate.
func TestWriteEdgeCases(t *testing.T) {
	tests := []struct {
		name     string
		recovery []int
		days     int
		reps     int
		groups   []model.Group
		want     []string
	}{
		{"baseline only, estate only", []int{0}, 10, 3, []model.Group{{Kind: model.EstateGroup, Name: "all"}},
			[]string{"availability.png", "breakdown_category.csv", "breakdown_dc.csv", "breakdown_format.csv",
				"breakdown_region.csv", "cumulative_lost_sales.png", "daily.csv", "exceedance.csv", "recovery_cost.png",
				"replicates.csv", "results.xlsx", "run.json", "sensitivity.csv",
				"summary.csv", "summary_category.csv", "summary_dc.csv", "summary_format.csv", "summary_region.csv"}},
		// One replicate: nothing varies, so the tornado has no bar to draw.
		{"one day, one replicate", []int{0, 3}, 1, 1, testResult().Groups, slices.DeleteFunc(slices.Clone(wantFiles), func(s string) bool { return s == "tornado.png" })},
	}
	for _, tt := range tests {
		sc := model.DefaultScenario()
		sc.Outage.StartDay = 0
		res := model.NewResult(sc, tt.groups, tt.recovery, tt.days, tt.reps)
		for run := range tt.recovery {
			for g := range tt.groups {
				for d := range tt.days {
					for rep := range tt.reps {
						res.Set(run, g, model.Availability, d, rep, 95-float64(run))
						res.Set(run, g, model.LostSales, d, rep, 100*float64(run))
					}
				}
			}
		}
		dir := t.TempDir()
		if err := Write(dir, res, Manifest{}); err != nil {
			t.Errorf("Write(%s) = %v", tt.name, err)
			continue
		}
		if got := listDir(t, dir); !slices.Equal(got, tt.want) {
			t.Errorf("Write(%s) wrote %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestRunJSONTimings(t *testing.T) {
	man := testManifest()
	man.Timings = Timings{Load: 0.000755944, Simulate: 3.6320159419999998, Report: 0.4669}
	var buf bytes.Buffer
	if err := writeRunJSON(&buf, testResult(), man, nil, nil); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Manifest struct {
			Timings Timings `json:"timings"`
		} `json:"manifest"`
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	// Rounded to milliseconds.
	if want := (Timings{Load: 0.001, Simulate: 3.632, Report: 0.467}); got.Manifest.Timings != want {
		t.Errorf("timings = %+v, want %+v", got.Manifest.Timings, want)
	}
}
