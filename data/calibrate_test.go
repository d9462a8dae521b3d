package data

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shelfgap/shelfgap/model"
)

// history builds a sales CSV: header, then one row per day from start
// (YYYY-MM-DD) for each value of cells(i), which returns the row's
// fields after the date, or nil to skip the day.
func history(header string, store, item, start string, days int, cells func(i int) []string) string {
	var b strings.Builder
	b.WriteString(header + "\n")
	d0, ok := parseDay(start)
	if !ok {
		panic("bad start " + start)
	}
	for i := range days {
		c := cells(i)
		if c == nil {
			continue
		}
		fmt.Fprintf(&b, "%s,%s,%s,%s\n", store, item, dayString(d0+int32(i)), strings.Join(c, ","))
	}
	return b.String()
}

func calibrate(t *testing.T, csv string, opt CalibrateOptions) (*Inputs, *model.Calibration) {
	t.Helper()
	in, cal, err := Calibrate("sales.csv", strings.NewReader(csv), opt)
	if err != nil {
		t.Fatalf("Calibrate: %v", err)
	}
	return in, cal
}

func num(v float64) string { return fmt.Sprint(v) }

// 2024-01-01 is a Monday.
const monday = "2024-01-01"

func TestCalibrateExact(t *testing.T) {
	const tol = 1e-12
	tests := []struct {
		name string
		csv  string
		opt  CalibrateOptions
		// want
		rate, k, vmr           float64
		used, absent, censored int
		profile                model.Weekday
		price                  float64 // NaN: none
		holdActual             float64
		holdDays               int
	}{
		{
			// Closed form: 3 units every day of 4 weeks.
			name: "flat",
			csv:  history("store_id,item_id,date,units", "S", "I", monday, 28, func(int) []string { return []string{"3"} }),
			rate: 3, used: 28, profile: model.Flat, price: math.NaN(),
		},
		{
			// A week without a price is absent, not zero demand.
			name: "absent without price",
			csv: history("store_id,item_id,date,units,price", "S", "I", monday, 28, func(i int) []string {
				if i < 7 {
					return []string{"0", ""}
				}
				return []string{"2", "1.5"}
			}),
			rate: 2, used: 21, absent: 7, profile: model.Flat, price: 1.5,
		},
		{
			// Days before the first sale are absent (not yet launched).
			name: "absent before first sale",
			csv: history("store_id,item_id,date,units", "S", "I", monday, 33, func(i int) []string {
				if i < 5 {
					return []string{"0"}
				}
				return []string{"4"}
			}),
			rate: 4, used: 28, absent: 5, profile: model.Flat, price: math.NaN(),
		},
		{
			// Dates missing from the file are absent too.
			name: "absent gap",
			csv: history("store_id,item_id,date,units", "S", "I", monday, 35, func(i int) []string {
				if i >= 10 && i < 17 {
					return nil
				}
				return []string{"1"}
			}),
			rate: 1, used: 28, absent: 7, profile: model.Flat, price: math.NaN(),
		},
		{
			// Exposure: 2 units on full days, 1 unit on days 8 of 16
			// hours out (half a day of exposure): rate (2n+n)/(n+n/2) = 2.
			// Each weekday gets two of each, so the profile is flat, and
			// y = x/e = 2 every day (variance 0: Poisson). The 29th day is
			// out all 16 hours: censored.
			name: "stockout hours",
			csv: history("store_id,item_id,date,units,stockout_hours", "S", "I", monday, 29, func(i int) []string {
				switch {
				case i == 28:
					return []string{"0", "16"}
				case i%2 == 0:
					return []string{"2", "0"}
				}
				return []string{"1", "8"}
			}),
			rate: 2, used: 28, censored: 1, profile: model.Flat, price: math.NaN(),
		},
		{
			name: "in stock flag",
			csv: history("store_id,item_id,date,units,in_stock", "S", "I", monday, 28, func(i int) []string {
				if i >= 14 && i < 21 {
					return []string{"0", "false"}
				}
				return []string{"5", "true"}
			}),
			rate: 5, used: 21, censored: 7, profile: model.Flat, price: math.NaN(),
		},
		{
			// Three zero days in a row at 5 a day: probability
			// exp(-15) < 1%, a stock-out. Refitted without them: 5.
			name: "zero run censored",
			csv: history("store_id,item_id,date,units", "S", "I", monday, 31, func(i int) []string {
				if i >= 10 && i < 13 {
					return []string{"0"}
				}
				return []string{"5"}
			}),
			rate: 5, used: 28, censored: 3, profile: model.Flat, price: math.NaN(),
		},
		{
			// One zero day at 8 a day: its weekday's observed rate is
			// 6, exp(-6) = 0.0025 < 1%: censored, then flat at 8.
			name: "single zero censored",
			csv: history("store_id,item_id,date,units", "S", "I", monday, 29, func(i int) []string {
				if i == 3 {
					return []string{"0"}
				}
				return []string{"8"}
			}),
			rate: 8, used: 28, censored: 1, profile: model.Flat, price: math.NaN(),
		},
		{
			// Weekday profile, closed form: Mon-Fri 1, Sat-Sun 2.5; mean
			// 10/7, so w = 0.7 on weekdays and 1.75 at the weekend, and
			// y = x/w = 10/7 every day.
			name: "weekday profile",
			csv: history("store_id,item_id,date,units", "S", "I", monday, 28, func(i int) []string {
				if i%7 >= 5 {
					return []string{"2.5"}
				}
				return []string{"1"}
			}),
			rate: 10.0 / 7, used: 28, profile: model.Weekday{0.7, 0.7, 0.7, 0.7, 0.7, 1.75, 1.75}, price: math.NaN(),
		},
		{
			// Dispersion by moments, closed form: a week of 1s and a week
			// of 9s (each weekday mean 5: flat). Deviations are +/-4, so
			// s^2 = 14*16/13 = 224/13, VMR = s^2/5 = 224/65, and
			// 1/k = (s^2 - 5)/25, k = 325/159.
			name: "dispersion",
			csv: history("store_id,item_id,date,units", "S", "I", monday, 14, func(i int) []string {
				if i < 7 {
					return []string{"1"}
				}
				return []string{"9"}
			}),
			rate: 5, k: 325.0 / 159, vmr: 224.0 / 65, used: 14, profile: model.Flat, price: math.NaN(),
		},
		{
			// Hold-out: the last 7 of 35 days are held back.
			name: "holdout",
			csv:  history("store_id,item_id,date,units", "S", "I", monday, 35, func(int) []string { return []string{"3"} }),
			opt:  CalibrateOptions{HoldoutDays: 7},
			rate: 3, used: 28, profile: model.Flat, price: math.NaN(), holdActual: 21, holdDays: 7,
		},
	}
	near := func(a, b float64) bool {
		return a == b || math.Abs(a-b) <= tol*max(1, math.Abs(b)) || (math.IsNaN(a) && math.IsNaN(b))
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, cal := calibrate(t, tt.csv, tt.opt)
			if len(cal.Series) != 1 {
				t.Fatalf("got %d series, want 1", len(cal.Series))
			}
			f := cal.Series[0]
			if !near(f.Rate, tt.rate) || !near(f.K, tt.k) || !near(f.VMR, tt.vmr) {
				t.Errorf("rate, k, vmr = %v, %v, %v, want %v, %v, %v", f.Rate, f.K, f.VMR, tt.rate, tt.k, tt.vmr)
			}
			if f.DaysUsed != tt.used || f.DaysAbsent != tt.absent || f.DaysCensored != tt.censored {
				t.Errorf("days used, absent, censored = %d, %d, %d, want %d, %d, %d",
					f.DaysUsed, f.DaysAbsent, f.DaysCensored, tt.used, tt.absent, tt.censored)
			}
			for wd := range f.Profile {
				if !near(f.Profile[wd], tt.profile[wd]) {
					t.Errorf("profile = %v, want %v", f.Profile, tt.profile)
					break
				}
			}
			if !near(f.Price, tt.price) {
				t.Errorf("price = %v, want %v", f.Price, tt.price)
			}
			if f.HoldoutActual != tt.holdActual || f.HoldoutDays != tt.holdDays {
				t.Errorf("hold-out = %v units over %d days, want %v over %d", f.HoldoutActual, f.HoldoutDays, tt.holdActual, tt.holdDays)
			}
			if _, _, err := in.Build(); err != nil {
				t.Errorf("Build: %v", err)
			}
		})
	}
}

