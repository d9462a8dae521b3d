package reports

import (
	"encoding/csv"
	"io"
	"math"
	"strconv"

	"github.com/shelfgap/shelfgap/model"
)

// stat is one statistic of a model.Band, written as a column suffix.
type stat struct {
	suffix string
	get    func(model.Band) float64
}

// bandStats are the statistics written for every banded quantity, in
// column order.
var bandStats = [...]stat{
	{"_p10", func(b model.Band) float64 { return b.P10 }},
	{"_p50", func(b model.Band) float64 { return b.P50 }},
	{"_p90", func(b model.Band) float64 { return b.P90 }},
	{"_mean", func(b model.Band) float64 { return b.Mean }},
}

// Precision of numbers in the CSV files, in decimals. Money and
// percentages keep pennies and hundredths of a point; counts (units,
// lines, cases, days) are whole numbers, except their means, which keep
// one decimal so that a mean of 0.4 days is not written as 0.
const (
	precMoney     = 2
	precPercent   = 2
	precCount     = 0
	precCountMean = 1
)

// precision returns the decimals for a metric's unit (see model.Metric.Unit).
func precision(unit string) int {
	switch unit {
	case "money":
		return precMoney
	case "%":
		return precPercent
	}
	return precCount
}

// appendNum appends v with prec decimals. A NaN or infinite v appends
// nothing (an empty cell), and negative zero is written as zero.
func appendNum(dst []byte, v float64, prec int) []byte {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return dst
	}
	n := len(dst)
	dst = strconv.AppendFloat(dst, v, 'f', prec, 64)
	if dst[n] == '-' && isZero(dst[n+1:]) {
		copy(dst[n:], dst[n+1:])
		dst = dst[:len(dst)-1]
	}
	return dst
}

// isZero reports whether b, a formatted number without sign, is zero.
func isZero(b []byte) bool {
	for _, c := range b {
		if c != '0' && c != '.' {
			return false
		}
	}
	return true
}

// num formats v with prec decimals; see appendNum.
func num(v float64, prec int) string { return string(appendNum(nil, v, prec)) }

// bandCells appends the cells of a band: P10, P50, P90 and mean. Counts
// (prec 0) write their mean with one decimal.
func bandCells(row []string, b model.Band, prec int) []string {
	for _, s := range bandStats {
		p := prec
		if s.suffix == "_mean" && prec == precCount {
			p = precCountMean
		}
		row = append(row, num(s.get(b), p))
	}
	return row
}

// bandHeader appends the column names of a banded quantity.
func bandHeader(row []string, name string) []string {
	for _, s := range bandStats {
		row = append(row, name+s.suffix)
	}
	return row
}

// table is a CSV writer that keeps its first error.
type table struct {
	w *csv.Writer
}

func newTable(w io.Writer) *table {
	cw := csv.NewWriter(w)
	cw.UseCRLF = false
	return &table{w: cw}
}

func (t *table) row(cells []string) error { return t.w.Write(cells) }

func (t *table) close() error {
	t.w.Flush()
	return t.w.Error()
}

func itoa(i int) string { return strconv.Itoa(i) }

// date formats a reported day's calendar date as ISO 8601 (2006-01-02).
func date(res *model.Result, day int) string { return res.Date(day).Format("2006-01-02") }

// writeDaily writes daily.csv: one row per run and day for the whole
// estate, with every metric's band. See the package documentation for
// the columns.
func writeDaily(w io.Writer, res *model.Result) error {
	t := newTable(w)
	head := []string{"recovery_days", "day", "date"}
	for m := range model.NumMetrics {
		head = bandHeader(head, col(res, m.Name()))
	}
	if err := t.row(head); err != nil {
		return err
	}
	row := make([]string, 0, len(head))
	for run, rec := range res.Recovery {
		for day := range res.Days {
			row = append(row[:0], itoa(rec), itoa(day), date(res, day))
			for m := range model.NumMetrics {
				row = bandCells(row, band(res, run, 0, m, day), precision(m.Unit()))
			}
			if err := t.row(row); err != nil {
				return err
			}
		}
	}
	return t.close()
}

// summaryCol is one banded column of summary.csv and summary_<kind>.csv.
type summaryCol struct {
	name string
	prec int
	get  func(*model.Summary) model.Band
}

