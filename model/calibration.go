package model

// Calibration is what fitting a sales history produced: one Fit per store x
// item series, the estate-wide weekday profiles for charts, and the
// comparison of the simulated baseline with the held-back last days of the
// history. Package data fills it; package reports writes it. It is plain
// data: nothing here reads files or runs the engine.
type Calibration struct {
	// Source names the sales file, for reports.
	Source string
	// First and Last are the first and last dates of the history, and
	// HoldoutStart the first held-back date, as days since 1970-01-01
	// (Unix days). HoldoutStart > Last means no hold-out.
	First, Last, HoldoutStart int
	// Rows counts the data rows read.
	Rows int64
	// Fractional is true if some units were not whole numbers (e.g.
	// FreshRetailNet's 0.1 steps). Rates are then in the file's units as
	// given; see data.Calibrate.
	Fractional bool
	// Censoring says how stock-out days were found: "stockout_hours",
	// "in_stock" or "zero_runs".
	Censoring string
	// Categories says where the items' categories came from: "column X"
	// (the history's category column X), "item id prefixes" (M5-style
	// IDs), or "none" (every item in one category, all).
	Categories string
	Series     []Fit
	// Observed is the estate-wide weekday profile of units per used day
	// (sum over series of units on each weekday divided by exposure days),
	// and Fitted the unit-weighted mean of the series' fitted profiles.
	// Both average 1.
	Observed, Fitted Weekday
	// Holdout is the comparison by item (sorted by item ID) and, last,
	// the total over all items (Item "all").
	Holdout []HoldoutRow
}

// Fit is the fitted demand of one store x item series.
type Fit struct {
	Store, Item, Category string
	// Cell is the series' index into Range cells once the inputs are
	// built, or -1.
	Cell int
	// DaysUsed counts the days that inform the fit (days with some hours
	// on sale). DaysAbsent counts days the item was not ranged (no price,
	// before its first sale, or a date missing from the file);
	// DaysCensored counts stock-out days left out of the fit.
	DaysUsed, DaysAbsent, DaysCensored int
	// Exposure is the sum over used days of the share of the trading day
	// the line was on sale ((16-h)/16 with h stock-out hours; 1 otherwise).
	Exposure float64
	// Units is the units sold on used days.
	Units float64
	// Rate is the mean demand in units per day (averaged over the week).
	Rate float64
	// K is the negative binomial shape of daily demand, Var = mu + mu^2/k;
	// 0 means Poisson (not over-dispersed).
	K float64
	// VMR is the variance-to-mean ratio of the de-seasonalised,
	// exposure-corrected daily counts (1 for Poisson).
	VMR float64
	// Profile is the fitted weekday profile (shrunk towards the
	// category's), averaging 1; Observed is the series' own raw profile
	// (zero where a weekday had no used day).
	Profile, Observed Weekday
	// Price is the mean observed price per unit, or NaN if none.
	Price float64
	// HoldoutActual is the units sold in the hold-out period, and
	// HoldoutSimulated the simulated baseline's mean units sold in the same
	// days; HoldoutDays counts the held-back days on which the item was
	// ranged.
	HoldoutActual, HoldoutSimulated float64
	HoldoutDays                     int
	// HoldoutExposure is the sum over the held-back ranged days of the
	// share of the trading day the line was in stock (from stockout_hours
	// or in_stock; it equals HoldoutDays when the file says nothing).
	HoldoutExposure float64
}

// HoldoutRow compares actual and simulated units over the hold-out period
// for one item (all its stores) or, with Item "all", the whole history.
type HoldoutRow struct {
	Item      string
	Series    int     // store x item series summed
	Actual    float64 // units sold in the hold-out days
	Simulated float64 // simulated baseline units sold, mean over replicates
	// ErrorPct is 100 x (Simulated - Actual) / Actual; NaN if Actual is 0.
	ErrorPct float64
	// InStockPct is the share of the held-back trading time the shelves
	// were in stock, in percent (NaN when the history does not say): the
	// actual sales are censored by the rest, the simulated baseline by
	// the engine's own stock-outs.
	InStockPct float64
}
