package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"golang.org/x/term"
)

// progress draws a one-line progress bar on a terminal:
//
//	simulating [##########··········]  50%  0:12 left
//
// It is silent unless enabled; newProgress enables it only when the
// writer is a terminal, so that logs and pipes get no control characters.
// Its update method is a model.Options.Progress callback: it is called
// from one goroutine and redraws at most every 100 ms.
type progress struct {
	w           io.Writer
	on          bool
	label       string
	start, last time.Time
	drawn       bool
	now         func() time.Time
	every       time.Duration // least time between redraws
	width       int           // bar width in cells
}

// newProgress returns a progress bar on w, enabled when w is a terminal
// and quiet is false.
func newProgress(w io.Writer, label string, quiet bool) *progress {
	return &progress{
		w:     w,
		on:    !quiet && isTerminal(w),
		label: label,
		now:   time.Now,
		every: 100 * time.Millisecond,
		width: 30,
	}
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// update records that done of total units of work are complete.
func (p *progress) update(done, total int64) {
	if !p.on || total <= 0 {
		return
	}
	now := p.now()
	if p.start.IsZero() {
		p.start = now
	}
	if done < total && now.Sub(p.last) < p.every {
		return
	}
	p.last = now
	p.drawn = true
	fmt.Fprintf(p.w, "\r%s\x1b[K", p.line(done, total, now.Sub(p.start)))
}

// line renders the bar for done of total after elapsed.
func (p *progress) line(done, total int64, elapsed time.Duration) string {
	frac := float64(done) / float64(total)
	frac = min(max(frac, 0), 1)
	n := int(frac * float64(p.width))
	bar := strings.Repeat("#", n) + strings.Repeat("·", p.width-n)
	s := fmt.Sprintf("%s [%s] %3d%%", p.label, bar, int(100*frac))
	if frac > 0.02 && frac < 1 && elapsed > time.Second {
		left := time.Duration(float64(elapsed) * (1 - frac) / frac)
		s += "  " + clock(left) + " left"
	}
	return s
}

// clock formats d as m:ss.
func clock(d time.Duration) string {
	s := int(d.Round(time.Second) / time.Second)
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// done clears the bar, so that what follows starts on a clean line.
func (p *progress) done() {
	if p.on && p.drawn {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.drawn = false
	}
}
