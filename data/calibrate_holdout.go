package data

import (
	"fmt"
	"math"

	"github.com/go-gota/gota/dataframe"
	gseries "github.com/go-gota/gota/series"

	"github.com/shelfgap/shelfgap/model"
)

// HoldoutScenario returns the scenario that simulates the baseline over the
// hold-out period of cal: sc (model.DefaultScenario() or the user's) with
// StartDate the first held-back date, Days the hold-out days, no recovery
// times (so only the baseline runs), 14 warm-up days (two weeks for shelves
// and orders to reach their steady state from the engine's initial stock)
// and the given replicates.
func HoldoutScenario(cal *model.Calibration, sc model.Scenario, replicates int) model.Scenario {
	sc.StartDate = unixDate(cal.HoldoutStart)
	sc.Days = cal.Last - cal.HoldoutStart + 1
	sc.Recovery = nil
	sc.WarmupDays = 14
	sc.Replicates = replicates
	sc.Outage.StartDay = 0
	sc.Sample = 0
	return sc
}

// CompareHoldout fills the hold-out comparison of cal from the simulated
// baseline's units sold per cell over the hold-out days (mean over
// replicates, indexed by Fit.Cell: see LinkCells), days long. A series
// ranged on only some of the held-back days is compared with its simulated
// sales scaled by the share of days it was ranged. Series without a cell
// (no fit) or without a simulated figure (NaN: a cell the engine did not
// simulate) are left out of the comparison. The rows are per item, sorted by
// item ID, then the total ("all").
func CompareHoldout(cal *model.Calibration, cellSales []float64, days int) error {
	var items []string
	var actual, simulated, expo, hdays []float64
	var totA, totS, totE, totD float64
	n := 0
	for i := range cal.Series {
		f := &cal.Series[i]
		if f.Cell < 0 || f.Cell >= len(cellSales) || math.IsNaN(cellSales[f.Cell]) || days <= 0 {
			f.HoldoutSimulated = math.NaN()
			continue
		}
		f.HoldoutSimulated = cellSales[f.Cell] * float64(f.HoldoutDays) / float64(days)
		items = append(items, f.Item)
		actual = append(actual, f.HoldoutActual)
		simulated = append(simulated, f.HoldoutSimulated)
		expo = append(expo, f.HoldoutExposure)
		hdays = append(hdays, float64(f.HoldoutDays))
		totA += f.HoldoutActual
		totS += f.HoldoutSimulated
		totE += f.HoldoutExposure
		totD += float64(f.HoldoutDays)
		n++
	}
	cal.Holdout = nil
	if n == 0 {
		return nil
	}
	// Group the validated per-series figures by item: a relational step,
	// so gota's data frames do it, at the boundary and after validation.
	// GroupBy keys a map, so the result is sorted by item for determinism;
	// within an item the sums follow the input order.
	df := dataframe.New(
		gseries.New(items, gseries.String, "item"),
		gseries.New(actual, gseries.Float, "actual"),
		gseries.New(simulated, gseries.Float, "simulated"),
		gseries.New(expo, gseries.Float, "exposure"),
		gseries.New(hdays, gseries.Float, "days"),
	)
	groups := df.GroupBy("item")
	if groups.Err != nil {
		return fmt.Errorf("data: hold-out by item: %w", groups.Err)
	}
	sum, count := dataframe.Aggregation_SUM, dataframe.Aggregation_COUNT
	agg := groups.Aggregation(
		[]dataframe.AggregationType{sum, sum, sum, sum, count},
		[]string{"actual", "simulated", "exposure", "days", "actual"},
	).Arrange(dataframe.Sort("item"))
	if agg.Err != nil {
		return fmt.Errorf("data: hold-out by item: %w", agg.Err)
	}
	it := agg.Col("item").Records()
	a, sm := agg.Col("actual_SUM").Float(), agg.Col("simulated_SUM").Float()
	e, d := agg.Col("exposure_SUM").Float(), agg.Col("days_SUM").Float()
	c := agg.Col("actual_COUNT").Float()
	for i := range it {
		cal.Holdout = append(cal.Holdout, holdoutRow(cal, it[i], int(c[i]), a[i], sm[i], e[i], d[i]))
	}
	cal.Holdout = append(cal.Holdout, holdoutRow(cal, "all", n, totA, totS, totE, totD))
	return nil
}

func holdoutRow(cal *model.Calibration, item string, n int, actual, sim, expo, days float64) model.HoldoutRow {
	e, in := math.NaN(), math.NaN()
	if actual > 0 {
		e = 100 * (sim - actual) / actual
	}
	if cal.Censoring != "zero_runs" && days > 0 {
		in = 100 * expo / days
	}
	return model.HoldoutRow{Item: item, Series: n, Actual: actual, Simulated: sim, ErrorPct: e, InStockPct: in}
}
