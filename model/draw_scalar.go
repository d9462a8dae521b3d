//go:build !(goexperiment.simd && amd64)

package model

// useSIMD is false: this build has no SIMD demand draw (see draw_simd.go),
// and the compiler drops the branch to it.
const useSIMD = false

func (w *worker) drawSIMD(kD uint64, clo, m int, pd, traffic float64) int {
	panic("model: drawSIMD without SIMD")
}

func (en *engine) buildSIMD() {}
