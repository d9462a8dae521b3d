package model

// The uncertain parameters are drawn over the replicates as a Latin
// hypercube (McKay, Beckman & Conover 1979, "A comparison of three methods
// for selecting values of input variables in the analysis of output from
// a computer code", Technometrics 21(2)): each parameter's range is cut
// into R strata of equal probability, R the number of replicates, and
// each stratum gets exactly one replicate, at a uniform point within it;
// which replicate gets which stratum is a random permutation per
// parameter, so the parameters are paired at random. Each replicate's
// draw is still uniform over the range, so means and quantiles over the
// replicates estimate the same things as with independent draws, with
// less variance: 20 replicates cover every parameter's range evenly, and
// the P10-P90 bands do not depend on a few lucky or unlucky draws.

// lhsUnit returns replicate rep's point in [0, 1) for parameter i (1 to
// 7, params' order), of reps replicates, given u, the replicate's own
// uniform draw for it: (stratum + u) / reps, the stratum being rep's place
// in parameter i's permutation.
func lhsUnit(seed uint64, i uint64, rep, reps int, u float64) float64 {
	if reps <= 1 {
		return u
	}
	return (float64(lhsStratum(seed, i, rep, reps)) + u) / float64(reps)
}

// lhsStratum returns the stratum (0 to reps-1) of replicate rep for
// parameter i: element rep of a Fisher-Yates shuffle of 0..reps-1 keyed by
// (seed, i).
func lhsStratum(seed uint64, i uint64, rep, reps int) int {
	k := key(seed, 0, int(i), 0, streamParams) ^ 0x4C4853 // "LHS": not a replicate's key
	perm := make([]int32, reps)
	for j := range perm {
		perm[j] = int32(j)
	}
	for j := reps - 1; j > 0; j-- {
		x := int(bits(k, uint64(j)) % uint64(j+1))
		perm[j], perm[x] = perm[x], perm[j]
	}
	return int(perm[rep])
}