var summaryCols = [...]summaryCol{
	{"min_availability_pct", precPercent, func(s *model.Summary) model.Band { return s.MinAvailability }},
	{"days_below_threshold", precCount, func(s *model.Summary) model.Band { return s.DaysBelow }},
	{"days_to_recover", precCount, func(s *model.Summary) model.Band { return s.DaysToRecover }},
	{"sales_gbp", precMoney, func(s *model.Summary) model.Band { return s.Sales }},
	{"lost_sales_gbp", precMoney, func(s *model.Summary) model.Band { return s.LostSales }},
	{"lost_margin_gbp", precMoney, func(s *model.Summary) model.Band { return s.LostMargin }},
	{"waste_gbp", precMoney, func(s *model.Summary) model.Band { return s.WasteValue }},
	{"extra_waste_gbp", precMoney, func(s *model.Summary) model.Band { return s.ExtraWaste }},
	{"substituted_units", precCount, func(s *model.Summary) model.Band { return s.Substituted }},
	{"lost_units", precCount, func(s *model.Summary) model.Band { return s.Lost }},
	{"extra_day_cost_gbp", precMoney, func(s *model.Summary) model.Band { return s.ExtraDayCost }},
}

// summaryHeader appends the banded columns, with
// days_to_recover_censored after days_to_recover's band.
func summaryHeader(res *model.Result, head []string) []string {
	for _, c := range summaryCols {
		head = bandHeader(head, col(res, c.name))
		if c.name == "days_to_recover" {
			head = append(head, "days_to_recover_censored")
		}
	}
	return head
}

func summaryCells(row []string, s *model.Summary) []string {
	for _, c := range summaryCols {
		row = bandCells(row, c.get(s), c.prec)
		if c.name == "days_to_recover" {
			cens := ""
			if s.Recovery > 0 {
				cens = itoa(s.Censored)
			}
			row = append(row, cens)
		}
	}
	return row
}

// writeSummary writes summary.csv: one row per run (the baseline first)
// with the whole-horizon figures of the estate, and sample_se_gbp when
// the run was sampled (res.SampleSE != nil).
func writeSummary(w io.Writer, res *model.Result) error {
	t := newTable(w)
	head := summaryHeader(res, []string{"recovery_days"})
	if res.SampleSE != nil {
		head = append(head, col(res, "sample_se_gbp"))
	}
	if err := t.row(head); err != nil {
		return err
	}
	for run, rec := range res.Recovery {
		s := res.Summary(run, 0)
		row := summaryCells([]string{itoa(rec)}, &s)
		if res.SampleSE != nil {
			se := math.NaN()
			if run < len(res.SampleSE) {
				se = res.SampleSE[run]
			}
			row = append(row, num(se, precMoney))
		}
		if err := t.row(row); err != nil {
			return err
		}
	}
	return t.close()
}

// breakdownKinds are the group kinds with a breakdown, in file order.
var breakdownKinds = [...]model.GroupKind{model.RegionGroup, model.FormatGroup, model.CategoryGroup, model.DCGroup}

// breakdownMetrics returns the metrics of a breakdown file for kind.
func breakdownMetrics(kind model.GroupKind) []model.Metric {
	ms := []model.Metric{model.Availability, model.FillRate, model.SalesValue, model.LostSales, model.WasteValue, model.FrozenLines}
	if kind == model.DCGroup {
		ms = append(ms, model.Backlog)
	}
	return ms
}

// groupsOf returns the indices of res's groups of the given kind, in order.
func groupsOf(res *model.Result, kind model.GroupKind) []int {
	var gs []int
	for i, g := range res.Groups {
		if g.Kind == kind {
			gs = append(gs, i)
		}
	}
	return gs
}

// writeBreakdown writes breakdown_<kind>.csv: one row per run, group of
// the kind and day, with the bands of the breakdown metrics.
func writeBreakdown(w io.Writer, res *model.Result, kind model.GroupKind) error {
	t := newTable(w)
	ms := breakdownMetrics(kind)
	head := []string{"recovery_days", kind.String(), "day", "date"}
	for _, m := range ms {
		head = bandHeader(head, col(res, m.Name()))
	}
	if err := t.row(head); err != nil {
		return err
	}
	row := make([]string, 0, len(head))
	gs := groupsOf(res, kind)
	for run, rec := range res.Recovery {
		for _, g := range gs {
			for day := range res.Days {
				row = append(row[:0], itoa(rec), res.Groups[g].Name, itoa(day), date(res, day))
				for _, m := range ms {
					row = bandCells(row, band(res, run, g, m, day), precision(m.Unit()))
				}
				if err := t.row(row); err != nil {
					return err
				}
			}
		}
	}
	return t.close()
}

// writeGroupSummary writes summary_<kind>.csv: summary.csv's columns for
// each run and group of the kind.
func writeGroupSummary(w io.Writer, res *model.Result, kind model.GroupKind) error {
	t := newTable(w)
	if err := t.row(summaryHeader(res, []string{"recovery_days", kind.String()})); err != nil {
		return err
	}
	gs := groupsOf(res, kind)
	for run, rec := range res.Recovery {
		for _, g := range gs {
			s := res.Summary(run, g)
			if err := t.row(summaryCells([]string{itoa(rec), res.Groups[g].Name}, &s)); err != nil {
				return err
			}
		}
	}
	return t.close()
}
