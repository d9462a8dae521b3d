package reports

import (
	"io"
	"math"
	"slices"

	gstat "gonum.org/v1/gonum/stat"

	"github.com/shelfgap/shelfgap/model"
)

// writeReplicates writes replicates.csv: one row per recovery time and
// replicate with its whole-horizon figures for the estate and the
// uncertain parameters it drew. The baseline has no row: every figure
// here but waste is against it.
func writeReplicates(w io.Writer, res *model.Result) error {
	t := newTable(w)
	head := []string{"recovery_days", "replicate",
		col(res, "lost_sales_gbp"), col(res, "lost_margin_gbp"), col(res, "waste_gbp"), "lost_units",
		"min_availability_pct", "days_below_threshold", "days_to_recover", "days_to_recover_censored"}
	head = append(head, model.ParamNames[:]...)
	if err := t.row(head); err != nil {
		return err
	}
	row := make([]string, 0, len(head))
	for run := 1; run < len(res.Recovery); run++ {
		for rep := range res.Replicates {
			x := res.Totals(run, 0, rep)
			cens := "0"
			if x.Censored {
				cens = "1"
			}
			row = append(row[:0], itoa(res.Recovery[run]), itoa(rep),
				num(x.LostSales, precMoney), num(x.LostMargin, precMoney), num(x.WasteValue, precMoney),
				num(x.Lost, precCount), num(x.MinAvailability, precPercent), num(x.DaysBelow, precCount),
				num(x.DaysToRecover, precCount), cens)
			for _, v := range res.Params[rep].Values() {
				row = append(row, num(v, precParam))
			}
			if err := t.row(row); err != nil {
				return err
			}
		}
	}
	return t.close()
}

// precParam is the decimals of a drawn parameter (shares and factors).
const precParam = 4

// ExceedancePcts are the probabilities, in percent, for which
// exceedance.csv gives the loss exceeded.
var ExceedancePcts = [...]float64{50, 20, 10, 5, 1}

