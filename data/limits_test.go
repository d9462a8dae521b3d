package data

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shelfgap/shelfgap/model"
)

// tinyScenario is a short run with one outage, for tests that run the
// model on inputs: every mechanism on, a few days, one replicate.
func tinyScenario() model.Scenario {
	sc := model.DefaultScenario()
	sc.WarmupDays = 7
	sc.Days = 21
	sc.Outage.StartDay = 3
	sc.Outage.FallbackDay = 3
	sc.Recovery = []int{7}
	sc.Replicates = 1
	return sc
}

// checkRun runs sc on in's estate and checks what must hold of any run
// of inputs data accepts: model.Run accepts them, every total is finite,
// the unit and £ totals are >= 0, availability and fill rate are
// percentages, and demand is conserved in each run and day:
// demand = sales + deferred + lost (each unit a shopper wants is sold, as
// itself or as a substitute, comes back later, or is lost).
func checkRun(t *testing.T, in *Inputs, sc model.Scenario) {
	t.Helper()
	e, r, err := in.Build()
	if err != nil {
		t.Fatalf("Build refused inputs that Load accepted: %v", err)
	}
	res, err := model.Run(context.Background(), e, r, sc, model.Options{Workers: 1})
	if err != nil {
		t.Fatalf("model.Run refused inputs that data accepted: %v", err)
	}
	for run := range res.Recovery {
		for day := 0; day < res.Days; day++ {
			for m := model.Metric(0); m < model.NumMetrics; m++ {
				for _, v := range res.Values(run, 0, m, day) {
					if math.IsNaN(v) || math.IsInf(v, 0) {
						t.Fatalf("run %d day %d: %s = %v, want a finite number", run, day, m, v)
					}
					switch m {
					case model.LostSales, model.LostMargin:
						// Differences from the baseline: either sign.
					case model.Availability, model.FillRate, model.Traffic:
						if v < 0 || v > 100+1e-9 {
							t.Fatalf("run %d day %d: %s = %v, want a percentage in [0, 100]", run, day, m, v)
						}
					default:
						if v < 0 {
							t.Fatalf("run %d day %d: %s = %v, want >= 0", run, day, m, v)
						}
					}
				}
			}
			d, s := res.Values(run, 0, model.Demand, day), res.Values(run, 0, model.Sales, day)
			df, l := res.Values(run, 0, model.Deferred, day), res.Values(run, 0, model.Lost, day)
			for i := range d {
				if got := s[i] + df[i] + l[i]; math.Abs(got-d[i]) > 1e-9*math.Max(1, d[i]) {
					t.Fatalf("run %d day %d replicate %d: sales %v + deferred %v + lost %v = %v, want demand %v",
						run, day, i, s[i], df[i], l[i], got, d[i])
				}
			}
		}
	}
}

// TestGoodRun is checkRun on the good test inputs: it shows that the
// conservation law checkRun asserts holds of an ordinary run.
func TestGoodRun(t *testing.T) {
	in, err := Load(filepath.Join("testdata", "good"))
	if err != nil {
		t.Fatal(err)
	}
	checkRun(t, in, tinyScenario())
}

