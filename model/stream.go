package model

import (
	"math"
	"sync"

	"gonum.org/v1/gonum/stat/distuv"
)

// Counter-based random numbers. Every random number in a run is a pure
// function of (seed, replicate, store, day, stream, counter): a 64-bit key is
// derived once per store-day and stream with splitmix64's finaliser, and the
// counter (usually the SKU index) is mixed in per draw. So demand for a
// store x SKU x day is the same in every scenario of a replicate (common
// random numbers) and in every goroutine schedule.

// Streams separate independent uses of the same (store, day).
const (
	streamDemand   uint64 = iota + 1 // per cell: demand, five-way split or shrink, gamma quantile
	streamOrder                      // per cell: push rounding, core-range estimate
	streamAlloc                      // per cell: rounding of DC allocations
	_                                // reserved (the old gamma stream), so later streams keep their values
	streamSample                     // per store: quick-mode sample
	streamParams                     // per replicate: uncertain parameters
	streamSubst                      // per category: substitution choices
	streamInit                       // per store: the rolling count's starting line
	streamForecast                   // per store and replicate: the central forecast's error (allocError)
)

const golden = 0x9E3779B97F4A7C15

// mix is the splitmix64 finaliser: a bijective avalanche of x.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xBF58476D1CE4E5B9
	x ^= x >> 27
	x *= 0x94D049BB133111EB
	x ^= x >> 31
	return x
}

// key returns the key of (seed, rep, unit, day, stream). unit is a store or
// DC index; day is the day counted from the start of warm-up (>= 0).
func key(seed uint64, rep, unit, day int, stream uint64) uint64 {
	h := mix(seed + golden)
	h = mix(h ^ uint64(rep))
	h = mix(h ^ uint64(unit)<<20 ^ uint64(day))
	return mix(h ^ stream*golden)
}

// bits returns the i-th 64 random bits of key k.
func bits(k uint64, i uint64) uint64 { return mix(k + (i+1)*golden) }

// unit53 maps 64 random bits to [0, 1) with 53 bits of resolution.
func unit53(b uint64) float64 { return float64(b>>11) * 0x1p-53 }

// hi32 and lo32 map the halves of 64 random bits to [0, 1).
func hi32(b uint64) float64 { return float64(b>>32) * 0x1p-32 }
func lo32(b uint64) float64 { return float64(uint32(b)) * 0x1p-32 }

// mid20 maps bits 12-31 of b to [0, 1) (20 bits of resolution).
func mid20(b uint64) float64 { return float64((b>>12)&(1<<20-1)) * 0x1p-20 }

// poisson returns the Poisson(mu) quantile at u in [0, 1): inversion by
// sequential search for mu < 30, which is monotone in u and mu (so common
// random numbers couple scenarios), and the normal approximation with
// continuity correction above.
//
// Bounds on e^-mu from its Taylor series (alternating, so each truncation
// bounds it): lo = 1 - mu + mu^2/2 - mu^3/6 <= e^-mu <= 1 - mu + mu^2/2 =
// hi. A uniform below lo is a zero draw; one in [hi, lo(1+mu)) lies between
// P(X=0) and P(X<=1), so is a one. Most cells sell under a unit a day, so
// most draws need no exponential. (For mu >= 2, hi >= 1 and lo < 0, so
// every draw goes to poissonSlow; for mu = 0, lo = 1 and every draw is a
// zero.)
func poisson(mu, u float64) int32 {
	if k, ok := poissonQuick(mu, u); ok != 0 {
		return k
	}
	return poissonSlow(mu, u)
}

// poissonQuick returns the draw if the shortcuts decide it (ok != 0), deciding
// without branches: which draw is a zero is random, so a branch on it
// would be mispredicted. It inlines into the daily step.
func poissonQuick(mu, u float64) (k int32, ok uint64) {
	hi := 1 - mu*(1-mu*0.5)
	lo := hi - mu*mu*mu*(1.0/6)
	// Sign bits of differences: 1 where u lies below the bound (x-y is +0
	// or positive exactly when x >= y): a zero below lo; a one at or above
	// hi and below lo(1+mu).
	bl := math.Float64bits(u-lo) >> 63
	one := (math.Float64bits(u-lo*(1+mu)) &^ math.Float64bits(u-hi)) >> 63
	return int32(1 - bl), bl | one
}

// ge returns 1 if x >= y, else 0, without a branch: x-y is +0 or positive
// exactly when x >= y (x, y not NaN).
func ge(x, y float64) uint64 { return 1 - math.Float64bits(x-y)>>63 }

// poissonSlow is poisson without the shortcuts.
func poissonSlow(mu, u float64) int32 {
	if mu <= 0 {
		return 0
	}
	if mu < 30 {
		// k counts the terms of the CDF at or below u. The first
		// poissonTerms are counted without branches (where a search stops
		// is random, so its exit branch is mispredicted); the search goes
		// on from there if u lies beyond them.
		p := expNeg(mu)
		f := p
		k := 0
		for j := 1; j <= poissonTerms; j++ {
			k += 1 - int(math.Float64bits(u-f)>>63) // u >= f: u-f is +0 or positive
			p *= mu * invInt[j]                     // a multiplication, not a division, in the chain
			f += p
		}
		if k < poissonTerms {
			return int32(k)
		}
		for u >= f && k < len(invInt)-1 {
			k++
			p *= mu * invInt[k]
			f += p
		}
		return int32(k)
	}
	x := math.Floor(mu + math.Sqrt(mu)*normInv(u) + 0.5)
	if x < 0 {
		return 0
	}
	return int32(x)
}

