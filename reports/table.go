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
	fmt.Fprintf(tw, "recovery\tmin avail %%\tP10-P90\tdays <%s%%\tdays to recover\tlost sales £\tlost margin £\twaste £\t£ per extra day\t\n", thr)
	sums := make([]model.Summary, len(res.Recovery))
	for run, rec := range res.Recovery {
		s := res.Summary(run, 0)
		sums[run] = s
		name := "baseline"
		if rec > 0 {
			name = days(rec)
		}
		extra := "-"
		if run > 0 {
			extra = pounds(s.ExtraDayCost.P50)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s-%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", name,
			fixed(s.MinAvailability.P50, 1), fixed(s.MinAvailability.P10, 1), fixed(s.MinAvailability.P90, 1),
			fixed(s.DaysBelow.P50, 0), fixed(s.DaysToRecover.P50, 0),
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
	se := pounds(lo)
	if pounds(hi) != se {
		se += " to " + pounds(hi)
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
	cost := fmt.Sprintf("%s (P10-P90 %s to %s)", pounds(c.P50), pounds(c.P10), pounds(c.P90))
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

// pounds formats a sum of money in whole pounds with thousands
// separators: "£1,234,567", "-£12". NaN or infinite: "-".
func pounds(v float64) string {
	s := num(v, 0)
	if s == "" {
		return "-"
	}
	sign := ""
	if s[0] == '-' {
		sign, s = "-", s[1:]
	}
	return sign + "£" + thousands(s)
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
