package data

import (
	"errors"
	"fmt"

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
	// store sells about £8,600 a day. With MaxWeeklySales it makes a cell
	// rate of at most 1,000 x 1e7/60,000 = 166,667 units a day.
	MaxSKURate = 1000
	// MaxCellRate is the largest ranges.csv rate_units_per_day: 200,000
	// units a day in one store, the most MaxSKURate and MaxWeeklySales
	// can make, rounded up.
	MaxCellRate = 200000
	// MaxPrice is the largest price_gbp, £ a unit: 10,000.
	MaxPrice = 10000
	// MaxShelfCap is the largest shelf_capacity_units: 100,000 units of one
	// line in one store.
	MaxShelfCap = 100000
	// MaxCasePack is the largest case_pack: 10,000 units a case.
	MaxCasePack = 10000
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
	// restart.surge_days, restart.stages[].delay_days,
	// shoppers.return_days): ten years.
	MaxScenarioDays = 3660
	// MaxFactor bounds the multipliers (outage.core_error,
	// outage.push_factor, outage.dc_capacity, replenish.safety_z,
	// restart.surge, records.shrink).
	MaxFactor = 100
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
	factor("outage.core_error", sc.Outage.CoreError)
	factor("outage.push_factor", sc.Outage.PushFactor)
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
