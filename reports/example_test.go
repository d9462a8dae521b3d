package reports_test

import (
	"os"

	"github.com/shelfgap/shelfgap/model"
	"github.com/shelfgap/shelfgap/reports"
)

// ExampleTable builds a Result by hand, as a test of a package that reads
// Results can, and prints the terminal summary: the estate trades at 96%,
// and a 7-day outage takes 4 points a day off availability from day 2, then
// 3 points a day come back once ordering resumes; each day of outage loses
// £1,000 of sales per point of availability lost. By hand: the drops sum
// to 4(1+...+7) = 112 during the outage and 25+22+...+1 = 117 after it,
// so £229,000 is lost, £32,714 per day of recovery; availability is below
// 90% while the drop exceeds 6 points, 6 + 7 = 13 days, and back within a
// point of the baseline 15 days after the outage starts.
func ExampleTable() {
	sc := model.DefaultScenario()
	sc.Days, sc.Replicates, sc.Recovery = 30, 1, []int{7}
	sc.Outage.StartDay = 2
	res := model.NewResult(sc, []model.Group{{Kind: model.EstateGroup, Name: "all"}}, []int{0, 7}, sc.Days, 1)
	for day := range sc.Days {
		res.Set(0, 0, model.Availability, day, 0, 96)
		drop := 0.0
		if t := day - sc.Outage.StartDay; t >= 0 && t < 7 {
			drop = 4 * float64(t+1)
		} else if t >= 7 {
			drop = max(0, 28-3*float64(t-6))
		}
		res.Set(1, 0, model.Availability, day, 0, 96-drop)
		res.Set(1, 0, model.LostSales, day, 0, 1000*drop)
		res.Set(1, 0, model.LostMargin, day, 0, 280*drop)
	}
	if err := reports.Table(os.Stdout, res); err != nil {
		panic(err)
	}
	// Output:
	//   recovery  min avail %    P10-P90  days <90%  days to recover  lost sales £  lost margin £  waste £  extra waste £  £ per extra day
	//   baseline         96.0  96.0-96.0          0                -             -              -       £0              -                -
	//     7 days         68.0  68.0-68.0         13               15      £229,000        £64,120       £0             £0          £32,714
	// Each day of recovery up to 7 days costs £32,714 (P10-P90 £32,714 to £32,714) in lost sales.
	// Figures are P50 over 1 replicate. With so few, P10 and P90 are the smallest and largest replicate, not quantiles:
	// run 11 or more (--replicates) for bands that mean what they say.
}
