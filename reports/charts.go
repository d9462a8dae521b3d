package reports

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"strconv"
	"time"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/shelfgap/shelfgap/model"
)

// Charts are sized for a report page: 16 cm x 10 cm at 150 dpi, that is
// 945 x 591 pixels. Legends and colour scales sit in a column to the right
// of the plot, outside the data.
const (
	chartWidth  = 16 * vg.Centimeter
	chartHeight = 10 * vg.Centimeter
	chartDPI    = 150
	sideWidth   = 3.5 * vg.Centimeter
)

// Colours. Runs are told apart by the Tableau 10 palette (without its
// yellow, which is faint on white); the baseline is near-black.
var (
	baselineColor = color.RGBA{0x33, 0x33, 0x33, 0xff}
	runColors     = []color.RGBA{
		{0x4e, 0x79, 0xa7, 0xff}, // blue
		{0xf2, 0x8e, 0x2b, 0xff}, // orange
		{0xe1, 0x57, 0x59, 0xff}, // red
		{0x76, 0xb7, 0xb2, 0xff}, // teal
		{0x59, 0xa1, 0x4f, 0xff}, // green
		{0xb0, 0x7a, 0xa1, 0xff}, // purple
		{0xff, 0x9d, 0xa7, 0xff}, // pink
		{0x9c, 0x75, 0x5f, 0xff}, // brown
	}
	gridColor = color.Gray{0xdd}
	refColor  = color.Gray{0x55}
)

// runColor is the colour of run i of the sweep (0: the baseline).
func runColor(i int) color.RGBA {
	if i == 0 {
		return baselineColor
	}
	return runColors[(i-1)%len(runColors)]
}

// translucent returns c with alpha a, premultiplied as color.RGBA requires.
func translucent(c color.RGBA, a uint8) color.RGBA {
	f := func(v uint8) uint8 { return uint8(uint16(v) * uint16(a) / 0xff) }
	return color.RGBA{f(c.R), f(c.G), f(c.B), a}
}

// runName labels run i in legends: "baseline" or "14 days".
func runName(res *model.Result, i int) string {
	if res.Recovery[i] == 0 {
		return "baseline"
	}
	return days(res.Recovery[i])
}

func sans(size vg.Length, bold bool) font.Font {
	f := font.Font{Typeface: "Liberation", Variant: "Sans", Size: size}
	if bold {
		f.Weight = xfont.WeightBold
	}
	return f
}

// newPlot returns a plot in the house style: sans-serif text, a light
// grid, the given title and axis labels.
func newPlot(title, x, y string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font = sans(11, true)
	p.Title.Padding = 0.3 * vg.Centimeter
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = sans(9, false)
		a.Tick.Label.Font = sans(8, false)
		a.Label.Padding = 0.1 * vg.Centimeter
	}
	p.X.Label.Text = x
	p.Y.Label.Text = y
	p.Y.Tick.Marker = plainTicks{}
	g := plotter.NewGrid()
	g.Horizontal.Color, g.Vertical.Color = gridColor, gridColor
	g.Horizontal.Width, g.Vertical.Width = 0.5, 0.5
	p.Add(g)
	return p
}

// newLegend returns a legend in the house style, for the side column.
func newLegend() *plot.Legend {
	l := plot.NewLegend()
	l.TextStyle.Font = sans(8, false)
	l.Top, l.Left = true, true
	l.ThumbnailWidth = 0.6 * vg.Centimeter
	l.Padding = 0.05 * vg.Centimeter
	return &l
}

// figure is one chart: a plot, and a legend or a side plot (a colour
// scale) in a column to its right, and a footer line that says what run
// the chart is of.
type figure struct {
	plot   *plot.Plot
	legend *plot.Legend
	side   *plot.Plot
	footer string
}

// footerHeight is the strip at the bottom that holds the footer.
const footerHeight = 0.35 * vg.Centimeter

