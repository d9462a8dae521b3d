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
	fmt.Fprintf(tw, "recovery\tmin avail %%\tP10-P90\tdays <%s%%\tdays to recover\tlost sales %s\tlost margin %s\twaste %s\t%s per extra day\t\n", thr, sym, sym, sym, sym)
	sums := make([]model.Summary, len(res.Recovery))
	for run, rec := range res.Recovery {
		s := res.Summary(run, 0)
		sums[run] = s
		name := "baseline"
		if rec > 0 {
			name = days(rec)
		}
		extra := pounds(s.ExtraDayCost.P50)
		fmt.Fprintf(tw, "%s\t%s\t%s-%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", name,
			fixed(s.MinAvailability.P50, 1), fixed(s.MinAvailability.P10, 1), fixed(s.MinAvailability.P90, 1),
			fixed(s.DaysBelow.P50, 0), recoverCell(res, s),
			pounds(s.LostSales.P50), pounds(s.LostMargin.P50), pounds(s.WasteValue.P50), extra)
	}
	tw.Flush()
	fmt.Fprintln(ew, headline(res, sums))
	if line := sampling(res); line != "" {
		fmt.Fprintln(ew, line)
	}
	return ew.err
}

// sampling is a line on the error quick mode adds, or "" for a full run.
func sampling(res *model.Result) string {
	if res.SampleSE == nil || len(res.Recovery) < 2 {
		return ""
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for run := 1; run < len(res.Recovery) && run < len(res.SampleSE); run++ {
		if v := res.SampleSE[run]; finite(v) {
			lo, hi = min(lo, v), max(hi, v)
		}
	}
	if lo > hi {
		return ""
	}
	se := amount(symbol(res), lo)
	if h := amount(symbol(res), hi); h != se {
		se += " to " + h
	}
	return fmt.Sprintf("Quick mode: %s of %s cells simulated; sampling adds a standard error of %s to each run's lost sales.",
		thousands(strconv.Itoa(res.Cells)), thousands(strconv.Itoa(res.CellsFull)), se)
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
