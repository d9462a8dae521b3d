package reports

import (
	"encoding/csv"
	"fmt"
	"image/color"
	"io"
	"math"
	"slices"
	"strconv"
	"time"

	gstat "gonum.org/v1/gonum/stat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/shelfgap/shelfgap/model"
)

// The outputs of 'shelfgap calibrate', beside the inputs files:
//
//	calibration.csv  one row per store x item series:
//	    store_id, item_id, category,
//	    days_used       days that informed the fit
//	    days_absent     days the item was not ranged (no price, before its
//	                    first sale, missing from the file)
//	    days_censored   stock-out days left out of the fit
//	    rate_units_per_day, dispersion_k (negative binomial shape; 0 =
//	    Poisson), variance_mean_ratio (of the de-seasonalised counts),
//	    mon..sun        the fitted weekday profile (averages 1)
//	    holdout_actual_units, holdout_simulated_units (simulated baseline,
//	    mean over replicates), holdout_error_pct (100 x (simulated -
//	    actual) / actual; empty when actual is 0 or the series has no fit)
//	holdout.csv      per item (all its stores) and, last, "all":
//	    item_id, series, actual_units, simulated_units, error_pct,
//	    actual_in_stock_pct (share of the held-back trading time the
//	    shelves were in stock, from stockout_hours or in_stock; empty when
//	    the history does not say: the actual sales are censored by the
//	    rest)
//	calibration.png  observed vs fitted weekday profile (all series) and
//	                 the spread of the series' rates (log scale)

// Decimals in the calibration CSVs: rates and profiles to 4 (the rounding
// of ranges.csv), k and the VMR to 3, units to 1 (FreshRetailNet sells in
// tenths), percentages to 2.
const (
	precRate  = 4
	precShape = 3
	precUnits = 1
)

var weekdayNames = [7]string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}

// WriteCalibration writes calibration.csv, holdout.csv and calibration.png
// of cal into dir, each atomically (see writeFile).
func WriteCalibration(dir string, cal *model.Calibration) error {
	outs := []output{
		{"calibration.csv", func(w io.Writer) error { return writeCalibrationCSV(w, cal) }},
		{"holdout.csv", func(w io.Writer) error { return writeHoldoutCSV(w, cal) }},
		{"calibration.png", func(w io.Writer) error {
			_, err := calibrationChart(cal, w)
			return err
		}},
	}
	for _, o := range outs {
		if err := writeFile(dir, o.name, o.write); err != nil {
			return err
		}
	}
	return nil
}

func writeCalibrationCSV(w io.Writer, cal *model.Calibration) error {
	cw := csv.NewWriter(w)
	head := []string{"store_id", "item_id", "category", "days_used", "days_absent", "days_censored",
		"rate_units_per_day", "dispersion_k", "variance_mean_ratio"}
	head = append(head, weekdayNames[:]...)
	head = append(head, "holdout_actual_units", "holdout_simulated_units", "holdout_error_pct")
	cw.Write(head)
	row := make([]string, 0, len(head))
	for _, f := range cal.Series {
		row = append(row[:0], f.Store, f.Item, f.Category,
			strconv.Itoa(f.DaysUsed), strconv.Itoa(f.DaysAbsent), strconv.Itoa(f.DaysCensored))
		if f.DaysUsed > 0 && f.Rate > 0 {
			row = append(row, num(f.Rate, precRate), num(f.K, precShape), num(f.VMR, precShape))
			for _, v := range f.Profile {
				row = append(row, num(v, precRate))
			}
		} else {
			// No fit: no sale before the hold-out.
			for range 3 + 7 {
				row = append(row, "")
			}
		}
		row = append(row, num(f.HoldoutActual, precUnits), num(f.HoldoutSimulated, precUnits),
			num(errorPct(f.HoldoutActual, f.HoldoutSimulated), precPercent))
		cw.Write(row)
	}
	cw.Flush()
	return cw.Error()
}

// errorPct is 100 x (sim - actual) / actual, NaN when actual is 0 or sim
// is not known.
func errorPct(actual, sim float64) float64 {
	if !(actual > 0) || math.IsNaN(sim) {
		return math.NaN()
	}
	return 100 * (sim - actual) / actual
}

func writeHoldoutCSV(w io.Writer, cal *model.Calibration) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"item_id", "series", "actual_units", "simulated_units", "error_pct", "actual_in_stock_pct"})
	for _, h := range cal.Holdout {
		cw.Write([]string{h.Item, strconv.Itoa(h.Series), num(h.Actual, precUnits),
			num(h.Simulated, precUnits), num(h.ErrorPct, precPercent), num(h.InStockPct, precPercent)})
	}
	cw.Flush()
	return cw.Error()
}

