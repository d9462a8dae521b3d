package reports

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"github.com/shelfgap/shelfgap/model"
)

// Manifest is what run.json records besides the Result: how the run was
// made, from which inputs, on what, and how long it took. Everything in it
// but Timings is the same for the same command, inputs and machine.
type Manifest struct {
	// Version is shelfgap's version ("v1.2.3", or "devel" for a build
	// without module version).
	Version string `json:"version"`
	// Command is the command line, program name first.
	Command []string `json:"command"`
	// Seed is the seed of the run. Zero means the Result's scenario seed.
	Seed uint64 `json:"seed"`
	// Inputs says where the estate and range came from.
	Inputs Inputs `json:"inputs"`
	// GOMAXPROCS and Workers describe the parallelism of the run; the
	// results do not depend on them.
	GOMAXPROCS int `json:"gomaxprocs"`
	Workers    int `json:"workers"`
	// GoVersion is the Go release the binary was built with
	// (runtime.Version).
	GoVersion string `json:"go_version"`
	// Timings are the only figures that change between identical runs.
	Timings Timings `json:"timings"`
}

// Inputs names the source of the estate and its files.
type Inputs struct {
	// Source is "built-in default" or the input directory as given.
	Source string `json:"source"`
	// Files lists the input files read, in the order read; empty for the
	// built-in default.
	Files []InputFile `json:"files"`
}

// InputFile is one input file as read.
type InputFile struct {
	Name   string `json:"name"`   // file name within the input directory
	SHA256 string `json:"sha256"` // hex SHA-256 of the file's bytes
	Rows   int    `json:"rows"`   // data rows, not counting the header
}

// Timings are wall-clock durations of the run's stages, in seconds;
// run.json rounds them to milliseconds.
type Timings struct {
	Load     float64 `json:"load_s"`     // reading and validating inputs
	Simulate float64 `json:"simulate_s"` // model.Run; zero means the Result's Elapsed
	Report   float64 `json:"report_s"`   // writing the outputs; zero means Write measures it
}

// NewManifest returns a Manifest with the version and command line given
// and this process's GOMAXPROCS and Go version.
func NewManifest(version string, command []string) Manifest {
	return Manifest{
		Version:    version,
		Command:    command,
		GOMAXPROCS: runtime.GOMAXPROCS(0),
		GoVersion:  runtime.Version(),
	}
}

// runFile is the layout of run.json.
type runFile struct {
	Manifest   Manifest       `json:"manifest"`
	Scenario   model.Scenario `json:"scenario"`
	Recovery   []int          `json:"recovery"` // days per run; 0 is the baseline
	Days       int            `json:"days"`
	Replicates int            `json:"replicates"`
	Cells      cellCounts     `json:"cells"`
	Stores     cellCounts     `json:"stores"` // simulated in each replicate, and in the estate
	CellDays   int64          `json:"cell_days"`
	Sampling   string         `json:"sampling"`  // how the estate was simulated: in full, or quick mode's sample
	Quantiles  string         `json:"quantiles"` // what the _p10, _p50 and _p90 figures are
	SampleSE   jsonFloats     `json:"sample_se"` // £ per run, to the penny; null unless sampled
	// SampleSERep is one replicate's sampling error (£ per run; null
	// unless sampled): the part of the bands' spread that is sampling.
	SampleSERep jsonFloats     `json:"sample_se_replicate"`
	Draws       []model.Draw   `json:"param_draws"` // how params are drawn: held, default range, centred, range set
	Params      []model.Params `json:"params"`      // per replicate
	Files       []string       `json:"files"`       // the outputs written beside run.json
	Outputs     []OutputFile   `json:"outputs"`     // the same, with their hashes
}

// OutputFile is one file shelfgap wrote into an output directory, as
// written. run.json's "outputs" lists every file of the directory but
// run.json itself: it is the manifest by which a later command recognises
// a previous output and replaces exactly those files, never a file of the
// user's.
type OutputFile struct {
	Name   string `json:"name"`   // file name within the directory
	SHA256 string `json:"sha256"` // hex SHA-256 of the file's bytes
}

// ManifestFile is the name of the file that holds an output directory's
// manifest.
const ManifestFile = "run.json"

// HashOutputs returns the names and SHA-256 hashes of the files in dir
// other than run.json, sorted by name. An output is flat but for nested
// outputs: a subdirectory that is itself an output (it holds its own
// run.json, as the second scenario of 'run --vs' does) is listed by its
// name with the hash of its run.json, which lists its files in turn.
// Anything else that is not a regular file is refused.
func HashOutputs(dir string) ([]OutputFile, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var outs []OutputFile
	for _, e := range ents {
		if e.Name() == ManifestFile {
			continue
		}
		path := filepath.Join(dir, e.Name())
		switch {
		case e.IsDir():
			path = filepath.Join(path, ManifestFile)
			if _, err := os.Lstat(path); err != nil {
				return nil, fmt.Errorf("reports: output %s is a directory without its own %s", filepath.Join(dir, e.Name()), ManifestFile)
			}
		case !e.Type().IsRegular():
			return nil, fmt.Errorf("reports: output %s is not a regular file", path)
		}
		sum, err := HashFile(path)
		if err != nil {
			return nil, err
		}
		outs = append(outs, OutputFile{Name: e.Name(), SHA256: sum})
	}
	slices.SortFunc(outs, func(a, b OutputFile) int { return strings.Compare(a.Name, b.Name) })
	return outs, nil
}