// draw draws the figure on a canvas of the chart's size.
func (f *figure) draw(dc draw.Canvas) {
	dc.SetColor(color.White)
	dc.Fill(dc.Rectangle.Path())
	pad := 0.2 * vg.Centimeter
	dc = draw.Crop(dc, pad, -pad, pad, -pad)
	if f.footer != "" {
		sty := text.Style{Color: refColor, Font: sans(6, false), Handler: f.plot.TextHandler, XAlign: draw.XLeft, YAlign: draw.YBottom}
		dc.FillText(sty, vg.Point{X: dc.Min.X, Y: dc.Min.Y}, f.footer)
		dc = draw.Crop(dc, 0, 0, footerHeight, 0)
	}
	main := dc
	if f.legend != nil || f.side != nil {
		main = draw.Crop(dc, 0, -sideWidth, 0, 0)
		// The side column starts level with the top of the data area.
		top := f.plot.Title.TextStyle.Rectangle(f.plot.Title.Text).Size().Y + f.plot.Title.Padding
		side := draw.Crop(dc, dc.Max.X-dc.Min.X-sideWidth+0.3*vg.Centimeter, 0, 0, -top)
		if f.legend != nil {
			f.legend.Draw(side)
		}
		if f.side != nil {
			f.side.Draw(draw.Crop(side, 0, -1.2*vg.Centimeter, 1.0*vg.Centimeter, 0))
		}
	}
	f.plot.Draw(main)
}

// WriteTo renders the figure as PNG.
func (f *figure) WriteTo(w io.Writer) (int64, error) {
	c := vgimg.NewWith(vgimg.UseWH(chartWidth, chartHeight), vgimg.UseDPI(chartDPI), vgimg.UseBackgroundColor(color.White))
	f.draw(draw.New(c))
	return vgimg.PngCanvas{Canvas: c}.WriteTo(w)
}

// writeSVG renders the figure as SVG, for print.
func (f *figure) writeSVG(w io.Writer) (int64, error) {
	c := vgsvg.NewWith(vgsvg.UseWH(chartWidth, chartHeight), vgsvg.EmbedFonts(true))
	f.draw(draw.New(c))
	return c.WriteTo(w)
}

// dateTicks labels an axis of day indices with calendar dates ("2 Jan")
// every step days from day 0, with a minor tick on each day (each week if
// step is over 7 days).
type dateTicks struct {
	start time.Time
	step  int
}

// newDateTicks returns a ticker for days days from start: a label a week
// for up to 8 weeks, then every 2, 3... weeks, so that at most 8 or 9
// labels share the axis and none overlap.
func newDateTicks(start time.Time, days int) dateTicks {
	weeks := (days + 55) / 56
	return dateTicks{start: start, step: 7 * max(weeks, 1)}
}

// Ticks implements plot.Ticker.
func (t dateTicks) Ticks(lo, hi float64) []plot.Tick {
	var ts []plot.Tick
	minor := 1
	if t.step > 7 {
		minor = 7
	}
	for d := int(math.Ceil(lo)); d <= int(math.Floor(hi)); d++ {
		switch {
		case d%t.step == 0:
			ts = append(ts, plot.Tick{Value: float64(d), Label: t.start.AddDate(0, 0, d).Format("2 Jan")})
		case d%minor == 0:
			ts = append(ts, plot.Tick{Value: float64(d)})
		}
	}
	return ts
}

// plainTicks label an axis at three to seven round values (a step of 1, 2,
// 2.5 or 5 times a power of ten), with a minor tick half-way, in the
// shortest decimal form ("250", "2.5"), not a fixed precision ("250.00").
type plainTicks struct{}

// Ticks implements plot.Ticker.
func (plainTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) {
		return plot.DefaultTicks{}.Ticks(lo, hi)
	}
	step := niceStep((hi - lo) / 6)
	var ts []plot.Tick
	for i := math.Ceil(lo / step * 2); i <= math.Floor(hi/step*2); i++ {
		v, _ := strconv.ParseFloat(strconv.FormatFloat(i*step/2, 'g', 12, 64), 64) // 0.6, not 0.6000000000000001
		if math.Mod(i, 2) == 0 {
			ts = append(ts, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', -1, 64)})
		} else {
			ts = append(ts, plot.Tick{Value: v})
		}
	}
	return ts
}

// niceStep returns the smallest of 1, 2, 2.5, 5 and 10 times a power of
// ten that is at least x (x > 0).
func niceStep(x float64) float64 {
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range []float64{1, 2, 2.5, 5} {
		if m*p >= x*(1-1e-9) {
			return m * p
		}
	}
	return 10 * p
}

// pctTicks labels a percentage axis every step points, in whole numbers,
// with a minor tick half-way.
type pctTicks struct{ step float64 }

// newPctTicks returns a ticker for a percentage axis from lo to hi: a
// label every 5 points for up to 30 points, every 10 up to 60, else 20.
func newPctTicks(lo, hi float64) pctTicks {
	switch r := hi - lo; {
	case r <= 30:
		return pctTicks{5}
	case r <= 60:
		return pctTicks{10}
	}
	return pctTicks{20}
}

