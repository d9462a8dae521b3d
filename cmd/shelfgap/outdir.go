package main

// This file is the one place that decides what shelfgap may write, replace
// or delete in an output directory (--out of run, estate and calibrate).
//
// The rule: shelfgap deletes only files it wrote. Every output directory
// it writes holds run.json, whose "outputs" list names every other file of
// the directory with its SHA-256 (reports.OutputFile). A directory is a
// previous output, which a new one may replace, only if it holds run.json
// and the files it lists, each unchanged, and nothing else. Anything more
// (a report the user saved beside the charts), a listed file whose bytes
// changed since, a subdirectory or a run.json without a manifest, and the
// directory is refused before any work is done, with the name of what is
// in the way. Replacing removes the listed files one by one and then the
// directory with a non-recursive remove, so a file that appears in the
// meantime is left where it is.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"github.com/shelfgap/shelfgap/reports"
)

// Prefixes of the directories stage creates beside --out: the new output
// while it is written, and a previous output while it is replaced.
const (
	tmpPrefix = ".shelfgap-tmp-"
	oldPrefix = ".shelfgap-old-"
)

// outError is a refusal to write an output directory because of what is
// already there or of where it is. It is the user's choice of --out that
// is wrong, so run exits 2.
type outError struct{ msg string }

func (e *outError) Error() string { return e.msg }

func outErrorf(format string, args ...any) error {
	return &outError{fmt.Sprintf(format, args...)}
}

// previous is a previous output found at --out: its manifest.
type previous struct {
	outputs []reports.OutputFile
	nested  map[string]*previous // outputs that are directories: nested outputs (reports.HashOutputs)
}

// checkOut reports whether out can be written by stage: it must not exist
// (and its nearest existing ancestor must be a directory), or be an empty
// directory, or be a previous output (see the rule above). It returns the
// previous output's manifest, or nil if there is none.
func checkOut(out string) (*previous, error) {
	switch c := filepath.Clean(out); c {
	case ".", "..", string(filepath.Separator):
		return nil, outErrorf("output directory %q: want a new or previous output directory, not the current, parent or root directory", out)
	}
	fi, err := os.Lstat(out)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, checkAncestor(out)
	}
	if errors.Is(err, syscall.ENOTDIR) {
		return nil, checkAncestor(out)
	}
	if err != nil {
		return nil, err
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		return nil, outErrorf("output directory %q is a symbolic link; give the directory it points to, or another --out", out)
	}
	if !fi.IsDir() {
		return nil, outErrorf("output directory %q exists and is not a directory; choose another --out", out)
	}
	ents, err := os.ReadDir(out)
	if err != nil {
		return nil, err
	}
	if len(ents) == 0 {
		return nil, nil
	}
	p, err := readManifest(out)
	if err != nil {
		return nil, err
	}
	listed := make(map[string]string, len(p.outputs))
	for _, o := range p.outputs {
		listed[o.Name] = o.SHA256
	}
	var foreign, changed []string
	for _, e := range ents {
		name := e.Name()
		if name == reports.ManifestFile {
			continue
		}
		sum, ok := listed[name]
		path := filepath.Join(out, name)
		switch {
		case ok && e.IsDir():
			// A nested output: held to the same rule, and listed by the
			// hash of its own manifest.
			sub, err := checkOut(path)
			if err != nil {
				return nil, err
			}
			if sub == nil {
				foreign = append(foreign, name)
				continue
			}
			if p.nested == nil {
				p.nested = map[string]*previous{}
			}
			p.nested[name] = sub
			path = filepath.Join(path, reports.ManifestFile)
		case !ok || !e.Type().IsRegular():
			foreign = append(foreign, name)
			continue
		}
		got, err := reports.HashFile(path)
		if err != nil {
			return nil, err
		}
		if got != sum {
			changed = append(changed, name)
		}
	}
	if len(foreign) > 0 {
		return nil, outErrorf("output directory %q holds %s that shelfgap did not write; move %s away or choose another --out (shelfgap replaces a previous output only when it holds nothing else)",
			out, some(foreign), them(foreign))
	}
	if len(changed) > 0 {
		return nil, outErrorf("output directory %q: %s changed since shelfgap wrote %s; move %s away or choose another --out (shelfgap never deletes a file it did not write as it is)",
			out, some(changed), them(changed), them(changed))
	}
	return p, nil
}

