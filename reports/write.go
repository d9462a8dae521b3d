package reports

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/shelfgap/shelfgap/model"
)

// output is one file that Write writes.
type output struct {
	name  string
	write func(io.Writer) error
}

// tables returns the CSV files of res, in the order written.
func tables(res *model.Result) []output {
	outs := []output{
		{"daily.csv", func(w io.Writer) error { return writeDaily(w, res) }},
		{"summary.csv", func(w io.Writer) error { return writeSummary(w, res) }},
	}
	for _, k := range breakdownKinds {
		outs = append(outs,
			output{"breakdown_" + k.String() + ".csv", func(w io.Writer) error { return writeBreakdown(w, res, k) }},
			output{"summary_" + k.String() + ".csv", func(w io.Writer) error { return writeGroupSummary(w, res, k) }},
		)
	}
	return append(outs,
		output{"replicates.csv", func(w io.Writer) error { return writeReplicates(w, res) }},
		output{"exceedance.csv", func(w io.Writer) error { return writeExceedance(w, res) }},
		output{"sensitivity.csv", func(w io.Writer) error { return writeSensitivity(w, res) }},
	)
}

// Footer is the line at the foot of every chart that says what it is of:
// the scenario, the estate, the seed, the replicates and shelfgap's
// version.
func Footer(res *model.Result, man Manifest) string {
	estate := man.Inputs.Source
	if estate == "" {
		estate = "unnamed"
	}
	v := man.Version
	if v == "" {
		v = "unknown"
	}
	return fmt.Sprintf("scenario %s | estate %s | seed %d | %d replicates | shelfgap %s",
		res.Scenario.Name, estate, res.Scenario.Seed, res.Replicates, v)
}

// outputs returns every file of res in the order written: the CSV files,
// the charts (PNG, or SVG if the scenario's report.chart_format says so)
// and results.xlsx, which holds the same tables and the charts as PNG.
// Charts with nothing to show (no regions, no categories) are left out.
func outputs(res *model.Result, man Manifest) ([]output, error) {
	ts := tables(res)
	svg := res.Scenario.Report.ChartFormat == "svg"
	footer := Footer(res, man)
	tabs := make([][]byte, len(ts))
	figs := make([]*figure, len(charts))
	pngs := make([][]byte, len(charts))
	// The tables and charts are rendered side by side; each depends only
	// on res, so the bytes do not depend on the order.
	err := each(len(ts)+len(charts), false, func(i int) error {
		if i < len(ts) {
			var b bytes.Buffer
			if err := ts[i].write(&b); err != nil {
				return fmt.Errorf("%s: %w", ts[i].name, err)
			}
			tabs[i] = b.Bytes()
			return nil
		}
		c := &charts[i-len(ts)]
		f, err := c.draw(res)
		if err != nil || f == nil {
			if err != nil {
				err = fmt.Errorf("%s: %w", c.name, err)
			}
			return err
		}
		f.footer = footer
		var png bytes.Buffer
		if _, err := f.WriteTo(&png); err != nil {
			return fmt.Errorf("%s: %w", c.name, err)
		}
		figs[i-len(ts)], pngs[i-len(ts)] = f, png.Bytes()
		return nil
	})
	if err != nil {
		return nil, err
	}
	var outs []output
	var sheets []workbookTable
	for i, t := range ts {
		b := tabs[i]
		sheets = append(sheets, workbookTable{t.name, b})
		outs = append(outs, output{t.name, func(w io.Writer) error {
			_, err := w.Write(b)
			return err
		}})
	}
	var pics []workbookPicture
	for i, c := range charts {
		f, png := figs[i], pngs[i]
		if f == nil {
			continue
		}
		pics = append(pics, workbookPicture{c.name, png})
		if svg {
			outs = append(outs, output{strings.TrimSuffix(c.name, ".png") + ".svg", func(w io.Writer) error {
				_, err := f.writeSVG(w)
				return err
			}})
			continue
		}
		outs = append(outs, output{c.name, func(w io.Writer) error {
			_, err := w.Write(png)
			return err
		}})
	}
	outs = append(outs, output{"results.xlsx", func(w io.Writer) error {
		return writeWorkbook(w, res, man, sheets, pics)
	}})
	return outs, nil
}

// each runs fn(i) for i in [0, n) on up to GOMAXPROCS goroutines, from
// the last i down if last, and returns the error of the lowest i that
// failed.
func each(n int, last bool, fn func(i int) error) error {
	errs := make([]error, n)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(n, runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				if last {
					i = n - 1 - i
				}
				errs[i] = fn(i)
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// Write writes every output of res into dir, which must exist: the CSV
// files, the charts, results.xlsx and, last, run.json with man. Each file
// is written to a temporary name in dir, synced and renamed, so a reader
// never sees half a file. The outputs depend only on res and man: the same
// Result gives byte-identical CSV, chart and workbook files, and the same
// run.json but for man's timings. Every command that writes a run's
// outputs calls Write, so they are the same files whichever wrote them.
func Write(dir string, res *model.Result, man Manifest) error {
	start := time.Now()
	if err := check(res); err != nil {
		return err
	}
	outs, err := outputs(res, man)
	if err != nil {
		return err
	}
	// The files are written side by side, the workbook (the last, and
	// the longest to write) first.
	names := make([]string, len(outs))
	for i, o := range outs {
		names[i] = o.name
	}
	if err := each(len(outs), true, func(i int) error { return writeFile(dir, outs[i].name, outs[i].write) }); err != nil {
		return err
	}
	if man.Timings.Report == 0 {
		man.Timings.Report = time.Since(start).Seconds()
	}
	hashed, err := HashOutputs(dir)
	if err != nil {
		return err
	}
	return writeFile(dir, ManifestFile, func(w io.Writer) error { return writeRunJSON(w, res, man, names, hashed) })
}

// check refuses a Result that the reports cannot describe.
func check(res *model.Result) error {
	switch {
	case res == nil:
		return errors.New("reports: no result")
	case len(res.Recovery) == 0 || res.Recovery[0] != 0:
		return fmt.Errorf("reports: result's first run must be the baseline (recovery 0), got recovery %v", res.Recovery)
	case res.Days < 1:
		return fmt.Errorf("reports: result must have at least 1 day, got %d", res.Days)
	case res.Replicates < 1:
		return fmt.Errorf("reports: result must have at least 1 replicate, got %d", res.Replicates)
	case len(res.Groups) == 0 || res.Groups[0].Kind != model.EstateGroup:
		return errors.New("reports: result's group 0 must be the estate")
	}
	return nil
}

// writeFile writes dir/name through fn: to a temporary file in dir, then
// flushed, synced, closed and renamed. On error the temporary file is
// removed and the error names the file.
func writeFile(dir, name string, fn func(io.Writer) error) (err error) {
	f, err := os.CreateTemp(dir, "."+name+".tmp-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
			err = fmt.Errorf("write %s: %w", name, err)
		}
	}()
	bw := bufio.NewWriterSize(f, 1<<16)
	if err = fn(bw); err != nil {
		return err
	}
	if err = bw.Flush(); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	// CreateTemp makes the file 0600; outputs are for everyone to read.
	if err = os.Chmod(f.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(f.Name(), filepath.Join(dir, name))
}
