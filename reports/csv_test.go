package reports

import (
	"bytes"
	"encoding/csv"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/shelfgap/shelfgap/model"
)

func TestAppendNum(t *testing.T) {
	tests := []struct {
		v    float64
		prec int
		want string
	}{
		{1234.5678, 2, "1234.57"},
		{0.005, 2, "0.01"}, // strconv rounds the binary value 0.005000000000000000104 up
		{2.5, 0, "2"},      // round half to even, as strconv does
		{3.5, 0, "4"},
		{-12.25, 2, "-12.25"},
		{-0.001, 2, "0.00"}, // no negative zero
		{math.Copysign(0, -1), 0, "0"},
		{-0.4, 0, "0"},
		{1e9, 2, "1000000000.00"}, // never exponent notation
		{math.NaN(), 2, ""},       // NaN and infinities are empty cells
		{math.Inf(1), 2, ""},
		{math.Inf(-1), 0, ""},
	}
	for _, tt := range tests {
		if got := num(tt.v, tt.prec); got != tt.want {
			t.Errorf("num(%v, %d) = %q, want %q", tt.v, tt.prec, got, tt.want)
		}
	}
}

// TestCSVGolden pins every CSV file written for testResult.
func TestCSVGolden(t *testing.T) {
	res := testResult()
	files := tables(res)
	for _, f := range files {
		t.Run(f.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := f.write(&buf); err != nil {
				t.Fatal(err)
			}
			checkCSV(t, buf.Bytes())
			golden(t, strings.TrimSuffix(f.name, ".csv")+".golden.csv", buf.Bytes())
		})
	}
}

// checkCSV checks the format rules every CSV file keeps: UTF-8 without a
// BOM, '\n' line ends, a header, the same number of cells in every row,
// and no NaN or Inf.
func checkCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	if bytes.HasPrefix(b, []byte("\xef\xbb\xbf")) {
		t.Error("CSV starts with a byte order mark")
	}
	if bytes.Contains(b, []byte("\r")) {
		t.Error("CSV contains a carriage return")
	}
	if !bytes.HasSuffix(b, []byte("\n")) {
		t.Error("CSV does not end with a line end")
	}
	for _, bad := range []string{"NaN", "Inf", "e+", "e-"} {
		if bytes.Contains(b, []byte(bad)) {
			t.Errorf("CSV contains %q", bad)
		}
	}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll() // checks the cell count of every row
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) < 1 {
		t.Fatal("CSV has no header")
	}
	return recs
}

// cell returns the cell of column name in row i (1 is the first data row).
func cell(t *testing.T, recs [][]string, i int, name string) string {
	t.Helper()
	j := slices.Index(recs[0], name)
	if j < 0 {
		t.Fatalf("no column %q in %q", name, recs[0])
	}
	return recs[i][j]
}