// readManifest reads out/run.json's list of outputs, or refuses out as
// not a shelfgap output.
func readManifest(out string) (*previous, error) {
	b, err := os.ReadFile(filepath.Join(out, reports.ManifestFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, outErrorf("output directory %q exists and is not a shelfgap output (it has no %s); choose another --out or remove it", out, reports.ManifestFile)
	}
	if err != nil {
		return nil, err
	}
	var m struct {
		Outputs *[]reports.OutputFile `json:"outputs"`
	}
	if err := json.Unmarshal(b, &m); err != nil || m.Outputs == nil {
		return nil, outErrorf("output directory %q: its %s lists no outputs, so it is not an output shelfgap can replace (it may be the user's, or from an older shelfgap); choose another --out or remove it", out, reports.ManifestFile)
	}
	for _, o := range *m.Outputs {
		if o.Name == "" || o.Name != filepath.Base(o.Name) || o.Name == "." || o.Name == ".." || o.Name == reports.ManifestFile {
			return nil, outErrorf("output directory %q: its %s lists %q, not a file name; choose another --out or remove it", out, reports.ManifestFile, o.Name)
		}
	}
	return &previous{outputs: *m.Outputs}, nil
}

// checkAncestor checks that the nearest existing ancestor of out is a
// directory: "--out afile/sub" is refused before any work is done.
func checkAncestor(out string) error {
	for p := filepath.Dir(filepath.Clean(out)); ; p = filepath.Dir(p) {
		fi, err := os.Stat(p)
		if err == nil {
			if !fi.IsDir() {
				return outErrorf("output directory %q: %s is not a directory; choose another --out", out, p)
			}
			return nil
		}
		if !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR) {
			return err
		}
		if p == filepath.Dir(p) {
			return nil
		}
	}
}

// some names up to three entries: `"a.txt"`, `"a.txt" and "b.csv"`,
// `"a", "b", "c" and 4 more`.
func some(names []string) string {
	slices.Sort(names)
	q := make([]string, 0, 3)
	for _, n := range names[:min(3, len(names))] {
		q = append(q, strconv.Quote(n))
	}
	switch {
	case len(names) == 1:
		return q[0]
	case len(names) <= 3:
		return strings.Join(q[:len(q)-1], ", ") + " and " + q[len(q)-1]
	}
	return strings.Join(q, ", ") + fmt.Sprintf(" and %d more", len(names)-3)
}

func them(names []string) string {
	if len(names) == 1 {
		return "it"
	}
	return "them"
}

// staging is an output directory being written: a new directory beside
// out, created by prepareOut before any work, and published by commit.
type staging struct {
	out, parent, tmp string
	unlock           func()
	// Cleaned lists the stale directories of earlier, killed runs that
	// prepareOut removed; Stale those it left (they hold files shelfgap
	// did not write, or could not be removed).
	Cleaned, Stale []string
}

// prepareOut checks out (checkOut) and creates the temporary directory
// beside it that commit fills and renames, so that a --out that cannot be
// written (a file in its path, a read-only or full parent) is refused
// before the simulation starts. It also cleans the stale temporary
// directories of earlier shelfgap runs in the same parent that were
// killed before they could (see cleanStale). The caller must call commit
// or abort.
//
// A stale directory it cannot remove (it holds files shelfgap did not
// write) is left, and named on notes.
func prepareOut(out string, notes io.Writer) (*staging, error) {
	if _, err := checkOut(out); err != nil {
		return nil, err
	}
	parent := filepath.Dir(filepath.Clean(out))
	if err := os.MkdirAll(parent, 0o777); err != nil {
		return nil, outErrorf("output directory %q: cannot create its parent: %v", out, err)
	}
	s := &staging{out: out, parent: parent}
	s.Cleaned, s.Stale = cleanStale(parent)
	for _, d := range s.Stale {
		fmt.Fprintf(notes, "shelfgap: note: left %s, the directory of an earlier run that was killed: it holds files shelfgap did not write\n", d)
	}
	tmp, err := mkdirUnique(parent, tmpPrefix)
	if err != nil {
		return nil, outErrorf("output directory %q: cannot write in %s: %v", out, parent, err)
	}
	s.tmp = tmp
	s.unlock = lockDir(tmp)
	staging_.Store(tmp, true)
	// A previous output is replaced by renaming it aside and removing its
	// files, which needs write permission on it.
	if fi, err := os.Stat(out); err == nil && fi.IsDir() {
		if err := writable(out); err != nil {
			s.abort()
			return nil, outErrorf("output directory %q cannot be replaced: %v", out, err)
		}
	}
	return s, nil
}

// abort removes the temporary directory.
func (s *staging) abort() {
	if s.tmp == "" {
		return
	}
	os.RemoveAll(s.tmp)
	staging_.Delete(s.tmp)
	s.tmp = ""
	s.unlock()
}

// staging_ holds the temporary directories being written, for
// removeStaging; publishing is held while commit renames them.
var (
	staging_   sync.Map
	publishing sync.Mutex
)

// removeStaging removes every temporary directory being written: the
// last thing an interrupted process does when its command does not stop
// in time (see run).
func removeStaging() {
	publishing.Lock()
	staging_.Range(func(k, _ any) bool {
		os.RemoveAll(k.(string))
		return true
	})
}

