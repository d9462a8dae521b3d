package reports

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg/draw"

	"github.com/shelfgap/shelfgap/model"
)

// exceedPoints is the XYer of one run's empirical exceedance curve: the
// replicates' lost sales in increasing order against the percentage of
// replicates that reach or exceed each (100% for the smallest, 100/n for
// the largest).
type exceedPoints struct {
	x []float64 // sorted lost sales, divided by the chart's scale
	n int
}

func (e exceedPoints) Len() int { return len(e.x) }
func (e exceedPoints) XY(i int) (x, y float64) {
	at := 0
	for _, v := range e.x {
		if v >= e.x[i] {
			at++
		}
	}
	return e.x[i], 100 * float64(at) / float64(e.n)
}

func newExceedPoints(xs []float64, div float64) exceedPoints {
	s := make([]float64, 0, len(xs))
	for _, x := range xs {
		if finite(x) {
			s = append(s, x/div)
		}
	}
	slices.Sort(s)
	return exceedPoints{x: s, n: len(xs)}
}

// exceedanceChart: for each recovery time, the share of replicates whose
// lost sales reach or exceed each amount, a step per replicate, with the
// 50%, 10% and 1% levels dashed.
func exceedanceChart(res *model.Result) (*figure, error) {
	if len(res.Recovery) < 2 {
		return nil, nil
	}
	hi := 0.0
	series := make([][]float64, len(res.Recovery))
	for run := 1; run < len(res.Recovery); run++ {
		series[run] = lostSales(res, run, 0)
		for _, v := range series[run] {
			if finite(v) {
				hi = max(hi, v)
			}
		}
	}
	div, unit := moneyScale(symbol(res), hi)
	p := newPlot(fmt.Sprintf("Lost sales exceeded, over %d replicates", res.Replicates),
		"Lost sales vs baseline over the horizon, "+unit, "Replicates at or above, %")
	leg := newLegend()
	leg.Add("Recovery time")
	for run := 1; run < len(res.Recovery); run++ {
		pts := newExceedPoints(series[run], div)
		if pts.Len() == 0 {
			continue
		}
		line, dots, err := plotter.NewLinePoints(pts)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", runName(res, run), err)
		}
		c := runColor(run)
		line.Color, line.Width, line.StepStyle = c, 1.5, plotter.PostStep
		dots.Color, dots.Shape, dots.Radius = c, draw.CircleGlyph{}, 2
		p.Add(line, dots)
		leg.Add(runName(res, run), line, dots)
	}
	leg.Add("")
	for _, pct := range []float64{50, 10, 1} {
		if pct/100*float64(res.Replicates) >= 1 {
			p.Add(newRefLine(false, pct, strconv.FormatFloat(pct, 'f', -1, 64)+"%"))
		}
	}
	leg.Add("one point per")
	leg.Add("replicate; dashed:")
	leg.Add("levels the")
	leg.Add("replicates support")
	p.Y.Min, p.Y.Max = 0, 100
	p.Y.Tick.Marker = pctTicks{20}
	p.X.Tick.Marker = plainTicks{}
	p.X.Min = 0
	return &figure{plot: p, legend: leg}, nil
}

// tornadoChart: for the sensitivity's recovery time, each uncertain
// parameter's bar from the lost sales a straight-line fit over the
// replicates gives at the low end of its range to those at the high end,
// largest first, about the mean lost sales.
func tornadoChart(res *model.Result) (*figure, error) {
	run := sensitivityRun(res)
	if run == 0 {
		return nil, nil
	}
	ss, mean := sensitivities(res, run)
	var shown []Sensitivity
	hi := math.Abs(mean)
	for _, s := range ss {
		if finite(s.Swing()) {
			shown = append(shown, s)
			hi = max(hi, math.Abs(s.AtLow), math.Abs(s.AtHigh))
		}
	}
	if len(shown) == 0 {
		return nil, nil
	}
	div, unit := moneyScale(symbol(res), hi)
	p := newPlot(fmt.Sprintf("What drives lost sales, recovery %s (%d replicates)", days(res.Recovery[run]), res.Replicates),
		"Lost sales, "+unit+" (straight-line fit at each range's ends)", "")
	leg := newLegend()
	up, down := runColors[2], runColors[0]
	names := make([]string, len(shown))
	lo, top := mean/div, mean/div
	for i, s := range shown {
		y := float64(len(shown) - 1 - i) // largest on top
		names[len(shown)-1-i] = s.Param + " (rho " + fixed(s.Rho, 2) + ")"
		a, b := s.AtLow/div, s.AtHigh/div
		c := down
		if b > a {
			c = up
		}
		bar, err := plotter.NewPolygon(plotter.XYs{{X: a, Y: y - 0.3}, {X: b, Y: y - 0.3}, {X: b, Y: y + 0.3}, {X: a, Y: y + 0.3}})
		if err != nil {
			return nil, fmt.Errorf("%s bar: %w", s.Param, err)
		}
		bar.Color = c
		bar.LineStyle.Width = 0
		p.Add(bar)
		lo, top = min(lo, a, b), max(top, a, b)
	}
	p.NominalY(names...)
	p.Y.Min, p.Y.Max = -0.5, float64(len(shown))-0.5
	pad := (top - lo) * 0.08
	if pad == 0 {
		pad = 1
	}
	p.X.Min, p.X.Max = lo-pad, top+pad
	m := newRefLine(true, mean/div, "")
	p.Add(m)
	swatch := func(c color.RGBA) plot.Thumbnailer {
		poly, _ := plotter.NewPolygon(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 0}, {X: 1, Y: 1}})
		poly.Color, poly.LineStyle.Width = c, 0
		return poly
	}
	leg.Add("high end of range", swatch(up))
	leg.Add("  raises the loss")
	leg.Add("high end of range", swatch(down))
	leg.Add("  lowers the loss")
	leg.Add("mean lost sales", m)
	leg.Add("")
	leg.Add("rho: rank")
	leg.Add("correlation; noise")
	leg.Add(fmt.Sprintf("level (95%%) %s", fixed(1.96/math.Sqrt(float64(max(res.Replicates-1, 1))), 2)))
	p.Y.Tick.Label.Font = sans(7, false)
	p.X.Tick.Marker = plainTicks{}
	return &figure{plot: p, legend: leg}, nil
}
