package reports

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/shelfgap/shelfgap/model"
)

// Paired is what a comparison needs of one run: how it was made (to check
// that two runs drew the same random numbers) and, per recovery time and
// replicate, the estate's lost sales, lost margin and waste, to the penny
// as in replicates.csv.
type Paired struct {
	Name       string // scenario name
	Seed       uint64
	Replicates int
	Days       int
	Warmup     int
	StartDate  string // ISO date of day 0
	Sample     float64
	Currency   model.Currency
	Estate     Inputs
	Recovery   []int          // recovery times, without the baseline
	Values     [][3][]float64 // [run][lost sales, lost margin, waste][replicate]
}

// comparedNames are the figures compared, in Paired.Values order.
var comparedNames = [3]string{"lost_sales_gbp", "lost_margin_gbp", "waste_gbp"}

// pennies rounds v to the penny, as the CSV files write it.
func pennies(v float64) float64 { return math.Round(v*100) / 100 }

// NewPaired returns the Paired of a run's Result and Manifest.
func NewPaired(res *model.Result, man Manifest) Paired {
	sc := res.Scenario
	p := Paired{Name: sc.Name, Seed: sc.Seed, Replicates: res.Replicates, Days: res.Days, Warmup: sc.WarmupDays,
		StartDate: sc.StartDate.Format("2006-01-02"), Sample: sc.Sample, Currency: sc.Report.Currency, Estate: man.Inputs}
	for run := 1; run < len(res.Recovery); run++ {
		p.Recovery = append(p.Recovery, res.Recovery[run])
		var v [3][]float64
		for rep := range res.Replicates {
			t := res.Totals(run, 0, rep)
			v[0] = append(v[0], pennies(t.LostSales))
			v[1] = append(v[1], pennies(t.LostMargin))
			v[2] = append(v[2], pennies(t.WasteValue))
		}
		p.Values = append(p.Values, v)
	}
	return p
}

