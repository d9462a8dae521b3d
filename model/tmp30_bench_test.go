package model_test

import (
	"testing"

	"github.com/shelfgap/shelfgap/data"
	"github.com/shelfgap/shelfgap/model"
)

func BenchmarkDefault30(b *testing.B) {
	e, r, err := data.Default().Build()
	if err != nil {
		b.Fatal(err)
	}
	const n = 30
	e.Stores = e.Stores[:n]
	r.Start = r.Start[:n+1]
	r.SKU, r.Rate = r.SKU[:r.Start[n]], r.Rate[:r.Start[n]]
	sc := model.DefaultScenario()
	sc.Replicates = 1
	benchRun(b, e, r, sc)
}