// TestSummaryValues checks summary.csv against values worked out by hand
// from testResult's closed form.
func TestSummaryValues(t *testing.T) {
	var buf bytes.Buffer
	if err := writeSummary(&buf, testResult()); err != nil {
		t.Fatal(err)
	}
	recs := checkCSV(t, buf.Bytes())
	if len(recs) != 5 {
		t.Fatalf("summary.csv has %d rows, want a header and 4 runs", len(recs))
	}
	tests := []struct {
		row  int
		col  string
		want string
	}{
		{1, "recovery_days", "0"},
		// The baseline against itself is not defined: empty cells.
		{1, "lost_sales_gbp_p50", ""},
		{1, "days_to_recover_p50", ""},
		{1, "days_to_recover_censored", ""},
		{1, "extra_day_cost_gbp_p90", ""},
		{2, "days_to_recover_censored", "0"},
		{2, "recovery_days", "7"},
		// Replicate k of the 7-day run bottoms out on day 13 at
		// 96 + 0.25k - 17.5(1 + 0.05k) = 78.5 - 0.625k: 78.5, 77.875,
		// 77.25, 76.625, 76. Empirical quantiles of 5 values pick the 1st,
		// 3rd and 5th; the mean is 77.25.
		{2, "min_availability_pct_p10", "76.00"},
		{2, "min_availability_pct_p50", "77.25"},
		{2, "min_availability_pct_p90", "78.50"},
		{2, "min_availability_pct_mean", "77.25"},
		// Days below 90%: the drop must exceed 6 + 0.25k points. It does
		// from outage day t = 2 (7.5(1 + 0.05k) points) to t = 6, then
		// after recovery while 17.5(1 + 0.05k)exp(-(t-6)/4) > 6 + 0.25k,
		// i.e. t - 6 < 4 ln(2.92 to 3) = 4.28 to 4.39: t = 7..10. So
		// t = 2..10, 9 days, for every replicate.
		{2, "days_below_threshold_p50", "9"},
		{2, "days_below_threshold_mean", "9.0"},
	}
	for _, tt := range tests {
		if got := cell(t, recs, tt.row, tt.col); got != tt.want {
			t.Errorf("summary.csv row %d %s = %q, want %q", tt.row, tt.col, got, tt.want)
		}
	}
}

func TestSummarySampleSE(t *testing.T) {
	res := testResult()
	res.SampleSE = []float64{0, 1234.567, math.NaN()} // one short, one NaN: both empty cells
	var buf bytes.Buffer
	if err := writeSummary(&buf, res); err != nil {
		t.Fatal(err)
	}
	recs := checkCSV(t, buf.Bytes())
	want := []string{"0.00", "1234.57", "", ""}
	for i, w := range want {
		if got := cell(t, recs, i+1, "sample_se_gbp"); got != w {
			t.Errorf("summary.csv row %d sample_se_gbp = %q, want %q", i+1, got, w)
		}
	}
}

func TestBreakdownColumns(t *testing.T) {
	res := testResult()
	tests := []struct {
		kind model.GroupKind
		rows int // runs x groups x days
		last string
	}{
		{model.RegionGroup, 4 * 2 * 42, "frozen_lines_mean"},
		{model.CategoryGroup, 4 * 3 * 42, "frozen_lines_mean"},
		{model.DCGroup, 4 * 2 * 42, "dc_backlog_cases_mean"},
	}
	for _, tt := range tests {
		var buf bytes.Buffer
		if err := writeBreakdown(&buf, res, tt.kind); err != nil {
			t.Fatal(err)
		}
		recs := checkCSV(t, buf.Bytes())
		if got := len(recs) - 1; got != tt.rows {
			t.Errorf("breakdown_%s.csv has %d rows, want %d", tt.kind, got, tt.rows)
		}
		if got := recs[0][len(recs[0])-1]; got != tt.last {
			t.Errorf("breakdown_%s.csv last column = %q, want %q", tt.kind, got, tt.last)
		}
		if got := recs[0][1]; got != tt.kind.String() {
			t.Errorf("breakdown_%s.csv second column = %q, want %q", tt.kind, got, tt.kind.String())
		}
	}
}

// TestNaNCells checks that a NaN in a Result becomes an empty cell.
func TestNaNCells(t *testing.T) {
	res := testResult()
	for rep := range res.Replicates {
		res.Set(1, 0, model.FillRate, 3, rep, math.NaN())
	}
	var buf bytes.Buffer
	if err := writeDaily(&buf, res); err != nil {
		t.Fatal(err)
	}
	recs := checkCSV(t, buf.Bytes())
	row := 1 + 42 + 3 // the 7-day run's day 3
	if got := cell(t, recs, row, "fill_rate_pct_p50"); got != "" {
		t.Errorf("daily.csv fill_rate_pct_p50 of a NaN band = %q, want empty", got)
	}
	if got := cell(t, recs, row, "date"); got != "2025-04-26" {
		t.Errorf("daily.csv date of day 3 = %q, want 2025-04-26", got)
	}
}