// Ticks implements plot.Ticker.
func (t pctTicks) Ticks(lo, hi float64) []plot.Tick {
	var ts []plot.Tick
	half := t.step / 2
	for v := math.Ceil(lo/half) * half; v <= hi; v += half {
		tk := plot.Tick{Value: v}
		if math.Mod(v, t.step) == 0 {
			tk.Label = strconv.FormatFloat(v, 'f', -1, 64)
		}
		ts = append(ts, tk)
	}
	return ts
}

// dateAxis sets p's X axis to show res's days as dates.
func dateAxis(p *plot.Plot, res *model.Result) {
	p.X.Tick.Marker = newDateTicks(res.Scenario.StartDate, res.Days)
	p.X.Min, p.X.Max = 0, float64(res.Days-1)
	first, last := res.Date(0).Year(), res.Date(res.Days-1).Year()
	p.X.Label.Text = "Date, " + strconv.Itoa(first)
	if last != first {
		p.X.Label.Text += "-" + strconv.Itoa(last)
	}
}

// bands is the daily band series of one quantity for one run and group:
// the adapter between a *model.Result and the plotters. Its line and area
// methods give plotter.XYers over it. Days whose band is not finite (NaN:
// no data) are left out, since the plotters refuse NaN; the line then
// joins the days either side.
type bands struct {
	x []float64    // day index
	b []model.Band // per day in x
}

// newBands returns the bands b[d] of days d = 0, 1, ..., without the
// days whose band is not finite.
func newBands(b []model.Band) bands {
	s := bands{x: make([]float64, 0, len(b)), b: b[:0:0]}
	for d, v := range b {
		if finite(v.P10) && finite(v.P50) && finite(v.P90) {
			s.x = append(s.x, float64(d))
			s.b = append(s.b, v)
		}
	}
	return s
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// dailyBands returns the bands of metric m for run and group, day by day.
func dailyBands(res *model.Result, run, group int, m model.Metric) bands {
	b := make([]model.Band, res.Days)
	for d := range b {
		b[d] = res.Band(run, group, m, d)
	}
	return newBands(b)
}

// cumulativeBands returns the bands of metric m summed from day 0: each
// replicate's running total first, then the band over replicates, so that
// the last day's band is the band of the horizon's total.
func cumulativeBands(res *model.Result, run, group int, m model.Metric) bands {
	sum := make([]float64, res.Replicates)
	b := make([]model.Band, res.Days)
	for d := range b {
		for rep, v := range res.Values(run, group, m, d) {
			sum[rep] += v
		}
		b[d] = model.NewBand(sum)
	}
	return newBands(b)
}

// scale divides every band by div (to plot £ in thousands or millions).
func (s bands) scale(div float64) bands {
	b := make([]model.Band, len(s.b))
	for i, v := range s.b {
		b[i] = model.Band{P10: v.P10 / div, P50: v.P50 / div, P90: v.P90 / div, Mean: v.Mean / div}
	}
	return bands{s.x, b}
}

// bandLine is the XYer of one quantile of bands against the day index.
type bandLine struct {
	bands
	q func(model.Band) float64
}

func (l bandLine) Len() int                { return len(l.b) }
func (l bandLine) XY(i int) (x, y float64) { return l.x[i], l.q(l.b[i]) }

func (s bands) p50() bandLine { return bandLine{s, func(b model.Band) float64 { return b.P50 }} }

// bandArea is the XYer of the polygon between P10 and P90: P90 from the
// first day to the last, then P10 back.
type bandArea struct{ bands }

func (a bandArea) Len() int { return 2 * len(a.b) }
func (a bandArea) XY(i int) (x, y float64) {
	n := len(a.b)
	if i < n {
		return a.x[i], a.b[i].P90
	}
	j := 2*n - 1 - i
	return a.x[j], a.b[j].P10
}

func (s bands) area() bandArea { return bandArea{s} }

// lo and hi are the lowest P10 and the highest P90.
func (s bands) lo() float64 {
	m := math.Inf(1)
	for _, b := range s.b {
		m = min(m, b.P10)
	}
	return m
}

func (s bands) hi() float64 {
	m := math.Inf(-1)
	for _, b := range s.b {
		m = max(m, b.P90)
	}
	return m
}

// addBand adds the P10-P90 area and the P50 line of s to p in colour c,
// and returns them for the legend.
func addBand(p *plot.Plot, s bands, c color.RGBA, name string) (*plotter.Polygon, *plotter.Line, error) {
	poly, err := plotter.NewPolygon(s.area())
	if err != nil {
		return nil, nil, fmt.Errorf("%s band: %w", name, err)
	}
	poly.Color = translucent(c, 0x38)
	poly.LineStyle.Width = 0
	line, err := plotter.NewLine(s.p50())
	if err != nil {
		return nil, nil, fmt.Errorf("%s line: %w", name, err)
	}
	line.Color = c
	line.Width = 1.5
	p.Add(poly)
	return poly, line, nil
}

// refLine is a reference line across the whole data area: horizontal at
// y = at, or vertical at x = at, optionally labelled along the line.
type refLine struct {
	vertical bool
	at       float64
	label    string
	style    draw.LineStyle
}

func newRefLine(vertical bool, at float64, label string) *refLine {
	return &refLine{vertical, at, label, draw.LineStyle{
		Color:  refColor,
		Width:  1,
		Dashes: []vg.Length{4, 3},
	}}
}

// Plot implements plot.Plotter.
func (l *refLine) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	sty := text.Style{Color: refColor, Font: sans(7, false), Handler: p.TextHandler}
	if l.vertical {
		x := trX(l.at)
		c.StrokeLine2(l.style, x, c.Min.Y, x, c.Max.Y)
		if l.label != "" {
			// Read upwards, just right of the line, from the bottom.
			sty.Rotation = math.Pi / 2
			sty.XAlign, sty.YAlign = draw.XLeft, draw.YTop
			c.FillText(sty, vg.Point{X: x + 2, Y: c.Min.Y + 3}, l.label)
		}
		return
	}
	y := trY(l.at)
	c.StrokeLine2(l.style, c.Min.X, y, c.Max.X, y)
	if l.label != "" {
		sty.XAlign, sty.YAlign = draw.XRight, draw.YBottom
		c.FillText(sty, vg.Point{X: c.Max.X - 2, Y: y + 1}, l.label)
	}
}