// poissonTerms is how many terms of the Poisson CDF poissonSlow counts
// without branches.
const poissonTerms = 8

// invInt[k] = 1/k, for the sequential search in poissonSlow.
var invInt = func() (t [201]float64) {
	for k := 1; k < len(t); k++ {
		t[k] = 1 / float64(k)
	}
	return t
}()

// expTab[j] = 2^(-j/64).
var expTab = func() (t [64]float64) {
	for j := range t {
		t[j] = math.Exp2(-float64(j) / 64)
	}
	return t
}()

// expNeg returns e^-x for 0 <= x < 700, with relative error below 1e-11:
// x = m*ln2/64 + r with 0 <= r < ln2/64, e^-x = 2^-(m/64) e^-r, the first
// factor from a table and the second by its Taylor series to r^4. It is
// several times faster than math.Exp, which dominated the demand draw.
func expNeg(x float64) float64 {
	const k = 64 / math.Ln2
	m := int64(x * k)
	r := x - float64(m)*(math.Ln2/64)
	e := 1 - r*(1-r*(0.5-r*(1.0/6-r*(1.0/24))))
	v := e * expTab[m&63]
	return math.Float64frombits(math.Float64bits(v) - uint64(m>>6)<<52)
}

// normInv returns the standard normal quantile at p (Acklam's rational
// approximation, relative error < 1.2e-9). p is clamped to (0, 1).
func normInv(p float64) float64 {
	const (
		a1, a2, a3, a4, a5, a6 = -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00
		b1, b2, b3, b4, b5     = -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01
		c1, c2, c3, c4, c5, c6 = -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00
		d1, d2, d3, d4         = 7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00
		plow                   = 0.02425
	)
	p = min(max(p, 1e-300), 1-1e-16)
	switch {
	case p < plow:
		q := math.Sqrt(-2 * math.Log(p))
		return (((((c1*q+c2)*q+c3)*q+c4)*q+c5)*q + c6) / ((((d1*q+d2)*q+d3)*q+d4)*q + 1)
	case p <= 1-plow:
		q := p - 0.5
		r := q * q
		return (((((a1*r+a2)*r+a3)*r+a4)*r+a5)*r + a6) * q / (((((b1*r+b2)*r+b3)*r+b4)*r+b5)*r + 1)
	default:
		q := math.Sqrt(-2 * math.Log(1-p))
		return -(((((c1*q+c2)*q+c3)*q+c4)*q+c5)*q + c6) / ((((d1*q+d2)*q+d3)*q+d4)*q + 1)
	}
}

// Gamma quantile tables. Over-dispersed demand is Poisson with a mean
// multiplied by a Gamma(shape k, scale 1/k) variate (mean 1, variance 1/k),
// which makes daily demand negative binomial with Var = mu + mu^2/k. The
// variate is read from a table of gammaSize quantiles at the midpoints of
// equal-probability bins, rescaled to mean exactly 1; k is rounded to the
// nearest of gammaLevels (log-spaced, at most 5% apart). The truncated tails
// leave the variance a little short of 1/k: within 2% for k >= 0.5.
const (
	gammaBits = 12
	gammaSize = 1 << gammaBits
)

// gammaLevels[0] = 0 means Poisson; then k from 0.05 to about 200.
var gammaLevels = func() []float64 {
	ls := []float64{0}
	for i := 0; i < 100; i++ {
		ls = append(ls, 0.05*math.Pow(1.1, float64(i)))
	}
	return ls
}()

// gammaLevel returns the index of the level nearest k (in log scale); 0
// (Poisson) for k <= 0 and for k far above the last level.
func gammaLevel(k float64) uint8 {
	if !(k > 0) || k > 2*gammaLevels[len(gammaLevels)-1] {
		return 0
	}
	i := 1 + int(math.Round(math.Log(k/gammaLevels[1])/math.Log(1.1)))
	return uint8(max(1, min(i, len(gammaLevels)-1)))
}

var (
	gammaMu  sync.Mutex
	gammaTab = make([][]float32, len(gammaLevels))
)

// gammaTable returns the quantile table of level i, computing it once with
// gonum's distuv.Gamma.
func gammaTable(i uint8) []float32 {
	gammaMu.Lock()
	defer gammaMu.Unlock()
	if t := gammaTab[i]; t != nil || i == 0 {
		return t
	}
	k := gammaLevels[i]
	g := distuv.Gamma{Alpha: k, Beta: k}
	t := make([]float32, gammaSize)
	sum := 0.0
	q := make([]float64, gammaSize)
	for j := range q {
		q[j] = g.Quantile((float64(j) + 0.5) / gammaSize)
		sum += q[j]
	}
	for j := range q {
		t[j] = float32(q[j] * gammaSize / sum)
	}
	gammaTab[i] = t
	return t
}
