package main

import "syscall"

// peakMemory returns the process's peak resident memory in bytes (the
// figure /usr/bin/time -v reports as maximum resident set size), or 0.
func peakMemory() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Maxrss * 1024 // kilobytes on Linux
}
