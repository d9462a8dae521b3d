//go:build !linux

package main

// peakMemory returns 0: the peak resident memory is only read on Linux.
func peakMemory() int64 { return 0 }
