package data

import (
	"errors"
	"fmt"
	"math"
	"strconv"

	"github.com/shelfgap/shelfgap/model"
)

// Plausible ranges of the input columns. They are not estimates of any
// estate: each is far beyond the largest real value we know of, and is
// there so that a typo (a value in pence, an extra three zeros) or a
// corrupted file is refused with its position before it can overflow a
// total or make a run that never ends. Within them the model's arithmetic
// is exact enough and bounded: TestMaxRanges runs an estate with every
// column at its maximum. The README and README.txt of an inputs directory
// list them.
const (
	// MaxWeeklySales is the largest weekly_sales_gbp, £ a week: 1e7, about
	// three times the largest UK hypermarket's (about £3 million a week).
	MaxWeeklySales = 1e7
	// MaxSKURate is the largest skus.csv rate_units_per_day, in the
	// reference store (£60,000 a week): 1,000 units a day, when the whole
	// store sells about £8,600 a day. A store's rate of a SKU (the rate x
	// weekly_sales_gbp / 60,000) must also be at most MaxCellRate.
	MaxSKURate = 1000
	// MaxCellRate is the largest rate of one SKU in one store (ranges.csv
	// rate_units_per_day, or a derived one): 2,000 units a day. The
	// model keeps a cell's deliveries, cohorts and returns in 16 bits
	// (model.MaxCellStock, 32,767 units); at this rate a week's push
	// allocation at MaxPushFactor fits (model TestLargeValues).
	MaxCellRate = 2000
	// MaxPrice is the largest price_gbp, £ a unit: 10,000.
	MaxPrice = 10000
	// MaxShelfCap is the largest shelf_capacity_units: 30,000 units of one
	// line in one store. Times the largest shelf_scale of the formats it
	// must also be at most MaxShelfUnits.
	MaxShelfCap = 30000
	// MaxShelfUnits is the largest shelf a store can have for one line
	// (shelf_capacity_units x shelf_scale): 30,000 units, so that an order
	// up to it, rounded up to whole cases, fits the model's 16-bit
	// deliveries (model.MaxCellStock).
	MaxShelfUnits = 30000
	// MaxCasePack is the largest case_pack: 1,000 units a case.
	MaxCasePack = 1000
	// MaxShelfLife is the longest shelf_life_days: 3,650 (ten years).
	MaxShelfLife = 3650
	// MaxCoreRank is the largest core_rank.
	MaxCoreRank = 10000000
	// MaxLines is the largest formats.csv lines: 1,000,000 SKUs.
	MaxLines = 1000000
	// MaxShelfScale is the largest formats.csv shelf_scale: 100.
	MaxShelfScale = 100
	// MaxPickCapacity is the largest pick_capacity_cases_per_day:
	// 10 million cases a day, about ten times a large UK DC's.
	MaxPickCapacity = 1e7
	// MaxStockDays is the largest stock_days: a year.
	MaxStockDays = 365
	// MaxDispersion is the largest negative binomial shape k; at 1e6 the
	// distribution is Poisson to six digits.
	MaxDispersion = 1e6
	// MaxSalesUnits is the most units of one item one store sells in a day
	// in a sales history (calibrate): 1,000,000.
	MaxSalesUnits = 1000000
	// MaxWeekday is the largest weekday factor: a profile averages 1, so
	// no day can exceed 7.
	MaxWeekday = 7
)

// Plausible ranges of the scenario's keys that model.Scenario.Validate
// leaves open (it checks only what the model needs). CheckScenario
// applies them.
const (
	// MaxWarmupDays is the longest warmup_days: a year.
	MaxWarmupDays = 365
	// MaxRecoveryDays is the longest recovery time, days: two years.
	MaxRecoveryDays = 730
	// MaxRecoveryTimes is the most recovery times one scenario compares.
	MaxRecoveryTimes = 50
	// MaxCountsPerDay is the most records.counts_per_day: 100,000 lines
	// a store a day, more than any store carries.
	MaxCountsPerDay = 100000
	// MaxScenarioDays bounds the other day counts (outage.fallback_day,
	// outage.dc_capacity_days,
	// restart.surge_days, restart.stages[].delay_days,
	// shoppers.return_days): ten years.
	MaxScenarioDays = 3660
	// MaxFactor bounds the multipliers (outage.dc_capacity,
	// replenish.safety_z, restart.surge, records.shrink, shoppers.churn).
	MaxFactor = 100
	// MaxPushFactor is the largest outage.push_factor: a DC pushing twice
	// its forecast. Past it a push allocation can exceed what the model's
	// 16-bit deliveries hold.
	MaxPushFactor = 2
	// MaxCoreError is the largest outage.core_error: a manual order's
	// coefficient of variation of 100%.
	MaxCoreError = 1
	// MaxZeroRunUnits is the largest records.zero_run_units.
	MaxZeroRunUnits = 1e6
	// MaxNames is the most names in one scope list, restart stage list or
	// category_fallback mapping.
	MaxNames = 100000
)