// TestCalibrateInterleaved checks that a file sorted by date (series
// interleaved) fits the same as one sorted by series.
func TestCalibrateInterleaved(t *testing.T) {
	rows := func(byDate bool) string {
		var b strings.Builder
		b.WriteString("store_id,item_id,date,units\n")
		d0, _ := parseDay(monday)
		emit := func(s, i string, d int) {
			fmt.Fprintf(&b, "%s,%s,%s,%d\n", s, i, dayString(d0+int32(d)), (d*7+len(s)+len(i))%5)
		}
		series := [][2]string{{"A", "X"}, {"A", "YY"}, {"BB", "X"}}
		if byDate {
			for d := range 28 {
				for _, s := range series {
					emit(s[0], s[1], d)
				}
			}
		} else {
			for _, s := range series {
				for d := range 28 {
					emit(s[0], s[1], d)
				}
			}
		}
		return b.String()
	}
	_, a := calibrate(t, rows(false), CalibrateOptions{HoldoutDays: 7})
	_, b := calibrate(t, rows(true), CalibrateOptions{HoldoutDays: 7})
	if fmt.Sprint(a.Series) != fmt.Sprint(b.Series) {
		t.Errorf("series fits differ between orders:\n%v\n%v", a.Series, b.Series)
	}
}

