package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
)

// outputMarker is the file that marks a directory as a shelfgap run's
// output, which a later run may replace.
const outputMarker = "run.json"

// outError is a refusal to write an output directory because of what is
// already there. It is the user's choice of --out that is wrong, so run
// exits 2.
type outError struct{ msg string }

func (e *outError) Error() string { return e.msg }

// checkOut reports whether out can be written by stage: it must not exist,
// or be an empty directory, or be a directory holding a previous run's
// output (it contains run.json). Anything else (a file, a symlink, a
// directory of the user's own files) is refused, so that no user data is
// ever deleted.
func checkOut(out string) error {
	switch c := filepath.Clean(out); c {
	case ".", "..", string(filepath.Separator):
		return &outError{fmt.Sprintf("output directory %q: want a new or previous output directory, not the current, parent or root directory", out)}
	}
	fi, err := os.Lstat(out)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return &outError{fmt.Sprintf("output directory %q exists and is not a directory; choose another --out", out)}
	}
	if _, err := os.Lstat(filepath.Join(out, outputMarker)); err == nil {
		return nil
	}
	ents, err := os.ReadDir(out)
	if err != nil {
		return err
	}
	if len(ents) > 0 {
		return &outError{fmt.Sprintf("output directory %q exists and is not a shelfgap output (it has no %s); choose another --out or remove it", out, outputMarker)}
	}
	return nil
}

// stage writes the directory out atomically. fill writes every file into
// a new temporary directory created beside out (".shelfgap-tmp-*" in the
// same parent, so that renaming is atomic); only if fill succeeds and ctx
// is not cancelled is that directory renamed to out. A previous output at
// out (see checkOut) is first renamed aside and removed once the new one
// is in place. On any error, or if ctx is cancelled (Ctrl-C), the
// temporary directory is removed and out is left as it was.
func stage(ctx context.Context, out string, fill func(dir string) error) (err error) {
	if err := checkOut(out); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	parent := filepath.Dir(filepath.Clean(out))
	if err := os.MkdirAll(parent, 0o777); err != nil {
		return err
	}
	tmp, err := mkdirUnique(parent, ".shelfgap-tmp-")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	if err := fill(tmp); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := syncDir(tmp); err != nil {
		return err
	}
	// Check again: out may have appeared while fill ran.
	if err := checkOut(out); err != nil {
		return err
	}
	if _, err := os.Lstat(out); err != nil {
		return os.Rename(tmp, out)
	}
	old, err := mkdirUnique(parent, ".shelfgap-old-")
	if err != nil {
		return err
	}
	if err := os.Remove(old); err != nil { // only the unique name is wanted
		return err
	}
	if err := os.Rename(out, old); err != nil {
		return err
	}
	if err := os.Rename(tmp, out); err != nil {
		if rerr := os.Rename(old, out); rerr != nil {
			return fmt.Errorf("%w (and restoring the previous output failed: %v; it is in %s)", err, rerr, old)
		}
		return err
	}
	return os.RemoveAll(old)
}

// syncDir flushes a directory's entries to disk, so that a rename that
// follows does not publish a directory whose files are not yet durable.
func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	serr := f.Sync()
	if err := f.Close(); err != nil {
		return err
	}
	// Some file systems do not support syncing a directory; that is no
	// reason to fail a run.
	if serr != nil && !errors.Is(serr, errors.ErrUnsupported) && !errors.Is(serr, syscall.EINVAL) {
		return serr
	}
	return nil
}

// mkdirUnique creates a new directory parent/prefix<random> with the
// ordinary permissions (0777 less the umask; os.MkdirTemp would make it
// private) and returns its path.
func mkdirUnique(parent, prefix string) (string, error) {
	for {
		dir := filepath.Join(parent, prefix+strconv.FormatUint(rand.Uint64(), 36))
		err := os.Mkdir(dir, 0o777)
		if !errors.Is(err, fs.ErrExist) {
			return dir, err
		}
	}
}