// ReadPaired reads the Paired of the output directory dir of a run: its
// run.json and replicates.csv.
func ReadPaired(dir string) (Paired, error) {
	var p Paired
	b, err := os.ReadFile(filepath.Join(dir, "run.json"))
	if err != nil {
		return p, fmt.Errorf("%s is not a shelfgap output directory: %w", dir, err)
	}
	var rf struct {
		Manifest   Manifest       `json:"manifest"`
		Scenario   model.Scenario `json:"scenario"`
		Replicates int            `json:"replicates"`
		Days       int            `json:"days"`
	}
	if err := json.Unmarshal(b, &rf); err != nil {
		return p, fmt.Errorf("%s: %w", filepath.Join(dir, "run.json"), err)
	}
	sc := rf.Scenario
	p = Paired{Name: sc.Name, Seed: sc.Seed, Replicates: rf.Replicates, Days: rf.Days, Warmup: sc.WarmupDays,
		StartDate: sc.StartDate.Format("2006-01-02"), Sample: sc.Sample, Currency: sc.Report.Currency, Estate: rf.Manifest.Inputs}
	if p.Currency.Code == "" {
		p.Currency = model.Currency{Code: "GBP", Symbol: "£"}
	}
	path := filepath.Join(dir, "replicates.csv")
	f, err := os.Open(path)
	if err != nil {
		return p, fmt.Errorf("%s has no replicates.csv (written by shelfgap from this version on): %w", dir, err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	head, err := r.Read()
	if err != nil {
		return p, fmt.Errorf("%s: %w", path, err)
	}
	cur := "_" + strings.ToLower(p.Currency.Code)
	idx := map[string]int{}
	for i, h := range head {
		idx[h] = i
	}
	want := []string{"recovery_days", "replicate"}
	for _, n := range comparedNames {
		want = append(want, strings.Replace(n, "_gbp", cur, 1))
	}
	cols := make([]int, len(want))
	for i, n := range want {
		c, ok := idx[n]
		if !ok {
			return p, fmt.Errorf("%s: no column %s", path, n)
		}
		cols[i] = c
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return p, fmt.Errorf("%s: %w", path, err)
		}
		line, _ := r.FieldPos(0)
		num := func(i int) (float64, error) {
			v, err := strconv.ParseFloat(rec[cols[i]], 64)
			if err != nil && rec[cols[i]] == "" {
				return math.NaN(), nil
			}
			if err != nil {
				return 0, fmt.Errorf("%s:%d: %s: want a number, got %q", path, line, want[i], rec[cols[i]])
			}
			return v, nil
		}
		rd, err := num(0)
		if err != nil {
			return p, err
		}
		rep, err := num(1)
		if err != nil {
			return p, err
		}
		if len(p.Recovery) == 0 || p.Recovery[len(p.Recovery)-1] != int(rd) {
			p.Recovery = append(p.Recovery, int(rd))
			p.Values = append(p.Values, [3][]float64{})
		}
		v := &p.Values[len(p.Values)-1]
		if int(rep) != len(v[0]) {
			return p, fmt.Errorf("%s:%d: replicate %v out of order, want %d", path, line, rep, len(v[0]))
		}
		for k := range 3 {
			x, err := num(2 + k)
			if err != nil {
				return p, err
			}
			v[k] = append(v[k], x)
		}
	}
	for i, v := range p.Values {
		if len(v[0]) != p.Replicates {
			return p, fmt.Errorf("%s: recovery %d days has %d replicates, run.json says %d", path, p.Recovery[i], len(v[0]), p.Replicates)
		}
	}
	return p, nil
}

// PairError says why two runs cannot be compared replicate by replicate.
type PairError struct{ Reasons []string }

func (e *PairError) Error() string {
	return "the runs cannot be paired replicate by replicate: " + strings.Join(e.Reasons, "; ")
}

// Comparison is B minus A, replicate by replicate, for the recovery times
// both runs have.
type Comparison struct {
	A, B     string // scenario names
	Currency model.Currency
	Rows     []CompareRow
}

// CompareRow is one recovery time's differences: for lost sales, lost
// margin and waste, the band over replicates of B's value minus A's on
// the same replicate.
type CompareRow struct {
	Recovery   int
	Replicates int
	Diff       [3]model.Band
}

// Compare pairs a and b replicate by replicate. Two runs can be paired
// only if they drew the same random numbers and uncertain parameters for
// each replicate: the same seed, estate (the same input files, by
// SHA-256, or the same built-in estate), start date, warm-up, horizon,
// number of replicates and sample, and the same currency, and at least one
// recovery time in common. Otherwise it returns a *PairError with every
// reason.
func Compare(a, b Paired) (*Comparison, error) {
	var why []string
	diff := func(what string, x, y any) {
		if fmt.Sprint(x) != fmt.Sprint(y) {
			why = append(why, fmt.Sprintf("%s differ (%v vs %v)", what, x, y))
		}
	}
	diff("seeds", a.Seed, b.Seed)
	diff("replicates", a.Replicates, b.Replicates)
	diff("horizons (days)", a.Days, b.Days)
	diff("warm-ups (days)", a.Warmup, b.Warmup)
	diff("start dates", a.StartDate, b.StartDate)
	diff("samples", a.Sample, b.Sample)
	diff("currencies", a.Currency.Code, b.Currency.Code)
	if !sameEstate(a.Estate, b.Estate) {
		why = append(why, fmt.Sprintf("estates differ (%s vs %s)", estateName(a.Estate), estateName(b.Estate)))
	}
	c := &Comparison{A: a.Name, B: b.Name, Currency: a.Currency}
	for i, rec := range a.Recovery {
		j := slices.Index(b.Recovery, rec)
		if j < 0 || len(why) > 0 {
			continue
		}
		row := CompareRow{Recovery: rec, Replicates: a.Replicates}
		for k := range 3 {
			d := make([]float64, a.Replicates)
			for rep := range d {
				d[rep] = pennies(b.Values[j][k][rep] - a.Values[i][k][rep])
			}
			row.Diff[k] = model.NewBand(d)
		}
		c.Rows = append(c.Rows, row)
	}
	if len(why) == 0 && len(c.Rows) == 0 {
		why = append(why, fmt.Sprintf("no recovery time in common (%v vs %v)", a.Recovery, b.Recovery))
	}
	if len(why) > 0 {
		return nil, &PairError{why}
	}
	return c, nil
}

func sameEstate(a, b Inputs) bool {
	if len(a.Files) == 0 || len(b.Files) == 0 {
		return len(a.Files) == len(b.Files) && a.Source == b.Source
	}
	return slices.Equal(a.Files, b.Files)
}

func estateName(in Inputs) string {
	if in.Source == "" {
		return "unknown"
	}
	return in.Source
}

// WriteComparison writes compare.csv: one row per recovery time both runs
// have, with recovery_days, replicates, and the _p10, _p50, _p90 and
// _mean of B minus A of lost_sales, lost_margin and waste (in the
// currency, to the penny).
func WriteComparison(w io.Writer, c *Comparison) error {
	t := newTable(w)
	cur := "_" + strings.ToLower(c.Currency.Code)
	head := []string{"recovery_days", "replicates"}
	for _, n := range comparedNames {
		head = bandHeader(head, "diff_"+strings.Replace(n, "_gbp", cur, 1))
	}
	if err := t.row(head); err != nil {
		return err
	}
	for _, r := range c.Rows {
		row := []string{itoa(r.Recovery), itoa(r.Replicates)}
		for _, b := range r.Diff {
			row = bandCells(row, b, precMoney)
		}
		if err := t.row(row); err != nil {
			return err
		}
	}
	return t.close()
}

// ComparisonTable writes the comparison for the terminal: per recovery
// time, the P50 and P10-P90 of B minus A.
func ComparisonTable(w io.Writer, c *Comparison) error {
	ew := &errWriter{w: w}
	fmt.Fprintf(ew, "B (%s) minus A (%s), paired replicate by replicate (P50, P10 to P90):\n", c.B, c.A)
	tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', tabwriter.AlignRight)
	sym := c.Currency.Symbol
	if sym == "" {
		sym = c.Currency.Code + " "
	}
	fmt.Fprintf(tw, "recovery\tlost sales %s\tP10 to P90\tlost margin %s\tP10 to P90\twaste %s\tP10 to P90\t\n", sym, sym, sym)
	for _, r := range c.Rows {
		fmt.Fprintf(tw, "%s", days(r.Recovery))
		for _, b := range r.Diff {
			fmt.Fprintf(tw, "\t%s\t%s to %s", amount(sym, b.P50), amount(sym, b.P10), amount(sym, b.P90))
		}
		fmt.Fprint(tw, "\t\n")
	}
	tw.Flush()
	return ew.err
}

// WriteComparisonFile writes compare.csv into dir the way Write writes
// its files: to a temporary name, synced, then renamed.
func WriteComparisonFile(dir string, c *Comparison) error {
	return writeFile(dir, "compare.csv", func(w io.Writer) error { return WriteComparison(w, c) })
}
