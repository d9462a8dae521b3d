package data

import (
	"reflect"
	"testing"
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