// Thumbnail implements plot.Thumbnailer.
func (l *refLine) Thumbnail(c *draw.Canvas) {
	if l.vertical {
		x := c.Center().X
		sty := l.style
		sty.Dashes = []vg.Length{2, 1.5} // a few dashes fit in the short thumbnail
		c.StrokeLine2(sty, x, c.Min.Y-2, x, c.Max.Y+2)
		return
	}
	y := c.Center().Y
	c.StrokeLine2(l.style, c.Min.X, y, c.Max.X, y)
}

// outageLine marks the day the outage starts.
func outageLine(res *model.Result) *refLine {
	d := res.Scenario.Outage.StartDay
	return newRefLine(true, float64(d), "outage starts "+res.Date(d).Format("2 Jan"))
}

// moneyScale returns the divisor and axis unit for sums of money up to
// hi, in the currency of symbol sym.
func moneyScale(sym string, hi float64) (float64, string) {
	switch {
	case hi >= 1e6:
		return 1e6, sym + " million"
	case hi >= 1e3:
		return 1e3, sym + " thousand"
	}
	return 1, sym
}

// availabilityChart: estate availability over time, one P50 line with its
// P10-P90 band per run, the threshold and the outage start.
func availabilityChart(res *model.Result) (*figure, error) {
	p := newPlot("Estate on-shelf availability (line P50, band P10-P90)", "", "On-shelf availability, %")
	dateAxis(p, res)
	leg := newLegend()
	leg.Add("Recovery time")
	lo := res.Scenario.Threshold
	var lines []*plotter.Line
	for run := range res.Recovery {
		s := dailyBands(res, run, 0, model.Availability)
		poly, line, err := addBand(p, s, runColor(run), runName(res, run))
		if err != nil {
			return nil, err
		}
		lines = append(lines, line)
		leg.Add(runName(res, run), poly, line)
		lo = min(lo, s.lo())
	}
	for _, l := range lines {
		p.Add(l) // lines over every band
	}
	scoped := scopeGroups(res)
	for i, g := range scoped {
		var first *plotter.Line
		for run := range res.Recovery {
			sb := dailyBands(res, run, g, model.Availability)
			if len(sb.b) == 0 {
				continue
			}
			line, err := plotter.NewLine(sb.p50())
			if err != nil {
				return nil, fmt.Errorf("%s %s line: %w", res.Groups[g].Name, runName(res, run), err)
			}
			line.Color, line.Width = runColor(run), 1
			line.Dashes = scopeDashes[i%len(scopeDashes)]
			p.Add(line)
			lo = min(lo, sb.lo())
			if first == nil {
				first = line
			}
		}
		if first != nil {
			if i == 0 {
				leg.Add("")
				leg.Add("In scope (P50):")
			}
			thumb := *first
			thumb.Color = refColor
			leg.Add(res.Groups[g].Name, &thumb)
		}
	}
	if len(scoped) > 0 {
		p.Title.Text = "Availability: estate (solid, band P10-P90) and scope (dashed)"
	}
	thr := newRefLine(false, res.Scenario.Threshold, "")
	out := outageLine(res)
	p.Add(thr, out)
	leg.Add("")
	leg.Add(fixed(res.Scenario.Threshold, 0)+"% threshold", thr)
	leg.Add("outage starts", out)
	p.Y.Min, p.Y.Max = math.Floor(lo/5)*5-1, 100
	p.Y.Tick.Marker = newPctTicks(p.Y.Min, p.Y.Max)
	return &figure{plot: p, legend: leg}, nil
}