// TestCalibrateShrinkage checks that a sparse series' profile lies between
// its own and its category's, and a dense one keeps nearly its own.
func TestCalibrateShrinkage(t *testing.T) {
	var b strings.Builder
	b.WriteString("store_id,item_id,date,units,category\n")
	d0, _ := parseDay(monday)
	for d := range 28 {
		fmt.Fprintf(&b, "S,big,%s,100,c\n", dayString(d0+int32(d)))
	}
	for d := range 28 {
		u := 1
		if d%7 == 5 {
			u = 3 // Saturday
		}
		fmt.Fprintf(&b, "S,small,%s,%d,c\n", dayString(d0+int32(d)), u)
	}
	_, cal := calibrate(t, b.String(), CalibrateOptions{})
	small := cal.Series[1]
	if small.Item != "small" {
		t.Fatalf("series order: got %s, want big then small", small.Item)
	}
	// Own Saturday share 3/(9/7) = 7/3; the category is nearly flat (the
	// big series sells 100 a day).
	if got, own := small.Profile[5], small.Observed[5]; !(got > 1 && got < own) || math.Abs(own-7.0/3) > 1e-12 {
		t.Errorf("small series Saturday = %v, want between 1 and its own %v (= 7/3)", got, own)
	}
	// 36 units: credibility 36/(36+210) = 0.146, so the Saturday factor
	// moves about 15% of the way from the category's (~1) to its own.
	if got := small.Profile[5]; got > 1.3 {
		t.Errorf("small series Saturday = %v, want shrunk to below 1.3", got)
	}
}

