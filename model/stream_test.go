package model

import (
	"math"
	"testing"
)

func TestExpNeg(t *testing.T) {
	for x := 0.0; x < 60; x += 0.0137 {
		got, want := expNeg(x), math.Exp(-x)
		if math.Abs(got-want) > 1e-11*want {
			t.Fatalf("expNeg(%v) = %v, want %v", x, got, want)
		}
	}
}

func TestGammaLevel(t *testing.T) {
	for i := 1; i < len(gammaLevels); i++ {
		if got := gammaLevel(gammaLevels[i]); int(got) != i {
			t.Errorf("gammaLevel(%v) = %d, want %d", gammaLevels[i], got, i)
		}
	}
	for _, k := range []float64{0, -1, math.NaN(), 1e9} {
		if got := gammaLevel(k); got != 0 {
			t.Errorf("gammaLevel(%v) = %d, want 0 (Poisson)", k, got)
		}
	}
}