// CalibrationSummary prints what calibration found, in a few lines, for
// stdout.
func CalibrationSummary(w io.Writer, cal *model.Calibration) error {
	ew := &errWriter{w: w}
	var used, absent, censored, fitted, over int
	stores, items, cats := map[string]bool{}, map[string]bool{}, map[string]bool{}
	var rates []float64
	for _, f := range cal.Series {
		used += f.DaysUsed
		absent += f.DaysAbsent
		censored += f.DaysCensored
		stores[f.Store], items[f.Item], cats[f.Category] = true, true, true
		if f.DaysUsed > 0 && f.Rate > 0 {
			fitted++
			rates = append(rates, f.Rate)
			if f.K > 0 {
				over++
			}
		}
	}
	slices.Sort(rates)
	date := func(d int) string { return unixDay(d).Format(time.DateOnly) }
	fmt.Fprintf(ew, "Calibrated %s series (%s stores x %s items, %s) from %s rows of %s, %s to %s.\n",
		count(len(cal.Series)), count(len(stores)), count(len(items)), plural(len(cats), "category", "categories"),
		count64(cal.Rows), cal.Source, date(cal.First), date(cal.HoldoutStart-1))
	how := map[string]string{
		"stockout_hours": "days out of stock all day; part-days corrected by exposure",
		"in_stock":       "days flagged out of stock",
		"zero_runs":      "zero-sales runs with probability below 1%",
	}[cal.Censoring]
	fmt.Fprintf(ew, "Days: %s used, %s absent (not ranged), %s censored (%s).\n",
		count(used), count(absent), count(censored), how)
	if len(rates) > 0 {
		q := func(p float64) string {
			return strconv.FormatFloat(gstat.Quantile(p, gstat.Empirical, rates, nil), 'g', 3, 64)
		}
		fmt.Fprintf(ew, "Rates: median %s units a day (P10 %s, P90 %s); %d%% of %s fitted series over-dispersed.\n",
			q(0.5), q(0.1), q(0.9), int(math.Round(100*float64(over)/float64(fitted))), count(fitted))
	}
	if cal.Fractional {
		fmt.Fprintf(ew, "Units are not whole numbers: rates are in the file's units as given.\n")
	}
	if cal.Categories == "none" {
		fmt.Fprintf(ew, "The history has no category column: every item is in one category, all. Add a category column (or dept_id, second_category_id, ...) to give categories their own weekday profiles, dispersion and place in the core range.\n")
	}
	if n := len(cal.Holdout); n > 0 {
		all := cal.Holdout[n-1]
		fmt.Fprintf(ew, "Hold-out %s to %s (%s): actual %s units, simulated baseline %s, error %s%%.\n",
			date(cal.HoldoutStart), date(cal.Last), days(cal.Last-cal.HoldoutStart+1),
			thousands(num(all.Actual, 0)), thousands(num(all.Simulated, 0)), signed(all.ErrorPct))
		if !math.IsNaN(all.InStockPct) {
			fmt.Fprintf(ew, "The actual shelves were in stock %s%% of the held-back trading time; the simulated baseline's own stock-outs are the engine's.\n",
				fixed(all.InStockPct, 1))
		}
	} else if cal.HoldoutStart <= cal.Last {
		fmt.Fprintf(ew, "Hold-out %s to %s: not simulated.\n", date(cal.HoldoutStart), date(cal.Last))
	}
	return ew.err
}

func unixDay(d int) time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

func count(n int) string     { return thousands(strconv.Itoa(n)) }
func count64(n int64) string { return thousands(strconv.FormatInt(n, 10)) }

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return count(n) + " " + many
}

// signed formats a percentage with one decimal and its sign.
func signed(v float64) string {
	s := fixed(v, 1)
	if v > 0 {
		s = "+" + s
	}
	return s
}

// profilePoints adapts a weekday profile to plotter.XYer: x = 0 (Monday)
// to 6 (Sunday).
type profilePoints model.Weekday

func (p profilePoints) Len() int                { return 7 }
func (p profilePoints) XY(i int) (x, y float64) { return float64(i), p[i] }

// rateValues adapts the fitted series' rates to plotter.Valuer, as
// log10(units a day).
type rateValues []float64

func (r rateValues) Len() int            { return len(r) }
func (r rateValues) Value(i int) float64 { return math.Log10(r[i]) }