// scopeDashes tell the scope's groups apart in the availability chart.
var scopeDashes = [][]vg.Length{{5, 2}, {1.5, 1.5}, {6, 2, 1.5, 2}}

// maxScopeLines is the most groups of an outage's scope that the
// availability chart draws beside the estate.
const maxScopeLines = 3

// scopeGroups returns the groups named by the outage's scope (its regions,
// DCs, formats, then categories) that res reports, at most maxScopeLines;
// none when the outage takes down the whole estate.
func scopeGroups(res *model.Result) []int {
	sc := res.Scenario.Outage.Scope
	var gs []int
	for _, l := range []struct {
		kind  model.GroupKind
		names []string
	}{{model.RegionGroup, sc.Regions}, {model.DCGroup, sc.DCs}, {model.FormatGroup, sc.Formats}, {model.CategoryGroup, sc.Categories}} {
		for _, n := range l.names {
			if g := res.Group(l.kind, n); g >= 0 && len(gs) < maxScopeLines {
				gs = append(gs, g)
			}
		}
	}
	return gs
}

// cumulativeChart: cumulative lost sales over time per recovery time.
func cumulativeChart(res *model.Result) (*figure, error) {
	series := make([]bands, len(res.Recovery))
	hi := 0.0
	for run := 1; run < len(res.Recovery); run++ {
		series[run] = cumulativeBands(res, run, 0, model.LostSales)
		hi = max(hi, series[run].hi())
	}
	div, unit := moneyScale(symbol(res), hi)
	p := newPlot("Cumulative lost sales vs baseline (line P50, band P10-P90)", "", "Lost sales, "+unit)
	dateAxis(p, res)
	leg := newLegend()
	leg.Add("Recovery time")
	var lines []*plotter.Line
	for run := 1; run < len(res.Recovery); run++ {
		poly, line, err := addBand(p, series[run].scale(div), runColor(run), runName(res, run))
		if err != nil {
			return nil, err
		}
		lines = append(lines, line)
		leg.Add(runName(res, run), poly, line)
	}
	for _, l := range lines {
		p.Add(l)
	}
	out := outageLine(res)
	p.Add(out)
	leg.Add("")
	leg.Add("outage starts", out)
	p.Y.Min = 0
	return &figure{plot: p, legend: leg}, nil
}

// costPoints is the XYer and YErrorer of a whole-horizon total (lost
// sales or margin) against recovery time: P50 with P10-P90 error bars.
type costPoints struct {
	x []float64
	b []model.Band
}

func (c costPoints) Len() int                { return len(c.x) }
func (c costPoints) XY(i int) (x, y float64) { return c.x[i], c.b[i].P50 }
func (c costPoints) YError(i int) (lo, hi float64) {
	return c.b[i].P50 - c.b[i].P10, c.b[i].P90 - c.b[i].P50
}

// Label implements plotter.XYLabeller's Label: the cost of each extra day
// of recovery up to this run (P50), blank for the baseline.
type costLabels struct {
	costPoints
	extra []model.Band
	sym   string
}

func (c costLabels) Label(i int) string {
	if c.x[i] == 0 {
		return ""
	}
	return "+" + compactMoney(c.sym, c.extra[i].P50) + "/day"
}

// compactMoney formats money for a chart label to 3 significant digits
// in thousands or millions, after the symbol sym: "£812", "£8.96k",
// "£89.6k", "£4.67m".
func compactMoney(sym string, v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "-"
	}
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	suffix := ""
	switch {
	case v >= 999.5e3:
		v, suffix = v/1e6, "m"
	case v >= 999.5:
		v, suffix = v/1e3, "k"
	default:
		return sign + sym + num(v, 0)
	}
	prec := 0
	switch {
	case v < 9.995:
		prec = 2
	case v < 99.95:
		prec = 1
	}
	return sign + sym + num(v, prec) + suffix
}

