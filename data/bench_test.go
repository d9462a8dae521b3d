package data

import (
	"testing"

	"github.com/shelfgap/shelfgap/model"
)

// BenchmarkBuildDefault times Build on the default estate (6.4M cells);
// the brief asks for well under a second.
func BenchmarkBuildDefault(b *testing.B) {
	in := Default()
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := in.Build(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadRanges loads an inputs directory whose ranges.csv lists
// every cell of the first 500 default stores with per-cell dispersion and
// profile (about 1.4M rows), to measure the streaming reader.
func BenchmarkLoadRanges(b *testing.B) {
	in := Default()
	_, r, err := in.Build()
	if err != nil {
		b.Fatal(err)
	}
	in.Profiles = []model.Weekday{{1.1, 0.9, 0.9, 0.9, 1, 1.1, 1.1}}
	for s := 0; s < 500; s++ {
		for c := r.Start[s]; c < r.Start[s+1]; c++ {
			in.Ranges = append(in.Ranges, RangeRow{Store: int32(s), SKU: r.SKU[c], Rate: float64(r.Rate[c]),
				Dispersion: float64(c % 3), Profile: int32(c%2) - 1})
		}
	}
	dir := b.TempDir()
	if err := WriteInputs(dir, in); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		got, err := Load(dir)
		if err != nil {
			b.Fatal(err)
		}
		if len(got.Ranges) != len(in.Ranges) {
			b.Fatalf("Load: %d range rows, want %d", len(got.Ranges), len(in.Ranges))
		}
	}
	b.ReportMetric(float64(len(in.Ranges)), "rows")
}