// commit writes the output: fill writes every file into the temporary
// directory; if it succeeds and ctx is not cancelled, commit writes the
// manifest (run.json) if fill did not, and renames the directory to out.
// A previous output at out is first renamed aside and its files removed
// once the new one is in place. On any error, or if ctx is cancelled
// (Ctrl-C), the temporary directory is removed and out is left as it was.
func (s *staging) commit(ctx context.Context, fill func(dir string) error) (err error) {
	defer s.abort()
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := fill(s.tmp); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if _, err := os.Lstat(filepath.Join(s.tmp, reports.ManifestFile)); errors.Is(err, fs.ErrNotExist) {
		if err := reports.WriteManifest(s.tmp, reports.NewManifest(version(), nil)); err != nil {
			return err
		}
	}
	if err := syncDir(s.tmp); err != nil {
		return err
	}
	// From the last look at ctx to the renames, removeStaging waits.
	publishing.Lock()
	defer publishing.Unlock()
	if err := ctx.Err(); err != nil {
		return err
	}
	// Check again: out may have appeared or changed while fill ran.
	prev, err := checkOut(s.out)
	if err != nil {
		return err
	}
	if _, err := os.Lstat(s.out); err != nil {
		if err := os.Rename(s.tmp, s.out); err != nil {
			return err
		}
		staging_.Delete(s.tmp)
		s.tmp = ""
		s.unlock()
		return nil
	}
	old, err := mkdirUnique(s.parent, oldPrefix)
	if err != nil {
		return err
	}
	if err := os.Remove(old); err != nil { // only the unique name is wanted
		return err
	}
	if err := os.Rename(s.out, old); err != nil {
		return err
	}
	if err := os.Rename(s.tmp, s.out); err != nil {
		if rerr := os.Rename(old, s.out); rerr != nil {
			return fmt.Errorf("%w (and restoring the previous output failed: %v; it is in %s)", err, rerr, old)
		}
		return err
	}
	staging_.Delete(s.tmp)
	s.tmp = ""
	s.unlock()
	if prev == nil {
		return os.Remove(old) // it was empty
	}
	if err := removeOutput(old, prev); err != nil {
		return fmt.Errorf("the new output is in %s, but the previous one could not be removed from %s: %w", s.out, old, err)
	}
	return nil
}

// stage is prepareOut and commit in one, for a command with no work to do
// between them.
func stage(ctx context.Context, out string, fill func(dir string) error) error {
	s, err := prepareOut(out, io.Discard)
	if err != nil {
		return err
	}
	return s.commit(ctx, fill)
}

// removeOutput removes the files of p's manifest and run.json from dir,
// then dir itself, which fails if it holds anything else.
func removeOutput(dir string, p *previous) error {
	for _, o := range p.outputs {
		if sub := p.nested[o.Name]; sub != nil {
			if err := removeOutput(filepath.Join(dir, o.Name), sub); err != nil {
				return err
			}
			continue
		}
		if err := os.Remove(filepath.Join(dir, o.Name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	if err := os.Remove(filepath.Join(dir, reports.ManifestFile)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return os.Remove(dir)
}

// cleanStale removes the directories that shelfgap runs killed in the
// middle of writing (kill -9, a power cut) left in parent: a temporary
// directory (.shelfgap-tmp-*) is removed if it holds only files, and a
// previous output set aside (.shelfgap-old-*) by the rule of removeOutput.
// A directory that a running shelfgap holds (it keeps its temporary
// directory locked) is left alone. It returns the directories removed and
// those left.
func cleanStale(parent string) (cleaned, stale []string) {
	ents, err := os.ReadDir(parent)
	if err != nil {
		return nil, nil
	}
	for _, e := range ents {
		name := e.Name()
		isTmp, isOld := strings.HasPrefix(name, tmpPrefix), strings.HasPrefix(name, oldPrefix)
		if !e.IsDir() || !isTmp && !isOld {
			continue
		}
		dir := filepath.Join(parent, name)
		unlock, ok := tryLockDir(dir)
		if !ok {
			continue // in use by a running shelfgap
		}
		var err error
		if isTmp {
			err = removeFiles(dir)
		} else {
			var p *previous
			if p, err = readManifest(dir); err == nil {
				err = removeOutput(dir, p)
			}
		}
		unlock()
		if err != nil {
			stale = append(stale, dir)
		} else {
			cleaned = append(cleaned, dir)
		}
	}
	return cleaned, stale
}

// removeFiles removes the regular files in dir, then dir, which fails if
// dir holds anything else.
func removeFiles(dir string) error {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range ents {
		if e.Type().IsRegular() {
			if err := os.Remove(filepath.Join(dir, e.Name())); err != nil {
				return err
			}
		}
	}
	return os.Remove(dir)
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