// recoveryCostPoints returns the totals of lost sales and lost margin per
// run, in £ divided by div, and the extra-day cost band of each sales
// point. Runs whose band is not finite are left out of that series.
func recoveryCostPoints(res *model.Result, div float64) (sales, margin costPoints, extra []model.Band) {
	sc := func(b model.Band) model.Band {
		return model.Band{P10: b.P10 / div, P50: b.P50 / div, P90: b.P90 / div, Mean: b.Mean / div}
	}
	ok := func(b model.Band) bool { return finite(b.P10) && finite(b.P50) && finite(b.P90) }
	for run, rec := range res.Recovery {
		s := res.Summary(run, 0)
		if run == 0 {
			// The baseline loses nothing against itself: the curve starts at 0.
			s.LostSales, s.LostMargin = model.Band{}, model.Band{}
		}
		if ok(s.LostSales) {
			sales.x = append(sales.x, float64(rec))
			sales.b = append(sales.b, sc(s.LostSales))
			extra = append(extra, s.ExtraDayCost)
		}
		if ok(s.LostMargin) {
			margin.x = append(margin.x, float64(rec))
			margin.b = append(margin.b, sc(s.LostMargin))
		}
	}
	return sales, margin, extra
}

// recoveryCostChart: total lost sales and lost margin against recovery
// time, with P10-P90 error bars, each point labelled with the cost of each
// extra day up to it.
func recoveryCostChart(res *model.Result) (*figure, error) {
	hi := 0.0
	for run := 1; run < len(res.Recovery); run++ {
		if v := res.Summary(run, 0).LostSales.P90; finite(v) {
			hi = max(hi, v)
		}
	}
	div, unit := moneyScale(symbol(res), hi)
	sales, margin, extra := recoveryCostPoints(res, div)
	p := newPlot(fmt.Sprintf("Cost of recovery time over %d days (P50, bars P10-P90)", res.Days),
		"Recovery time, days (0 = no outage)", "Lost vs baseline, "+unit)
	leg := newLegend()
	for i, s := range []struct {
		name string
		pts  costPoints
		c    color.RGBA
	}{{"lost sales", sales, runColors[2]}, {"lost margin", margin, runColors[0]}} {
		line, dots, err := plotter.NewLinePoints(s.pts)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", s.name, err)
		}
		line.Color, line.Width = s.c, 1.5
		dots.Color, dots.Shape, dots.Radius = s.c, draw.CircleGlyph{}, 3
		bars, err := plotter.NewYErrorBars(s.pts)
		if err != nil {
			return nil, fmt.Errorf("%s error bars: %w", s.name, err)
		}
		bars.Color, bars.Width, bars.CapWidth = s.c, 1, 6
		p.Add(line, bars, dots)
		leg.Add(s.name, line, dots)
		if i == 0 {
			labels, err := plotter.NewLabels(costLabels{s.pts, extra, symbol(res)})
			if err != nil {
				return nil, fmt.Errorf("%s labels: %w", s.name, err)
			}
			for j := range labels.TextStyle {
				labels.TextStyle[j].Font = sans(7, false)
				labels.TextStyle[j].Color = refColor
				labels.TextStyle[j].XAlign = draw.XRight
			}
			labels.Offset = vg.Point{X: -5, Y: 3}
			p.Add(labels)
		}
	}
	leg.Add("")
	leg.Add("labels: lost sales")
	leg.Add("per extra day (P50)")
	ticks := make([]plot.Tick, len(res.Recovery))
	for i, r := range res.Recovery {
		ticks[i] = plot.Tick{Value: float64(r), Label: strconv.Itoa(r)}
	}
	p.X.Tick.Marker = plot.ConstantTicks(ticks)
	p.X.Min = -1
	p.X.Max = float64(res.Recovery[len(res.Recovery)-1]) + 1
	p.Y.Min = 0
	return &figure{plot: p, legend: leg}, nil
}

// heatRun is the run shown by the category heatmap: 14 days if the sweep
// has it (the Co-op's recovery time in 2025 [ref]), else the longest.
func heatRun(res *model.Result) int {
	for i, r := range res.Recovery {
		if r == 14 {
			return i
		}
	}
	return len(res.Recovery) - 1
}

// heatGrid is the GridXYZ of P50 availability by day (columns) and
// category (rows) for one run.
type heatGrid struct {
	days   int
	groups []int // category group indices, row by row
	z      []float64
}

