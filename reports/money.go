package reports

import (
	"math"
	"strings"

	"github.com/shelfgap/shelfgap/model"
)

// symbol is the currency symbol of res's money, or its code and a space
// if the scenario gives no symbol ("CHF 1,234").
func symbol(res *model.Result) string {
	c := res.Scenario.Report.Currency
	if c.Symbol != "" {
		return c.Symbol
	}
	if c.Code == "" {
		return "£"
	}
	return c.Code + " "
}

// code is the lower-case currency code of column names: "gbp".
func code(res *model.Result) string {
	c := strings.ToLower(res.Scenario.Report.Currency.Code)
	if c == "" {
		return "gbp"
	}
	return c
}

// col returns the column name name with its "_gbp" (money) part in res's
// currency: "lost_sales_gbp" becomes "lost_sales_usd" for USD.
func col(res *model.Result, name string) string {
	return strings.Replace(name, "_gbp", "_"+code(res), 1)
}

// relative reports whether metric m is measured against the baseline, and
// so is not defined for the baseline itself.
func relative(m model.Metric) bool { return m == model.LostSales || m == model.LostMargin }

// band is res.Band, but NaN (an empty cell) for the baseline's figures
// against itself.
func band(res *model.Result, run, group int, m model.Metric, day int) model.Band {
	if run == 0 && relative(m) {
		nan := math.NaN()
		return model.Band{P10: nan, P50: nan, P90: nan, Mean: nan}
	}
	return res.Band(run, group, m, day)
}