// HashFile returns the hex SHA-256 of the file at path.
func HashFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// manifestOnly is the layout of run.json for an output that holds no
// Result (the files of 'shelfgap estate' and 'shelfgap calibrate').
type manifestOnly struct {
	Manifest Manifest     `json:"manifest"`
	Outputs  []OutputFile `json:"outputs"`
}

// WriteManifest writes run.json into dir for an output without a Result:
// man and every other file of dir with its hash (see HashOutputs).
func WriteManifest(dir string, man Manifest) error {
	outs, err := HashOutputs(dir)
	if err != nil {
		return err
	}
	if man.Command == nil {
		man.Command = []string{}
	}
	if man.Inputs.Files == nil {
		man.Inputs.Files = []InputFile{}
	}
	return writeFile(dir, ManifestFile, func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(manifestOnly{Manifest: man, Outputs: outs})
	})
}

type cellCounts struct {
	Simulated int `json:"simulated"`
	Full      int `json:"full"`
}

// jsonFloats marshals as a JSON array with null for NaN and infinities,
// which encoding/json refuses; a nil slice is null.
type jsonFloats []float64

func (fs jsonFloats) MarshalJSON() ([]byte, error) {
	if fs == nil {
		return []byte("null"), nil
	}
	b := []byte{'['}
	for i, f := range fs {
		if i > 0 {
			b = append(b, ',')
		}
		if math.IsNaN(f) || math.IsInf(f, 0) {
			b = append(b, "null"...)
			continue
		}
		v, err := json.Marshal(f)
		if err != nil {
			return nil, err
		}
		b = append(b, v...)
	}
	return append(b, ']'), nil
}

// writeRunJSON writes run.json: man, then the resolved scenario and the
// Result's shape, sampling error and per-replicate parameters, indented
// by two spaces.
func writeRunJSON(w io.Writer, res *model.Result, man Manifest, files []string, outs []OutputFile) error {
	if man.Seed == 0 {
		man.Seed = res.Scenario.Seed
	}
	if man.Timings.Simulate == 0 {
		man.Timings.Simulate = res.Elapsed.Seconds()
	}
	for _, t := range []*float64{&man.Timings.Load, &man.Timings.Simulate, &man.Timings.Report} {
		*t = math.Round(*t*1e3) / 1e3
	}
	pennies := func(v []float64) jsonFloats {
		if v == nil {
			return nil
		}
		out := make(jsonFloats, len(v))
		for i, x := range v {
			out[i] = math.Round(x*100) / 100 // as in summary.csv
		}
		return out
	}
	sampling := "full: every line of every store"
	if res.SampleSE != nil {
		sampling = "stores: each replicate simulates its own sample of stores at their full range, systematic with " +
			"probability proportional to expected sales from a list sorted by priority, format and size " +
			"(stores in and out of the outage's scope as strata), weighted by 1/inclusion probability; the replicates' " +
			"samples interleave; sample_se is the standard error of the mean over replicates from four random groups, " +
			"sample_se_replicate one replicate's, which the bands include"
	}
	quantiles := "_p10, _p50, _p90: empirical quantiles over the replicates (the ceil(pR)-th smallest of R values, " +
		"not interpolated); _mean: the mean"
	if n := res.Replicates; n <= 10 {
		quantiles += fmt.Sprintf("; with %d replicates _p10 is the smallest value", n)
		if n < 10 {
			quantiles += " and _p90 the largest"
		}
	}
	if man.Command == nil {
		man.Command = []string{}
	}
	if man.Inputs.Files == nil {
		man.Inputs.Files = []InputFile{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(runFile{
		Manifest:    man,
		Scenario:    res.Scenario,
		Recovery:    res.Recovery,
		Days:        res.Days,
		Replicates:  res.Replicates,
		Cells:       cellCounts{res.Cells, res.CellsFull},
		Stores:      cellCounts{res.Stores, res.StoresFull},
		CellDays:    res.CellDays,
		Sampling:    sampling,
		Quantiles:   quantiles,
		SampleSE:    pennies(res.SampleSE),
		SampleSERep: pennies(res.SampleSERep),
		Draws:       res.Scenario.Draws(),
		Params:      res.Params,
		Files:       files,
		Outputs:     outs,
	})
}