// CheckScenario returns every problem in sc as joined *model.FieldError
// values: the plausible ranges above, then model.Scenario.Validate's
// checks. ParseScenario applies it with file positions; the shelfgap
// command applies it again after its flags have changed the scenario.
func CheckScenario(sc model.Scenario) error {
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, &model.FieldError{Field: field, Msg: fmt.Sprintf(format, args...)})
	}
	days := func(field string, v, hi int) {
		if v > hi {
			bad(field, "want at most %d days, got %d", hi, v)
		}
	}
	factor := func(field string, v float64) {
		if v > MaxFactor {
			bad(field, "want at most %d, got %v", MaxFactor, v)
		}
	}
	days("warmup_days", sc.WarmupDays, MaxWarmupDays)
	if len(sc.Recovery) > MaxRecoveryTimes {
		bad("recovery", "want at most %d recovery times, got %d", MaxRecoveryTimes, len(sc.Recovery))
	} else {
		for i, r := range sc.Recovery {
			days(fmt.Sprintf("recovery[%d]", i), r, MaxRecoveryDays)
		}
	}
	days("outage.fallback_day", sc.Outage.FallbackDay, MaxScenarioDays)
	days("outage.dc_capacity_days", sc.Outage.DCCapacityDays, MaxScenarioDays)
	days("restart.surge_days", sc.Restart.SurgeDays, MaxScenarioDays)
	if len(sc.Restart.Stages) > MaxNames {
		bad("restart.stages", "want at most %d stages, got %d", MaxNames, len(sc.Restart.Stages))
	} else {
		for i, s := range sc.Restart.Stages {
			days(fmt.Sprintf("restart.stages[%d].delay_days", i), s.Delay, MaxScenarioDays)
		}
	}
	if sc.Shoppers.ReturnDays > MaxScenarioDays {
		bad("shoppers.return_days", "want at most %d days, got %v", MaxScenarioDays, sc.Shoppers.ReturnDays)
	}
	if sc.Records.CountsPerDay > MaxCountsPerDay {
		bad("records.counts_per_day", "want at most %d lines a store a day, got %d", MaxCountsPerDay, sc.Records.CountsPerDay)
	}
	if sc.Records.ZeroRunUnits > MaxZeroRunUnits {
		bad("records.zero_run_units", "want at most %v units, got %v", float64(MaxZeroRunUnits), sc.Records.ZeroRunUnits)
	}
	if sc.Outage.CoreError > MaxCoreError {
		bad("outage.core_error", "want at most %d, got %v", MaxCoreError, sc.Outage.CoreError)
	}
	if sc.Outage.AllocError > MaxCoreError {
		bad("outage.alloc_error", "want at most %d, got %v", MaxCoreError, sc.Outage.AllocError)
	}
	if sc.Outage.PushFactor > MaxPushFactor {
		bad("outage.push_factor", "want at most %d, got %v", MaxPushFactor, sc.Outage.PushFactor)
	}
	factor("outage.dc_capacity", sc.Outage.DCCapacity)
	factor("replenish.safety_z", sc.Replenish.SafetyZ)
	factor("restart.surge", sc.Restart.Surge)
	factor("records.shrink", sc.Records.Shrink)
	factor("shoppers.churn", sc.Shoppers.Churn)
	s := sc.Outage.Scope
	for _, l := range []struct {
		field string
		n     int
	}{
		{"outage.scope.regions", len(s.Regions)},
		{"outage.scope.dcs", len(s.DCs)},
		{"outage.scope.formats", len(s.Formats)},
		{"outage.scope.categories", len(s.Categories)},
		{"outage.category_fallback", len(sc.Outage.Categories)},
	} {
		if l.n > MaxNames {
			bad(l.field, "want at most %d names, got %d", MaxNames, l.n)
		}
	}
	if err := sc.Validate(); err != nil {
		errs = append(errs, err)
	}
	return flatten(errors.Join(errs...))
}

// flatten returns err with nested joined errors spread into one list.
func flatten(err error) error {
	if err == nil {
		return nil
	}
	var list []error
	var walk func(error)
	walk = func(e error) {
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			for _, x := range j.Unwrap() {
				walk(x)
			}
			return
		}
		list = append(list, e)
	}
	walk(err)
	return errors.Join(list...)
}

