package reports

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"text/tabwriter"

	"github.com/shelfgap/shelfgap/model"
)

// Table writes the short summary for the terminal: one row per run of the
// sweep with the estate's whole-horizon figures (P50 over replicates, and
// the P10-P90 range of the lowest availability), then one line of
// headline prose on the cost of an extra day of recovery.
func Table(w io.Writer, res *model.Result) error {
	ew := &errWriter{w: w}
	tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', tabwriter.AlignRight)
	thr := strconv.FormatFloat(res.Scenario.Threshold, 'f', -1, 64)
	sym := symbol(res)
	pounds := func(v float64) string { return amount(sym, v) }
	fmt.Fprintf(tw, "recovery\tmin avail %%\tP10-P90\tdays <%s%%\tdays to recover\tlost sales %s\tlost margin %s\twaste %s\textra waste %s\t%s per extra day\t\n", thr, sym, sym, sym, sym, sym)
	sums := make([]model.Summary, len(res.Recovery))
	for run, rec := range res.Recovery {
		s := res.Summary(run, 0)
		sums[run] = s
		name := "baseline"
		if rec > 0 {
			name = days(rec)
		}
		extra := pounds(s.ExtraDayCost.P50)
		fmt.Fprintf(tw, "%s\t%s\t%s-%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", name,
			fixed(s.MinAvailability.P50, 1), fixed(s.MinAvailability.P10, 1), fixed(s.MinAvailability.P90, 1),
			fixed(s.DaysBelow.P50, 0), recoverCell(res, s),
			pounds(s.LostSales.P50), pounds(s.LostMargin.P50), pounds(s.WasteValue.P50), pounds(s.ExtraWaste.P50), extra)
	}
	tw.Flush()
	fmt.Fprintln(ew, headline(res, sums))
	fmt.Fprintln(ew, bandsLine(res))
	if line := sampling(res); line != "" {
		fmt.Fprintln(ew, line)
	}
	return ew.err
}

// sampling is a line on how much of the estate was simulated: the whole
// of it, or quick mode's sample of stores and the error that adds.
func sampling(res *model.Result) string {
	if res.SampleSE == nil {
		if res.StoresFull == 0 {
			return ""
		}
		return fmt.Sprintf("Full resolution: every line of all %s stores (%s cells).",
			thousands(strconv.Itoa(res.StoresFull)), thousands(strconv.Itoa(res.CellsFull)))
	}
	mean, rep, pct := spread(res, res.SampleSE), spread(res, res.SampleSERep), ""
	if mean == "" {
		return ""
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for run := 1; run < len(res.Recovery) && run < len(res.SampleSE); run++ {
		if l := res.Summary(run, 0).LostSales.Mean; l > 0 && finite(res.SampleSE[run]) {
			v := 100 * res.SampleSE[run] / l
			lo, hi = min(lo, v), max(hi, v)
		}
	}
	if lo <= hi {
		pct = " (" + fixed(lo, 1) + "%"
		if fixed(hi, 1) != fixed(lo, 1) {
			pct = " (" + fixed(lo, 1) + "-" + fixed(hi, 1) + "%"
		}
		pct += ")"
	}
	if rep != "" {
		rep = ", and of " + rep + " to one replicate's, which the bands include"
	}
	return fmt.Sprintf("Quick mode: each replicate simulated %s of %s stores at their full range, drawn in proportion to sales and weighted up;\n"+
		"sampling adds a standard error of %s%s to each run's mean lost sales%s.",
		thousands(strconv.Itoa(res.Stores)), thousands(strconv.Itoa(res.StoresFull)), mean, pct, rep)
}

// spread formats the range of v over the recovery runs (not the baseline)
// in pounds, or "" if there is none.
func spread(res *model.Result, v []float64) string {
	lo, hi := math.Inf(1), math.Inf(-1)
	for run := 1; run < len(res.Recovery) && run < len(v); run++ {
		if finite(v[run]) {
			lo, hi = min(lo, v[run]), max(hi, v[run])
		}
	}
	if lo > hi {
		return ""
	}
	se := amount(symbol(res), lo)
	if h := amount(symbol(res), hi); h != se {
		se += " to " + h
	}
	return se
}

// bandsLine is a line on what the table's figures are: P50 over the
// replicates, and P10-P90 as empirical quantiles (model.NewBand: the
// ceil(pR)-th smallest of R). With 10 replicates or fewer, P10 is the
// smallest replicate (and below 10, P90 the largest): the line says so.
func bandsLine(res *model.Result) string {
	n := res.Replicates
	lo, hi := int(math.Ceil(0.1*float64(n)-1e-9)), int(math.Ceil(0.9*float64(n)-1e-9))
	if lo <= 1 || hi >= n {
		what := "P10 is the smallest replicate, not a quantile"
		if hi >= n {
			what = "P10 and P90 are the smallest and largest replicate, not quantiles"
		}
		reps := "replicates"
		if n == 1 {
			reps = "replicate"
		}
		return fmt.Sprintf("Figures are P50 over %d %s. With so few, %s:\n"+
			"run 11 or more (--replicates) for bands that mean what they say.", n, reps, what)
	}
	return fmt.Sprintf("Figures are P50 over %d replicates; P10-P90 are empirical quantiles over them (the %s and %s smallest of %d).",
		n, ordinal(lo), ordinal(hi), n)
}

// ordinal returns 1st, 2nd, 3rd, 4th, ... for n >= 1.
func ordinal(n int) string {
	suf := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suf = "st"
		case 2:
			suf = "nd"
		case 3:
			suf = "rd"
		}
	}
	return strconv.Itoa(n) + suf
}

