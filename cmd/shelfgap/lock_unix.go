//go:build unix

package main

import (
	"os"
	"syscall"
)

// lockDir takes an exclusive advisory lock on directory dir for as long as
// this process writes it, so that another shelfgap's cleanStale leaves it
// alone; the lock follows the directory when it is renamed, and ends with
// the returned function or the process. A directory that cannot be locked
// is written unlocked.
func lockDir(dir string) (unlock func()) {
	f, err := os.Open(dir)
	if err != nil {
		return func() {}
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return func() {}
	}
	return func() { f.Close() }
}

// tryLockDir locks dir if no other process holds it: ok is false while a
// running shelfgap writes it.
func tryLockDir(dir string) (unlock func(), ok bool) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, false
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, false
	}
	return func() { f.Close() }, true
}

// writable reports whether this process may create and remove entries in
// dir (a read-only directory or file system is not).
func writable(dir string) error {
	return syscall.Access(dir, 2) // W_OK
}