func newHeatGrid(res *model.Result, run int) heatGrid {
	gs := groupsOf(res, model.CategoryGroup)
	g := heatGrid{days: res.Days, groups: gs, z: make([]float64, res.Days*len(gs))}
	for r, grp := range gs {
		for d := range res.Days {
			g.z[r*res.Days+d] = res.Band(run, grp, model.Availability, d).P50
		}
	}
	return g
}

func (g heatGrid) Dims() (c, r int)   { return g.days, len(g.groups) }
func (g heatGrid) Z(c, r int) float64 { return g.z[r*g.days+c] }
func (g heatGrid) X(c int) float64    { return float64(c) }
func (g heatGrid) Y(r int) float64    { return float64(r) }

// zRange is the colour scale's range: from the lowest value, rounded down
// to 10 points, to 100%.
func (g heatGrid) zRange() (lo, hi float64) {
	lo = 100
	for _, z := range g.z {
		if !math.IsNaN(z) {
			lo = min(lo, z)
		}
	}
	lo = math.Floor(lo/10) * 10
	if lo >= 100 {
		lo = 90
	}
	return max(lo, 0), 100
}

// heatmapChart: P50 availability of each category by day for one run.
func heatmapChart(res *model.Result) (*figure, error) {
	run := heatRun(res)
	g := newHeatGrid(res, run)
	if len(g.groups) == 0 {
		return nil, nil
	}
	lo, hi := g.zRange()
	rev, err := sequential(lo, hi)
	if err != nil {
		return nil, err
	}
	p := newPlot(fmt.Sprintf("Availability by category, P50, recovery %s", days(res.Recovery[run])), "", "")
	hm := plotter.NewHeatMap(g, rev.Palette(256))
	hm.Min, hm.Max = lo, hi
	hm.NaN = color.Gray{0xf0}
	hm.Rasterized = true // no seams between cells
	p.Add(hm)
	names := make([]string, len(g.groups))
	for i, grp := range g.groups {
		names[i] = res.Groups[grp].Name
	}
	p.NominalY(names...)
	dateAxis(p, res)
	start := res.Scenario.Outage.StartDay
	p.X.Label.Text += fmt.Sprintf(" (dashed: outage starts %s, ordering resumes %s)",
		res.Date(start).Format("2 Jan"), res.Date(start+res.Recovery[run]).Format("2 Jan"))
	p.X.Min, p.X.Max = -0.5, float64(res.Days)-0.5
	p.Y.Min, p.Y.Max = -0.5, float64(len(names))-0.5
	p.Add(newRefLine(true, float64(start)-0.5, ""), newRefLine(true, float64(start+res.Recovery[run])-0.5, ""))

	side := plot.New()
	bar := &plotter.ColorBar{ColorMap: rev, Vertical: true}
	side.Add(bar)
	side.HideX()
	side.Y.Padding = 0
	side.Y.Label.Text = "Availability, %"
	side.Y.Label.TextStyle.Font = sans(8, false)
	side.Y.Tick.Label.Font = sans(7, false)
	side.Y.Tick.Marker = newPctTicks(lo, hi)
	side.Title.Text = ""
	side.X.Min, side.X.Max = 0, 1
	// The baseline's level on the scale: its P50 availability of the
	// estate, averaged over the days.
	base := 0.0
	for d := range res.Days {
		base += res.Band(0, 0, model.Availability, d).P50
	}
	base /= float64(res.Days)
	if finite(base) && base >= lo && base <= hi {
		mark := newRefLine(false, base, "")
		mark.style = draw.LineStyle{Color: color.Black, Width: 1.5}
		side.Add(mark, &sideLabel{at: base, text: "baseline " + fixed(base, 1) + "%"})
	}
	return &figure{plot: p, side: side}, nil
}

// sequential returns the heatmap's colour scale from lo to hi: a
// sequential scale (dark purple for low availability through orange to
// pale yellow for high), whose lightness rises steadily with the value,
// so that darker is always worse and no middle value looks special.
func sequential(lo, hi float64) (palette.ColorMap, error) {
	cm, err := moreland.NewLuminance([]color.Color{
		color.NRGBA{0x3b, 0x0f, 0x70, 0xff},
		color.NRGBA{0xb7, 0x37, 0x79, 0xff},
		color.NRGBA{0xfc, 0x89, 0x61, 0xff},
		color.NRGBA{0xfc, 0xfd, 0xbf, 0xff},
	})
	if err != nil {
		return nil, fmt.Errorf("colour scale: %w", err)
	}
	cm.SetMin(lo)
	cm.SetMax(hi)
	return cm, nil
}

