package model

import (
	"sync"
	"sync/atomic"
)

// fanOut runs f(g, i) for i = 0 to n-1 on p goroutines, g = 0 to p-1
// numbering the goroutine, which take the indices chunk at a time, in
// order, as they come free (one goroutine: in the caller's). f must write
// only what belongs to i, or to g (a worker's scratch or sums), so that
// the results do not depend on the schedule.
func fanOut(p, n, chunk int, f func(g, i int)) {
	if p <= 1 {
		for i := range n {
			f(0, i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for g := range p {
		wg.Go(func() {
			for {
				i0 := int(next.Add(int64(chunk))) - chunk
				if i0 >= n {
					return
				}
				for i := i0; i < min(i0+chunk, n); i++ {
					f(g, i)
				}
			}
		})
	}
	wg.Wait()
}

// part returns the bounds of part k of p of n elements.
func part(n, k, p int) (lo, hi int) { return n * k / p, n * (k + 1) / p }