// TestSalesExcel reads an Excel-style export: BOM, CRLF, a quoted header
// and a store ID with a comma, upper-case column names; and the same file
// gzipped.
func TestSalesExcel(t *testing.T) {
	var b strings.Builder
	b.WriteString("\xef\xbb\xbf\"Store_ID\",Item_ID,Date,Units,Price\r\n")
	d0, _ := parseDay(monday)
	for d := range 14 {
		fmt.Fprintf(&b, "\"North, 1\",\"X \"\"big\"\"\",%s,2,1.25\r\n", dayString(d0+int32(d)))
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(b.String()))
	zw.Close()
	for name, r := range map[string]string{"plain": b.String(), "gzip": gz.String()} {
		_, cal, err := Calibrate("sales.csv", strings.NewReader(r), CalibrateOptions{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		f := cal.Series[0]
		if f.Store != "North, 1" || f.Item != `X "big"` || f.Rate != 2 || f.Price != 1.25 || f.DaysUsed != 14 {
			t.Errorf("%s: got %q %q rate %v price %v days %d, want \"North, 1\" \"X \\\"big\\\"\" 2 1.25 14",
				name, f.Store, f.Item, f.Rate, f.Price, f.DaysUsed)
		}
	}
}

func TestCategories(t *testing.T) {
	tests := []struct {
		items []string
		want  []string
	}{
		{[]string{"FOODS_3_586", "HOBBIES_1_001"}, []string{"FOODS_3", "HOBBIES_1"}},
		{[]string{"FOODS_3_586", "104"}, []string{"all", "all"}},
		{[]string{"104", "117"}, []string{"all", "all"}},
		{[]string{"a_b", "c_"}, []string{"all", "all"}},
	}
	for _, tt := range tests {
		c := &calibrator{items: tt.items, itemCat: make([]string, len(tt.items))}
		if got, _ := c.categoryOf(); fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("categoryOf(%v) = %v, want %v", tt.items, got, tt.want)
		}
	}
}

// TestCategoryColumns: a history with the public datasets' own category
// columns (FreshRetailNet-50K's three levels, with numeric item IDs that
// carry no category) gets its categories from the best of them, and says
// so; without any, every item is in "all" and Calibration says none.
func TestCategoryColumns(t *testing.T) {
	rows := func(head string, cats ...string) string {
		var b strings.Builder
		b.WriteString(head + "\n")
		for i, cat := range cats {
			for d := range 28 {
				fmt.Fprintf(&b, "%d,%d,2024-03-%02d,%d%s\n", 1, i, d+1, (d+i)%4, cat)
			}
		}
		return b.String()
	}
	tests := []struct {
		name, text string
		want       []string // category of items 0, 1, 2
		from       string
	}{
		{"frn levels", rows("store_id,item_id,date,units,first_category_id,second_category_id,third_category_id",
			",1,10,100", ",1,11,110", ",2,20,200"), []string{"10", "11", "20"}, "column second_category_id"},
		{"first level only", rows("store_id,item_id,date,units,first_category_id", ",1", ",1", ",2"),
			[]string{"1", "1", "2"}, "column first_category_id"},
		{"ours wins", rows("store_id,item_id,date,units,cat_id,category", ",x,milk", ",x,milk", ",y,bread"),
			[]string{"milk", "milk", "bread"}, "column category"},
		{"none", rows("store_id,item_id,date,units", "", "", ""), []string{"all", "all", "all"}, "none"},
	}
	for _, tt := range tests {
		in, cal, err := Calibrate("h.csv", strings.NewReader(tt.text), CalibrateOptions{})
		if err != nil {
			t.Fatalf("%s: Calibrate: %v", tt.name, err)
		}
		got := map[string]string{}
		for _, k := range in.SKUs {
			got[k.ID] = k.Category
		}
		for i, w := range tt.want {
			if g := got[fmt.Sprint(i)]; g != w {
				t.Errorf("%s: item %d in category %q, want %q", tt.name, i, g, w)
			}
		}
		if cal.Categories != tt.from {
			t.Errorf("%s: Calibration.Categories = %q, want %q", tt.name, cal.Categories, tt.from)
		}
	}
	// An item whose category changes is refused, naming the column read.
	_, _, err := Calibrate("h.csv", strings.NewReader(rows("store_id,item_id,date,units,second_category_id", ",1")+"1,0,2024-03-29,1,2\n"), CalibrateOptions{})
	if err == nil || !strings.Contains(err.Error(), "h.csv:30:") || !strings.Contains(err.Error(), "second_category_id") {
		t.Errorf("changed category: err = %v, want h.csv:30: naming second_category_id", err)
	}
}

func TestDays(t *testing.T) {
	tests := []struct {
		s   string
		day int32
		wd  int
	}{
		{"1970-01-01", 0, 3},     // Thursday
		{"2011-01-29", 15003, 5}, // M5's first day, a Saturday
		{"2024-02-29", 19782, 3}, // leap day, Thursday
		{"2024-03-28", 19810, 3}, // FreshRetailNet's first day, Thursday
	}
	for _, tt := range tests {
		d, ok := parseDay(tt.s)
		if !ok || d != tt.day || weekdayOf(d) != tt.wd || dayString(d) != tt.s {
			t.Errorf("parseDay(%q) = %d, %v (weekday %d, back %s), want %d, true (weekday %d)",
				tt.s, d, ok, weekdayOf(d), dayString(d), tt.day, tt.wd)
		}
	}
	for _, s := range []string{"2023-02-29", "2024-13-01", "2024-1-01", "24-01-01x", "2024/01/01", "2024-00-10"} {
		if _, ok := parseDay(s); ok {
			t.Errorf("parseDay(%q) ok, want refused", s)
		}
	}
}

// TestSalesBad pins the error for each bad file in testdata/sales/bad
// against its .err golden file (-update rewrites them).
func TestSalesBad(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "sales", "bad", "*.csv*"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no bad cases: %v", err)
	}
	for _, path := range files {
		if strings.HasSuffix(path, ".err") {
			continue
		}
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			_, _, err = Calibrate(name, bytes.NewReader(b), CalibrateOptions{HoldoutDays: 1})
			if err == nil {
				t.Fatalf("Calibrate(%s) succeeded, want an error", name)
			}
			var de *Error
			if !errors.As(err, &de) {
				t.Errorf("Calibrate(%s) error %T, want *data.Error", name, err)
			}
			golden := strings.TrimSuffix(strings.TrimSuffix(path, ".gz"), ".csv") + ".err"
			checkGoldenFile(t, golden, err.Error()+"\n")
		})
	}
}

