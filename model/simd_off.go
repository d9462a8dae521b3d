//go:build !(goexperiment.simd && amd64)

package model

// This build has no vector kernels (see simd.go): the step runs the plain
// kernels, and the compiler drops the branches to the others.

const (
	useSIMD  = false
	simdPad  = 0 // spare capacity of per-cell state arrays (newState)
	simdMin  = 0
	countMax = 0
)

// vector is plain: there are no twins in this build.
var vector = plain

func (en *engine) buildSIMD() {}

func countBelow(a []float64, m int, x float64) int {
	panic("model: countBelow without SIMD")
}
