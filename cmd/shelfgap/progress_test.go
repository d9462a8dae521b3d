package main

import (
	"bytes"
	"testing"
	"time"
)

func TestProgressLine(t *testing.T) {
	p := &progress{label: "simulating", width: 10}
	tests := []struct {
		done, total int64
		elapsed     time.Duration
		want        string
	}{
		{0, 100, 0, "simulating [··········]   0%"},
		{50, 100, 10 * time.Second, "simulating [#####·····]  50%  0:10 left"},
		{25, 100, 90 * time.Second, "simulating [##········]  25%  4:30 left"},
		{100, 100, 20 * time.Second, "simulating [##########] 100%"},
		{150, 100, 0, "simulating [##########] 100%"}, // clamped
	}
	for _, tt := range tests {
		if got := p.line(tt.done, tt.total, tt.elapsed); got != tt.want {
			t.Errorf("line(%d, %d, %v) = %q, want %q", tt.done, tt.total, tt.elapsed, got, tt.want)
		}
	}
}

// TestProgressSilent checks that a progress bar on a writer that is not a
// terminal, or with --quiet, writes nothing.
func TestProgressSilent(t *testing.T) {
	for _, quiet := range []bool{false, true} {
		var b bytes.Buffer
		p := newProgress(&b, "simulating", quiet)
		p.update(1, 2)
		p.update(2, 2)
		p.done()
		if b.Len() != 0 {
			t.Errorf("progress on a buffer (quiet %v) wrote %q, want nothing", quiet, b.String())
		}
	}
}

// TestProgressThrottle checks that an enabled bar redraws at most every
// 100 ms, always draws completion, and clears its line when done.
func TestProgressThrottle(t *testing.T) {
	var b bytes.Buffer
	now := time.Unix(0, 0)
	p := &progress{w: &b, on: true, label: "x", width: 4, every: 100 * time.Millisecond, now: func() time.Time { return now }}
	p.update(1, 4) // draws: the first call
	now = now.Add(50 * time.Millisecond)
	p.update(2, 4) // too soon
	now = now.Add(60 * time.Millisecond)
	p.update(3, 4) // 110 ms after the first
	p.update(4, 4) // completion always draws
	p.done()
	want := "\rx [#···]  25%\x1b[K" + "\rx [###·]  75%\x1b[K" + "\rx [####] 100%\x1b[K" + "\r\x1b[K"
	if got := b.String(); got != want {
		t.Errorf("progress wrote %q, want %q", got, want)
	}
}