// TestCalibrateStores uses a store list: its regions, formats and DCs
// become the estate's; a store of the history not in the list is an error
// at the line of its first row.
func TestCalibrateStores(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "stores.csv")
	os.WriteFile(path, []byte("store_id,region,format,dc_id,weekly_sales_gbp\nS1,North,convenience,DC1,50000\nS2,South,supermarket,DC2,250000\n"), 0o666)
	rows, err := ReadStores(path)
	if err != nil {
		t.Fatal(err)
	}
	csv := "store_id,item_id,date,units\nS1,X,2024-01-01,1\nS2,X,2024-01-01,2\nS1,X,2024-01-02,1\nS2,X,2024-01-02,2\n"
	in, _ := calibrate(t, csv, CalibrateOptions{Stores: rows, StoresFile: "stores.csv"})
	if len(in.DCs) != 2 || len(in.Formats) != 2 || in.Stores[1].WeeklySales != 250000 || in.DCs[1].Region != "South" {
		t.Errorf("inputs from store list: dcs %v formats %v stores %v", in.DCs, in.Formats, in.Stores)
	}
	_, _, err = Calibrate("sales.csv", strings.NewReader(csv+"S3,X,2024-01-01,1\n"), CalibrateOptions{Stores: rows, StoresFile: "stores.csv"})
	want := `sales.csv:6:1: store_id: unknown store: want a store listed in stores.csv, got "S3"`
	if err == nil || err.Error() != want {
		t.Errorf("unlisted store: error %v, want %s", err, want)
	}
}

// TestCalibrateProgress checks that progress reports the rows read.
func TestCalibrateProgress(t *testing.T) {
	const days = 1<<16 + 10 // one report at 65,536 rows, one at the end
	csv := history("store_id,item_id,date,units", "S", "I", "1900-01-01", days, func(int) []string { return []string{"1"} })
	var got []int64
	calibrate(t, csv, CalibrateOptions{Progress: func(rows int64) { got = append(got, rows) }})
	if fmt.Sprint(got) != fmt.Sprint([]int64{1 << 16, days}) {
		t.Errorf("progress reports %v, want [65536 %d]", got, days)
	}
}

// BenchmarkCalibrate streams a history of 100 series x 1,000 days with
// stock-out hours (100,000 rows) through the reader and the fit.
func BenchmarkCalibrate(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("store_id,item_id,date,units,stockout_hours\n")
	d0, _ := parseDay("2020-01-01")
	for s := range 100 {
		for d := range 1000 {
			fmt.Fprintf(&sb, "S%d,I%d,%s,%d,%d\n", s%10, s/10, dayString(d0+int32(d)), (s+d)%7, d%3)
		}
	}
	csv := sb.String()
	b.SetBytes(int64(len(csv)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := Calibrate("bench.csv", strings.NewReader(csv), CalibrateOptions{HoldoutDays: 28}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestCompareHoldout checks the by-item sums, the scaling of a series
// ranged on part of the hold-out, and the series left out.
func TestCompareHoldout(t *testing.T) {
	cal := &model.Calibration{Censoring: "stockout_hours", Series: []model.Fit{
		{Item: "B", Cell: 0, HoldoutActual: 10, HoldoutDays: 14, HoldoutExposure: 7},
		{Item: "A", Cell: 1, HoldoutActual: 20, HoldoutDays: 7, HoldoutExposure: 7},  // half the days: 30/2
		{Item: "A", Cell: -1, HoldoutActual: 99, HoldoutDays: 14},                    // no fit: left out
		{Item: "A", Cell: 2, HoldoutActual: 5, HoldoutDays: 14, HoldoutExposure: 14}, // not simulated: left out
	}}
	if err := CompareHoldout(cal, []float64{12, 30, math.NaN()}, 14); err != nil {
		t.Fatal(err)
	}
	want := []model.HoldoutRow{
		{Item: "A", Series: 1, Actual: 20, Simulated: 15, ErrorPct: -25, InStockPct: 100},
		{Item: "B", Series: 1, Actual: 10, Simulated: 12, ErrorPct: 20, InStockPct: 50},
		{Item: "all", Series: 2, Actual: 30, Simulated: 27, ErrorPct: -10, InStockPct: 100 * 14.0 / 21},
	}
	if fmt.Sprint(cal.Holdout) != fmt.Sprint(want) {
		t.Errorf("CompareHoldout rows = %v, want %v", cal.Holdout, want)
	}
	if s := cal.Series[2].HoldoutSimulated; !math.IsNaN(s) {
		t.Errorf("series without a fit: simulated %v, want NaN", s)
	}
}