// sideLabel writes text on the colour bar just below value at, right
// aligned, clear of the scale's tick labels on the left.
type sideLabel struct {
	at   float64
	text string
}

// Plot implements plot.Plotter.
func (l *sideLabel) Plot(c draw.Canvas, p *plot.Plot) {
	_, trY := p.Transforms(&c)
	sty := text.Style{Color: color.Black, Font: sans(6, false), Handler: p.TextHandler,
		XAlign: draw.XRight, YAlign: draw.YTop}
	c.FillText(sty, vg.Point{X: c.Max.X, Y: trY(l.at) - 1}, l.text)
}

// regionDots is the XYer and XErrorer of one run's lowest availability
// (P50, P10-P90) by region: x is the availability, y the region's row
// offset by the run's place in the sweep so that dots do not overlap.
type regionDots struct {
	x []model.Band
	y []float64
}

func (d regionDots) Len() int                { return len(d.x) }
func (d regionDots) XY(i int) (x, y float64) { return d.x[i].P50, d.y[i] }
func (d regionDots) XError(i int) (lo, hi float64) {
	return d.x[i].P50 - d.x[i].P10, d.x[i].P90 - d.x[i].P50
}

// newRegionDots returns run's dots for the regions (rows 0, 1, ...) whose
// band is finite; spread is the vertical gap between runs.
func newRegionDots(res *model.Result, run int, spread float64) regionDots {
	gs := groupsOf(res, model.RegionGroup)
	off := (float64(len(res.Recovery)-1)/2 - float64(run)) * spread // the baseline on top, as in the legend
	var d regionDots
	for r, g := range gs {
		b := res.Summary(run, g).MinAvailability
		if math.IsNaN(b.P10+b.P50+b.P90) || math.IsInf(b.P10+b.P50+b.P90, 0) {
			continue
		}
		d.x = append(d.x, b)
		d.y = append(d.y, float64(len(gs)-1-r)+off) // first region on top
	}
	return d
}

// regionsChart: each region's lowest daily availability for each run.
func regionsChart(res *model.Result) (*figure, error) {
	gs := groupsOf(res, model.RegionGroup)
	if len(gs) == 0 {
		return nil, nil
	}
	p := newPlot("Lowest availability by region (P50, bars P10-P90)", "Lowest daily availability, %", "")
	leg := newLegend()
	leg.Add("Recovery time")
	spread := 0.7 / float64(max(len(res.Recovery)-1, 1))
	lo := res.Scenario.Threshold
	for run := range res.Recovery {
		d := newRegionDots(res, run, spread)
		if d.Len() == 0 {
			continue
		}
		dots, err := plotter.NewScatter(d)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", runName(res, run), err)
		}
		c := runColor(run)
		dots.Color, dots.Shape, dots.Radius = c, draw.CircleGlyph{}, 2.5
		bars, err := plotter.NewXErrorBars(d)
		if err != nil {
			return nil, fmt.Errorf("%s error bars: %w", runName(res, run), err)
		}
		bars.Color, bars.Width, bars.CapWidth = c, 1, 4
		p.Add(bars, dots)
		leg.Add(runName(res, run), dots)
		for _, b := range d.x {
			lo = min(lo, b.P10)
		}
	}
	names := make([]string, len(gs))
	for r, g := range gs {
		names[len(gs)-1-r] = res.Groups[g].Name
	}
	p.NominalY(names...)
	p.Y.Min, p.Y.Max = -0.5, float64(len(gs))-0.5
	p.X.Min, p.X.Max = math.Floor(lo/5)*5, 100
	p.X.Tick.Marker = newPctTicks(p.X.Min, p.X.Max)
	thr := newRefLine(true, res.Scenario.Threshold, "")
	p.Add(thr)
	leg.Add("")
	leg.Add(fixed(res.Scenario.Threshold, 0)+"% threshold", thr)
	return &figure{plot: p, legend: leg}, nil
}

// charts lists the PNG files and the functions that draw them. A function
// may return a nil figure when the Result has nothing to show (no
// categories, no regions); no file is written then.
var charts = []struct {
	name string
	draw func(*model.Result) (*figure, error)
}{
	{"availability.png", availabilityChart},
	{"cumulative_lost_sales.png", cumulativeChart},
	{"recovery_cost.png", recoveryCostChart},
	{"category_heatmap.png", heatmapChart},
	{"regions.png", regionsChart},
	{"exceedance.png", exceedanceChart},
	{"tornado.png", tornadoChart},
}
