package model

import (
	"math"
	"slices"
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

// TestPoissonShortcut: the zero- and one-draw shortcuts never change a
// draw. For a
// grid of mu and uniforms, poisson agrees with plain inversion from
// math.Exp.
func TestPoissonShortcut(t *testing.T) {
	plain := func(mu, u float64) int32 {
		p := math.Exp(-mu)
		f, k := p, int32(0)
		for u >= f && k < 200 {
			k++
			p *= mu / float64(k)
			f += p
		}
		return k
	}
	for mu := 0.001; mu < 29; mu *= 1.07 {
		for u := 0.0; u < 1; u += 0.000391 {
			if got, want := poisson(mu, u), plain(mu, u); got != want {
				t.Fatalf("poisson(%v, %v) = %d, want %d", mu, u, got, want)
			}
		}
	}
}

// TestLowerBound: the branch-free search finds what slices.BinarySearch
// finds, ties and values outside the range included.
func TestLowerBound(t *testing.T) {
	for n := 1; n <= 40; n++ {
		a := make([]float64, n)
		for i := range a {
			a[i] = float64(i / 3) // runs of equal values, as in a cumulative sum past empty shelves
		}
		for x := -1.0; x <= float64(n/3)+1; x += 0.25 {
			want, _ := slices.BinarySearch(a, x)
			if got := lowerBound(a, x); got != want {
				t.Fatalf("n=%d: lowerBound(%v) = %d, want %d", n, x, got, want)
			}
		}
	}
}

func TestGe(t *testing.T) {
	for _, c := range []struct {
		x, y float64
		want uint64
	}{{1, 0, 1}, {0, 0, 1}, {0, 1, 0}, {-1e-300, 0, 0}, {0.5, 0.5 + 1e-16, 0}, {math.Inf(1), 1, 1}} {
		if got := ge(c.x, c.y); got != c.want {
			t.Errorf("ge(%v, %v) = %d, want %d", c.x, c.y, got, c.want)
		}
	}
}

// TestCases: the division-free ceil(n/casepack) is exact.
func TestCases(t *testing.T) {
	for _, cp := range []int32{1, 2, 3, 6, 7, 12, 24, 100, 999, 1 << 15, 1<<31 - 1} {
		p := skuParam{casepack: cp}
		p.setCases()
		for _, n := range []int32{0, 1, 2, cp - 1, cp, cp + 1, 2*cp - 1, 5 * cp, 12345, 1<<30 + 7, 1<<31 - 1 - cp} {
			if n < 0 || n > 1<<31-1-cp {
				continue
			}
			if got, want := p.cases(n), int32((int64(n)+int64(cp)-1)/int64(cp)); got != want {
				t.Errorf("casepack %d: cases(%d) = %d, want %d", cp, n, got, want)
			}
		}
	}
}

// TestDeferDemand: deferred demand is spread evenly over the next
// DelayDays days' slots of the cell (state.Ret's packing, across words for
// windows over 3 days), the first days taking the remainder, saturating at
// MaxInt16, leaving today's slot and the neighbouring cells alone.
func TestDeferDemand(t *testing.T) {
	const n = 3
	slot := func(ret []uint64, W, r, i int) int32 {
		return int32(ret[r/4*n+i] >> (16 * (r % 4)) & 0xFFFF)
	}
	for _, W := range []int{1, 2, 3, 4, 6, 14} {
		for rslot := range W + 1 {
			for _, del := range []int32{0, 1, 2, 5, int32(W), int32(3*W + 1), 40000} {
				for _, pre := range []int32{0, 32760} {
					ret := make([]uint64, retWords(W)*n)
					for r := range W + 1 {
						for i := range n {
							v := uint64(7)
							if i == 1 {
								v = uint64(pre)
							}
							ret[r/4*n+i] |= v << (16 * (r % 4))
						}
					}
					deferDemand(ret, n, W, 1, rslot, del)
					for jj := range W {
						r := (rslot + 1 + jj) % (W + 1)
						want := del / int32(W)
						if int32(jj) < del%int32(W) {
							want++
						}
						want = min(pre+want, math.MaxInt16)
						if got := slot(ret, W, r, 1); got != want {
							t.Fatalf("W %d rslot %d del %d pre %d: day +%d (slot %d) holds %d, want %d", W, rslot, del, pre, jj+1, r, got, want)
						}
					}
					if got := slot(ret, W, rslot, 1); got != pre {
						t.Fatalf("W %d rslot %d del %d: today's slot holds %d, want %d", W, rslot, del, got, pre)
					}
					for r := range W + 1 {
						for _, i := range []int{0, 2} {
							if got := slot(ret, W, r, i); got != 7 {
								t.Fatalf("W %d rslot %d del %d: cell %d slot %d holds %d, want 7", W, rslot, del, i, r, got)
							}
						}
					}
				}
			}
		}
	}
}