// checkDerived checks the limits that involve two files: a store's rate
// of each SKU it carries by its format's rule (rate_units_per_day x
// weekly_sales_gbp / ReferenceWeeklySales, refused at the store's
// weekly_sales_gbp) and each SKU's largest shelf (shelf_capacity_units x
// the largest shelf_scale, refused at the SKU's shelf_capacity_units).
func (l *loader) checkDerived() {
	in := l.in
	if len(in.SKUs) == 0 || len(in.Stores) == 0 {
		return
	}
	// Only the largest rate matters; stores listed in ranges.csv carry
	// their own rates.
	top := 0
	for k, s := range in.SKUs {
		if s.Rate > in.SKUs[top].Rate {
			top = k
		}
	}
	listed := make([]bool, len(in.Stores))
	for _, g := range in.Ranges {
		if g.Store >= 0 {
			listed[g.Store] = true
		}
	}
	var errs []error
	for i, s := range in.Stores {
		if listed[i] {
			continue
		}
		if rate := in.SKUs[top].Rate * s.WeeklySales / ReferenceWeeklySales; rate > MaxCellRate {
			errs = append(errs, &Error{File: StoresFile, Line: l.salesPos[i][0], Column: l.salesPos[i][1], Field: "weekly_sales_gbp",
				Err: fmt.Errorf("want at most %s: a store of £%s a week would sell %.0f units a day of sku %q (rate %v), over the plausible maximum of %d",
					limitText(MaxCellRate*ReferenceWeeklySales/in.SKUs[top].Rate), limitText(s.WeeklySales), rate, in.SKUs[top].ID, in.SKUs[top].Rate, MaxCellRate)})
		}
		if len(errs) >= maxErrors {
			break
		}
	}
	scale, name := 0.0, ""
	for _, f := range in.Formats {
		sc := f.ShelfScale
		if sc == 0 {
			sc = 1
		}
		if sc > scale {
			scale, name = sc, f.Name
		}
	}
	var skuErrs []error
	for k, s := range in.SKUs {
		if u := float64(s.ShelfCap) * scale; u > MaxShelfUnits {
			skuErrs = append(skuErrs, &Error{File: SKUsFile, Line: l.capPos[k][0], Column: l.capPos[k][1], Field: "shelf_capacity_units",
				Err: fmt.Errorf("want at most %d: with format %q's shelf_scale of %v a store would hold %.0f units, over the plausible maximum of %d",
					int(MaxShelfUnits/scale), name, scale, u, MaxShelfUnits)})
		}
		if len(skuErrs) >= maxErrors {
			break
		}
	}
	if len(errs) > 0 {
		l.failed(StoresFile, errors.Join(errs...))
	}
	if len(skuErrs) > 0 {
		l.failed(SKUsFile, errors.Join(skuErrs...))
	}
}

// limitText formats a limit without exponent or needless decimals.
func limitText(v float64) string { return strconv.FormatFloat(math.Floor(v), 'f', -1, 64) }

// checkRows refuses Inputs with a value past its plausible maximum, so
// that WriteInputs never writes files that Load would refuse (a
// calibration of an extreme history). Each error names the file, the
// row's key and the column.
func checkRows(in *Inputs) error {
	var errs []error
	over := func(file, key, col string, v, hi float64) {
		if v > hi && len(errs) < maxErrors {
			errs = append(errs, &Error{File: file, Field: col,
				Err: fmt.Errorf("%s: want at most %s, got %s (shelfgap reads no larger value back)", key, limitText(hi), strconv.FormatFloat(v, 'f', -1, 64))})
		}
	}
	for _, f := range in.Formats {
		over(FormatsFile, f.Name, "shelf_scale", f.ShelfScale, MaxShelfScale)
		over(FormatsFile, f.Name, "lines", float64(f.Lines), MaxLines)
	}
	for _, d := range in.DCs {
		over(DCsFile, d.ID, "pick_capacity_cases_per_day", d.PickCapacity, MaxPickCapacity)
		over(DCsFile, d.ID, "stock_days", d.StockDays, MaxStockDays)
	}
	for _, s := range in.Stores {
		over(StoresFile, s.ID, "weekly_sales_gbp", s.WeeklySales, MaxWeeklySales)
	}
	for _, k := range in.SKUs {
		over(SKUsFile, k.ID, "price_gbp", k.Price, MaxPrice)
		over(SKUsFile, k.ID, "shelf_capacity_units", float64(k.ShelfCap), MaxShelfCap)
		over(SKUsFile, k.ID, "case_pack", float64(k.CasePack), MaxCasePack)
		over(SKUsFile, k.ID, "shelf_life_days", float64(k.ShelfLife), MaxShelfLife)
		over(SKUsFile, k.ID, "core_rank", float64(k.Core), MaxCoreRank)
		over(SKUsFile, k.ID, "rate_units_per_day", k.Rate, MaxSKURate)
	}
	for _, g := range in.Ranges {
		if g.Store < 0 || g.SKU < 0 || int(g.Store) >= len(in.Stores) || int(g.SKU) >= len(in.SKUs) {
			continue // Build reports it
		}
		key := in.Stores[g.Store].ID + " x " + in.SKUs[g.SKU].ID
		over(RangesFile, key, "rate_units_per_day", g.Rate, MaxCellRate)
		over(RangesFile, key, "dispersion", g.Dispersion, MaxDispersion)
	}
	return errors.Join(errs...)
}