// exceeded returns the loss that a share p (0 < p < 1) of the values xs
// reach or exceed, and how many do: the k-th largest value, k =
// ceil(p n), the empirical quantile at 1 - p. It returns NaN and 0 when
// p n < 1, a tail thinner than one replicate, which the replicates do not
// support.
func exceeded(xs []float64, p float64) (float64, int) {
	n := len(xs)
	pn := p * float64(n)
	if pn < 1-1e-9 {
		return math.NaN(), 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	k := int(math.Ceil(pn - 1e-9))
	v := s[n-k]
	at := 0
	for _, x := range s {
		if x >= v {
			at++
		}
	}
	return v, at
}

// lostSales returns each replicate's lost sales over the horizon for run
// and group.
func lostSales(res *model.Result, run, group int) []float64 {
	xs := make([]float64, res.Replicates)
	for rep := range xs {
		xs[rep] = res.Totals(run, group, rep).LostSales
	}
	return xs
}

// writeExceedance writes exceedance.csv: per recovery time and
// probability of ExceedancePcts, the estate's lost sales and lost margin
// reached or exceeded with that probability over the replicates, how
// many replicates there are and how many reach the value. A probability
// whose tail holds less than one replicate has empty cells.
func writeExceedance(w io.Writer, res *model.Result) error {
	t := newTable(w)
	head := []string{"recovery_days", "exceedance_pct", "replicates",
		col(res, "lost_sales_gbp"), "lost_sales_replicates_at_or_above",
		col(res, "lost_margin_gbp"), "lost_margin_replicates_at_or_above"}
	if err := t.row(head); err != nil {
		return err
	}
	for run := 1; run < len(res.Recovery); run++ {
		sales := lostSales(res, run, 0)
		margin := make([]float64, res.Replicates)
		for rep := range margin {
			margin[rep] = res.Totals(run, 0, rep).LostMargin
		}
		for _, pct := range ExceedancePcts {
			row := []string{itoa(res.Recovery[run]), num(pct, 0), itoa(res.Replicates)}
			for _, xs := range [][]float64{sales, margin} {
				v, at := exceeded(xs, pct/100)
				cnt := ""
				if at > 0 {
					cnt = itoa(at)
				}
				row = append(row, num(v, precMoney), cnt)
			}
			if err := t.row(row); err != nil {
				return err
			}
		}
	}
	return t.close()
}

// sensitivityRun is the run whose lost sales the sensitivity explains:
// the recovery time nearest Scenario.Report.SensitivityDays (default 14),
// the shorter on a tie; 0 if the sweep has no recovery time.
func sensitivityRun(res *model.Result) int {
	want := res.Scenario.Report.SensitivityDays
	if want == 0 {
		want = 14
	}
	best := 0
	for run := 1; run < len(res.Recovery); run++ {
		d := abs(res.Recovery[run] - want)
		if best == 0 || d < abs(res.Recovery[best]-want) {
			best = run
		}
	}
	return best
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// Sensitivity is how much one uncertain parameter moves a run's lost
// sales over the replicates.
type Sensitivity struct {
	Param     string
	Low, High float64 // the parameter's range in the scenario
	// Rho is Spearman's rank correlation of the parameter's draws with
	// the replicates' lost sales; NaN if either does not vary.
	Rho float64
	// AtLow and AtHigh are the lost sales that a least-squares line of
	// lost sales on the parameter gives at Low and at High: the
	// tornado's bar. NaN if the parameter does not vary.
	AtLow, AtHigh float64
}

// Swing is AtHigh - AtLow.
func (s Sensitivity) Swing() float64 { return s.AtHigh - s.AtLow }

// sensitivities returns the sensitivity of run's estate lost sales to
// each uncertain parameter, largest swing first (then in ParamNames
// order), and the mean lost sales.
func sensitivities(res *model.Result, run int) ([]Sensitivity, float64) {
	y := lostSales(res, run, 0)
	mean := gstat.Mean(y, nil)
	ranges := res.Scenario.Uncertainty.Ranges()
	out := make([]Sensitivity, len(model.ParamNames))
	for i, name := range model.ParamNames {
		x := make([]float64, res.Replicates)
		for rep := range x {
			x[rep] = res.Params[rep].Values()[i]
		}
		s := Sensitivity{Param: name, Low: ranges[i][0], High: ranges[i][1],
			Rho: math.NaN(), AtLow: math.NaN(), AtHigh: math.NaN()}
		if varies(x) {
			if varies(y) {
				s.Rho = spearman(x, y)
			}
			alpha, beta := gstat.LinearRegression(x, y, nil, false)
			s.AtLow, s.AtHigh = alpha+beta*s.Low, alpha+beta*s.High
		}
		out[i] = s
	}
	key := func(s Sensitivity) float64 {
		if v := math.Abs(s.Swing()); finite(v) {
			return v
		}
		return -1
	}
	slices.SortStableFunc(out, func(a, b Sensitivity) int {
		ka, kb := key(a), key(b)
		switch {
		case ka > kb:
			return -1
		case ka < kb:
			return 1
		}
		return 0
	})
	return out, mean
}

// varies reports whether xs holds two different values.
func varies(xs []float64) bool {
	for _, x := range xs {
		if x != xs[0] {
			return true
		}
	}
	return false
}

// ranks returns the ranks of xs, 1 for the smallest, ties sharing the
// mean of their ranks.
func ranks(xs []float64) []float64 {
	idx := make([]int, len(xs))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		switch {
		case xs[a] < xs[b]:
			return -1
		case xs[a] > xs[b]:
			return 1
		}
		return 0
	})
	r := make([]float64, len(xs))
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && xs[idx[j+1]] == xs[idx[i]] {
			j++
		}
		avg := float64(i+j)/2 + 1
		for k := i; k <= j; k++ {
			r[idx[k]] = avg
		}
		i = j + 1
	}
	return r
}

// spearman is Spearman's rank correlation: Pearson's correlation of the
// ranks.
func spearman(x, y []float64) float64 {
	return gstat.Correlation(ranks(x), ranks(y), nil)
}

// writeSensitivity writes sensitivity.csv: for the recovery time that
// sensitivityRun picks, one row per uncertain parameter, largest swing
// first. See the package documentation for the columns.
func writeSensitivity(w io.Writer, res *model.Result) error {
	t := newTable(w)
	head := []string{"recovery_days", "parameter", "low", "high", "replicates", "spearman_rho", "rho_noise_95",
		col(res, "lost_sales_at_low_gbp"), col(res, "lost_sales_at_high_gbp"), col(res, "swing_gbp")}
	if err := t.row(head); err != nil {
		return err
	}
	run := sensitivityRun(res)
	if run == 0 {
		return t.close()
	}
	ss, _ := sensitivities(res, run)
	noise := math.NaN()
	if res.Replicates > 1 {
		noise = 1.96 / math.Sqrt(float64(res.Replicates-1))
	}
	for _, s := range ss {
		if err := t.row([]string{itoa(res.Recovery[run]), s.Param, num(s.Low, precParam), num(s.High, precParam),
			itoa(res.Replicates), num(s.Rho, 3), num(noise, 3),
			num(s.AtLow, precMoney), num(s.AtHigh, precMoney), num(s.Swing(), precMoney)}); err != nil {
			return err
		}
	}
	return t.close()
}