// TestMaxRanges runs estates with every number at the maximum of its
// plausible range (limits.go), and a scenario with its keys at theirs
// where they make the run harder, under each fallback: nothing may
// overflow. Two estates, because the shelf limit is on capacity x scale:
// the largest capacity at scale 1, and the largest scale.
func TestMaxRanges(t *testing.T) {
	for _, v := range []struct{ scale, shelfCap string }{{"1", "30000"}, {"100", "300"}} {
		files := map[string]string{
			FormatsFile: "format,shelf_scale,lines\nbig," + v.scale + ",1000000\n",
			DCsFile:     "dc_id,region,pick_capacity_cases_per_day,stock_days\nD1,R,10000000,365\nD2,R,1,365\n",
			// Stores of the largest weekly sales sell MaxCellRate of a SKU
			// rated 12 in the reference store.
			StoresFile: "store_id,region,format,dc_id,weekly_sales_gbp,priority\n" +
				"S1,R,big,D1,10000000,true\nS2,R,big,D2,10000000,false\nS3,R,big,D1,10000000,false\n",
			CategoriesFile: "category,class,dispersion,mon,tue,wed,thu,fri,sat,sun\n" +
				"fresh,fresh,1000000,7,0,0,0,0,0,0\nambient,ambient,0,,,,,,,\n",
			SKUsFile: "sku_id,category,price_gbp,margin_pct,shelf_life_days,case_pack,shelf_capacity_units,lead_days,delivery_days,core_rank,rate_units_per_day\n" +
				"F1,fresh,10000,100,3650,1000," + v.shelfCap + ",6,daily,10000000,12\n" +
				"F2,fresh,10000,100,1,1," + v.shelfCap + ",0,Mon,0,12\n" +
				"A1,ambient,10000,0,0,1000," + v.shelfCap + ",6,daily,10000000,12\n" +
				"A2,ambient,10000,100,0,1," + v.shelfCap + ",0,daily,1,1000\n",
			// S3 lists its cells at MaxCellRate, with the extreme profiles.
			RangesFile: "store_id,sku_id,rate_units_per_day,dispersion,mon,tue,wed,thu,fri,sat,sun\n" +
				"S3,F1,2000,1000000,0,0,0,0,0,0,7\nS3,A1,2000,0,,,,,,,\nS3,A2,2000,,,,,,,,\n",
		}
		// A2's rate of 1000 is the largest in the reference store; S1 and
		// S2 would sell 166,667 units a day of it, so they are in
		// ranges.csv too.
		files[RangesFile] += "S1,A2,2000,,,,,,,,\nS2,A2,2000,,,,,,,,\nS1,F1,2000,,,,,,,,\nS2,A1,2000,,,,,,,,\n"
		dir := t.TempDir()
		for name, text := range files {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o666); err != nil {
				t.Fatal(err)
			}
		}
		in, err := Load(dir)
		if err != nil {
			t.Fatalf("Load of the maximal estate (scale %s): %v", v.scale, err)
		}
		for _, fb := range []model.Fallback{model.None, model.CoreRange, model.Repeat, model.Push} {
			t.Run("scale="+v.scale+"/"+fb.String(), func(t *testing.T) {
				sc := tinyScenario()
				sc.Outage.Fallback = fb
				sc.Outage.PushFactor = MaxPushFactor
				sc.Outage.CoreError = MaxCoreError
				sc.Outage.DCCapacity = MaxFactor
				sc.Replenish.SafetyZ = MaxFactor
				sc.Restart.Surge = MaxFactor
				sc.Restart.Allocation = model.PriorityFirst
				sc.Records.CountsPerDay = MaxCountsPerDay
				sc.Records.ZeroRunUnits = MaxZeroRunUnits
				sc.Shoppers.Churn = MaxFactor
				sc.Shoppers.ReturnDays = MaxScenarioDays
				sc.Uncertainty = model.Uncertainty{Off: true}
				if err := CheckScenario(sc); err != nil {
					t.Fatalf("CheckScenario refuses the maximal scenario: %v", err)
				}
				checkRun(t, in, sc)
			})
		}
	}
}

// TestCheckScenarioRanges: each key beyond its plausible range is refused
// with its field.
func TestCheckScenarioRanges(t *testing.T) {
	tests := []struct {
		set   func(*model.Scenario)
		field string
	}{
		{func(s *model.Scenario) { s.WarmupDays = 100000000 }, "warmup_days"},
		{func(s *model.Scenario) { s.Records.CountsPerDay = 2000000000 }, "records.counts_per_day"},
		{func(s *model.Scenario) { s.Recovery = []int{1, 1000} }, "recovery[1]"},
		{func(s *model.Scenario) {
			s.Recovery = nil
			for i := range 100000 {
				s.Recovery = append(s.Recovery, i+1)
			}
		}, "recovery"},
		{func(s *model.Scenario) { s.Outage.PushFactor = 1e308 }, "outage.push_factor"},
		{func(s *model.Scenario) { s.Outage.PushFactor = 3 }, "outage.push_factor"},
		{func(s *model.Scenario) { s.Outage.CoreError = 1.5 }, "outage.core_error"},
		{func(s *model.Scenario) { s.Restart.SurgeDays = 1 << 40 }, "restart.surge_days"},
		{func(s *model.Scenario) { s.Shoppers.ReturnDays = 1e9 }, "shoppers.return_days"},
	}
	for _, tt := range tests {
		sc := model.DefaultScenario()
		tt.set(&sc)
		err := CheckScenario(sc)
		if err == nil || !strings.HasPrefix(err.Error(), tt.field+": ") {
			t.Errorf("CheckScenario(%s out of range) = %v, want an error starting %q", tt.field, err, tt.field+": ")
		}
	}
	if err := CheckScenario(model.DefaultScenario()); err != nil {
		t.Errorf("CheckScenario(DefaultScenario()) = %v, want nil", err)
	}
}
