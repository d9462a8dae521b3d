package data

import (
	"reflect"
	"testing"

	"github.com/shelfgap/shelfgap/model"
)

// roundTrip writes in, loads it back and checks that both build the same
// Estate and Range.
func roundTrip(t *testing.T, in *Inputs) *Inputs {
	t.Helper()
	e1, r1, err := in.Build()
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	dir := t.TempDir()
	if err := WriteInputs(dir, in); err != nil {
		t.Fatalf("WriteInputs: %v", err)
	}
	back, err := Load(dir)
	if err != nil {
		t.Fatalf("Load(WriteInputs(in)): %v", err)
	}
	e2, r2, err := back.Build()
	if err != nil {
		t.Fatalf("Build after Load: %v", err)
	}
	if !reflect.DeepEqual(e1, e2) {
		t.Errorf("Estate differs after WriteInputs and Load")
	}
	if !reflect.DeepEqual(r1, r2) {
		t.Errorf("Range differs after WriteInputs and Load")
	}
	return back
}

func TestRoundTripTiny(t *testing.T) {
	back := roundTrip(t, tinyInputs())
	if len(back.Files) != 6 {
		t.Errorf("Files = %v, want 6 files", back.Files)
	}
}

func TestRoundTripSmall(t *testing.T) { roundTrip(t, Small()) }

func TestRoundTripDefault(t *testing.T) {
	if testing.Short() {
		t.Skip("writes and reads the 2,300-store estate")
	}
	roundTrip(t, Default())
}

// TestRoundTripRanges round-trips Small with explicit ranges for some
// stores, with and without per-cell dispersion and profiles.
func TestRoundTripRanges(t *testing.T) {
	in := Small()
	in.Profiles = []model.Weekday{{1.2, 1, 1, 1, 1, 0.9, 0.9}, {0.7, 0.7, 0.7, 1, 1.3, 1.3, 1.3}}
	for s := int32(0); s < 5; s++ {
		for k := int32(0); k < int32(len(in.SKUs)); k += 3 + s {
			in.Ranges = append(in.Ranges, RangeRow{Store: s, SKU: k, Rate: 0.1 + float64(k)/7,
				Dispersion: float64(k%4) - 1, Profile: k%3 - 1})
		}
	}
	back := roundTrip(t, in)
	if !reflect.DeepEqual(back.Ranges, in.Ranges) {
		t.Errorf("Ranges differ after WriteInputs and Load")
	}
}
