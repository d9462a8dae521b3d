package reports

import (
	"bytes"
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/shelfgap/shelfgap/model"
)

func TestTableGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := Table(&buf, testResult()); err != nil {
		t.Fatal(err)
	}
	golden(t, "table.golden.txt", buf.Bytes())
}

func TestHeadline(t *testing.T) {
	res := testResult()
	sums := make([]model.Summary, len(res.Recovery))
	for run := range res.Recovery {
		sums[run] = res.Summary(run, 0)
	}
	tests := []struct {
		recovery []int
		want     string
	}{
		// 7, 14, 21: the step from 14 to 21 days; the values are summary.golden.csv's
		// extra_day_cost_gbp of the 21-day run, rounded to whole pounds.
		{[]int{0, 7, 14, 21}, "Each extra day of recovery between 14 and 21 days costs £8,961 (P10-P90 £7,406 to £10,664) in lost sales."},
		// No step starts at 14: the last step.
		{[]int{0, 7, 15, 21}, "Each extra day of recovery between 15 and 21 days costs £8,961 (P10-P90 £7,406 to £10,664) in lost sales."},
		{[]int{0, 7}, "Each day of recovery up to 7 days costs £5,685 (P10-P90 £4,699 to £6,766) in lost sales."},
		{[]int{0}, "No recovery times were simulated, only the baseline."},
	}
	for _, tt := range tests {
		r := *res
		r.Recovery = tt.recovery
		if got := headline(&r, sums[:len(tt.recovery)]); got != tt.want {
			t.Errorf("headline(recovery %v) = %q, want %q", tt.recovery, got, tt.want)
		}
	}
}

// pcts is the range over runs of se[run] as a percentage of run's mean
// lost sales in testResult, to one decimal, as the sampling line writes it.
func pcts(se []float64) string {
	res := testResult()
	lo, hi := math.Inf(1), math.Inf(-1)
	for run := 1; run < len(se); run++ {
		v := 100 * se[run] / res.Summary(run, 0).LostSales.Mean
		lo, hi = min(lo, v), max(hi, v)
	}
	return strconv.FormatFloat(lo, 'f', 1, 64) + "-" + strconv.FormatFloat(hi, 'f', 1, 64)
}

func TestSamplingLine(t *testing.T) {
	tests := []struct {
		se   []float64
		want string
	}{
		{nil, "Full resolution: every line of all 2,300 stores (1,200 cells)."},
		// Each replicate's error is the mean's times the root of the
		// replicates (here 1: testResult has one, so they are equal).
		{[]float64{0, 52826.7, 102239.5, math.NaN()}, "Quick mode: each replicate simulated 8 of 2,300 stores at their full range, drawn in proportion to sales and weighted up;\n" +
			"sampling adds a standard error of £52,827 to £102,240 (" + pcts([]float64{0, 52826.7, 102239.5}) + "%) to each run's mean lost sales, and of £52,827 to £102,240 to one replicate's, which the bands include."},
		{[]float64{0, 500, 500.2, 499.9}, "Quick mode: each replicate simulated 8 of 2,300 stores at their full range, drawn in proportion to sales and weighted up;\n" +
			"sampling adds a standard error of £500 (" + pcts([]float64{0, 500, 500.2, 499.9}) + "%) to each run's mean lost sales, and of £500 to one replicate's, which the bands include."},
		{[]float64{0, math.NaN()}, ""},
	}
	for _, tt := range tests {
		res := testResult()
		res.Stores, res.StoresFull = 8, 2300
		res.SampleSE, res.SampleSERep = tt.se, tt.se
		if got := sampling(res); got != tt.want {
			t.Errorf("sampling(%v) = %q, want %q", tt.se, got, tt.want)
		}
	}
}

func TestPounds(t *testing.T) {
	tests := []struct {
		v    float64
		want string
	}{
		{0, "£0"},
		{999.4, "£999"},
		{1000, "£1,000"},
		{1234567.5, "£1,234,568"}, // 0.5 rounds to even: 1234567.5 is exact in binary, 8 is even
		{-12345, "-£12,345"},
		{-0.3, "£0"},
		{123456789, "£123,456,789"},
	}
	for _, tt := range tests {
		if got := amount("£", tt.v); got != tt.want {
			t.Errorf("amount(£, %v) = %q, want %q", tt.v, got, tt.want)
		}
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestTableWriteError(t *testing.T) {
	if err := Table(failWriter{}, testResult()); err == nil || err.Error() != "disk full" {
		t.Errorf("Table(failing writer) = %v, want disk full", err)
	}
}

// TestCurrency: the scenario's currency names the money columns and is
// printed in the table.
func TestCurrency(t *testing.T) {
	res := testResult()
	res.Scenario.Report.Currency = model.Currency{Code: "USD", Symbol: "$"}
	var b bytes.Buffer
	if err := writeSummary(&b, res); err != nil {
		t.Fatal(err)
	}
	head := strings.SplitN(b.String(), "\n", 2)[0]
	if !strings.Contains(head, ",lost_sales_usd_p10,") || strings.Contains(head, "_gbp") {
		t.Errorf("summary.csv header %q: want lost_sales_usd_p10 and no _gbp", head)
	}
	b.Reset()
	if err := Table(&b, res); err != nil {
		t.Fatal(err)
	}
	if s := b.String(); !strings.Contains(s, "lost sales $") || !strings.Contains(s, "$108,921") || strings.Contains(s, "£") {
		t.Errorf("table in USD:\n%s", s)
	}
}
