//go:build !(goexperiment.simd && amd64)

package model

// useSIMD is false: this build has no SIMD demand draw (see draw_simd.go),
// and the compiler drops the branch to it.
const useSIMD = false

// simdPad is the spare capacity of per-cell state arrays (see newState).
const simdPad = 0

// simdMin: see draw_simd.go.
const simdMin = 0

func (w *worker) drawSIMD(kD uint64, clo, m int, pd, traffic float64) int {
	panic("model: drawSIMD without SIMD")
}

func (en *engine) buildSIMD() {}

const countMax = 0

func countBelow(a []float64, m int, x float64) int {
	panic("model: countBelow without SIMD")
}

func (w *worker) passSIMD(clo, m, d, slot, rslot int, kA uint64, fill []float32, req []int64, dowBit uint8, cLost, cDelay, shrink float64, perish bool, cb int32, cohLo *int32, lead int32, full bool) (int32, int64, int, float64) {
	panic("model: passSIMD without SIMD")
}