// fittedRates returns the rates of the series with a fit, in series order.
func fittedRates(cal *model.Calibration) rateValues {
	var r rateValues
	for _, f := range cal.Series {
		if f.DaysUsed > 0 && f.Rate > 0 {
			r = append(r, f.Rate)
		}
	}
	return r
}

// weekdayTicks labels x = 0..6 Mon..Sun.
type weekdayTicks struct{}

func (weekdayTicks) Ticks(lo, hi float64) []plot.Tick {
	names := [7]string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}
	ts := make([]plot.Tick, 7)
	for i := range ts {
		ts[i] = plot.Tick{Value: float64(i), Label: names[i]}
	}
	return ts
}

// logTicks labels a log10 axis at powers of ten in plain numbers.
type logTicks struct{}

func (logTicks) Ticks(lo, hi float64) []plot.Tick {
	var ts []plot.Tick
	for e := math.Floor(lo); e <= math.Ceil(hi); e++ {
		ts = append(ts, plot.Tick{Value: e, Label: strconv.FormatFloat(math.Pow(10, e), 'f', -1, 64)})
		for m := 2.0; m < 10; m++ {
			if v := e + math.Log10(m); v <= hi && v >= lo {
				ts = append(ts, plot.Tick{Value: v})
			}
		}
	}
	return ts
}

// calibrationChart draws calibration.png: two panels side by side, the
// weekday profile (observed over all series as points, fitted as a line)
// and a histogram of the series' rates on a log scale.
func calibrationChart(cal *model.Calibration, w io.Writer) (int64, error) {
	left := newPlot("Weekday profile, all series", "Weekday", "Demand relative to the weekly mean")
	left.X.Tick.Marker = weekdayTicks{}
	left.X.Min, left.X.Max = -0.5, 6.5
	lo, hi := 1.0, 1.0
	for i := range 7 {
		lo = min(lo, cal.Observed[i], cal.Fitted[i])
		hi = max(hi, cal.Observed[i], cal.Fitted[i])
	}
	// Head room for the legend above the data.
	left.Y.Min, left.Y.Max = lo-0.05, hi+0.35*(hi-lo+0.1)
	line, err := plotter.NewLine(profilePoints(cal.Fitted))
	if err != nil {
		return 0, fmt.Errorf("reports: fitted profile: %w", err)
	}
	line.Color = runColors[0]
	line.Width = vg.Points(1.5)
	pts, err := plotter.NewScatter(profilePoints(cal.Observed))
	if err != nil {
		return 0, fmt.Errorf("reports: observed profile: %w", err)
	}
	pts.Color = runColors[1]
	pts.Shape = draw.CircleGlyph{}
	pts.Radius = vg.Points(3)
	left.Add(line, pts)
	left.Legend.TextStyle.Font = sans(8, false)
	left.Legend.Top, left.Legend.Left = true, true
	left.Legend.Add("fitted (unit-weighted mean of series)", line)
	left.Legend.Add("observed (units per exposure day)", pts)

	rates := fittedRates(cal)
	right := newPlot("Spread of velocities", "Rate, units a day (log scale)", "Series")
	right.X.Tick.Marker = logTicks{}
	if len(rates) > 0 {
		bins := max(5, min(40, int(math.Sqrt(float64(len(rates))))))
		h, err := plotter.NewHist(rates, bins)
		if err != nil {
			return 0, fmt.Errorf("reports: rate histogram: %w", err)
		}
		h.FillColor = translucent(runColors[0], 0xb0)
		h.LineStyle.Color = color.White
		right.Add(h)
		// Whole decades, so that the axis always shows labelled powers of ten.
		lo, hi := math.Inf(1), math.Inf(-1)
		for i := range rates {
			lo, hi = min(lo, rates.Value(i)), max(hi, rates.Value(i))
		}
		right.X.Min, right.X.Max = math.Floor(lo), math.Max(math.Ceil(hi), math.Floor(lo)+1)
	}

	c := vgimg.NewWith(vgimg.UseWH(2*chartWidth, chartHeight), vgimg.UseDPI(chartDPI), vgimg.UseBackgroundColor(color.White))
	dc := draw.New(c)
	tiles := draw.Tiles{Rows: 1, Cols: 2, PadTop: vg.Centimeter / 5, PadBottom: vg.Centimeter / 5,
		PadLeft: vg.Centimeter / 5, PadRight: vg.Centimeter / 5, PadX: vg.Centimeter / 2}
	left.Draw(tiles.At(dc, 0, 0))
	right.Draw(tiles.At(dc, 1, 0))
	return vgimg.PngCanvas{Canvas: c}.WriteTo(w)
}