// headline is one sentence on the cost of each extra day of recovery. It
// picks the step of the sweep that starts at 14 days (the Co-op's recovery
// time in 2025 [ref]) if there is one, else the last step.
func headline(res *model.Result, sums []model.Summary) string {
	n := len(res.Recovery)
	if n < 2 {
		return "No recovery times were simulated, only the baseline."
	}
	run := n - 1
	for i := 2; i < n; i++ {
		if res.Recovery[i-1] == 14 {
			run = i
		}
	}
	c := sums[run].ExtraDayCost
	sym := symbol(res)
	cost := fmt.Sprintf("%s (P10-P90 %s to %s)", amount(sym, c.P50), amount(sym, c.P10), amount(sym, c.P90))
	if run == 1 {
		return fmt.Sprintf("Each day of recovery up to %s costs %s in lost sales.", days(res.Recovery[1]), cost)
	}
	return fmt.Sprintf("Each extra day of recovery between %d and %d days costs %s in lost sales.",
		res.Recovery[run-1], res.Recovery[run], cost)
}

// days formats a number of days: "1 day", "14 days".
func days(n int) string {
	if n == 1 {
		return "1 day"
	}
	return strconv.Itoa(n) + " days"
}

// fixed formats v with prec decimals, "-" if v is NaN or infinite.
func fixed(v float64, prec int) string {
	s := num(v, prec)
	if s == "" {
		return "-"
	}
	return s
}

// recoverCell is the table's days-to-recover cell: the P50, or "> N" when
// the P50 replicate had not recovered by the end of the horizon, N days
// after the outage started; "-" for the baseline.
func recoverCell(res *model.Result, s model.Summary) string {
	if s.Recovery == 0 {
		return "-"
	}
	if math.IsNaN(s.DaysToRecover.P50) && s.Censored > 0 {
		return "> " + strconv.Itoa(res.Days-1-res.Scenario.Outage.StartDay)
	}
	return fixed(s.DaysToRecover.P50, 0)
}

// amount formats a sum of money in whole units of the currency with
// thousands separators, after the symbol sym: "£1,234,567", "-£12". NaN
// or infinite: "-".
func amount(sym string, v float64) string {
	s := num(v, 0)
	if s == "" {
		return "-"
	}
	sign := ""
	if s[0] == '-' {
		sign, s = "-", s[1:]
	}
	return sign + sym + thousands(s)
}

// thousands inserts commas between groups of three digits of an unsigned
// integer.
func thousands(s string) string {
	if len(s) <= 3 {
		return s
	}
	b := make([]byte, 0, len(s)+len(s)/3)
	head := len(s) % 3
	if head == 0 {
		head = 3
	}
	b = append(b, s[:head]...)
	for i := head; i < len(s); i += 3 {
		b = append(b, ',')
		b = append(b, s[i:i+3]...)
	}
	return string(b)
}

// errWriter remembers the first error of the writer it wraps, so that a
// sequence of writes needs one check.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}
