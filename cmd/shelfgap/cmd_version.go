package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
)

type versionCommand struct{}

func newVersionCommand() command { return versionCommand{} }

func (versionCommand) Name() string     { return "version" }
func (versionCommand) Synopsis() string { return "print the version of shelfgap" }

func (c versionCommand) Usage(w io.Writer) {
	fmt.Fprint(w, `usage: shelfgap version

Prints shelfgap's version: the module version when installed with
'go install', the commit when built or run ('go run') from a git checkout
(with "-dirty" if it had uncommitted changes), or "devel" otherwise; then the Go
version and platform. run.json records the same version.

Examples:
  $ shelfgap version
`)
}

func (c versionCommand) Run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet(c)
	if err := parseFlags(c, fs, args, stdout); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef(c, "want no arguments, got %q", fs.Arg(0))
	}
	_, err := fmt.Fprintf(stdout, "shelfgap %s (%s %s/%s)\n", version(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return err
}

// version is shelfgap's version, from the binary's build information;
// failing that (go run does not stamp it: golang/go#75033), from the git
// checkout the binary was compiled from, when it is still there.
func version() string {
	v := resolveVersion(debug.ReadBuildInfo())
	if v == "devel" {
		if g := gitVersion(sourceDir()); g != "" {
			return g
		}
	}
	return v
}

// sourceDir is the directory this file was compiled from, or "" if the
// build trimmed paths.
func sourceDir() string {
	_, file, _, ok := runtime.Caller(0)
	if !ok || !filepath.IsAbs(file) {
		return ""
	}
	return filepath.Dir(file)
}

// gitVersion returns the commit of the git checkout holding dir, shortened
// to 12 digits, with "-dirty" if the checkout has uncommitted changes to
// tracked files (as go build stamps it); "" if dir is not in a checkout or
// git is not installed.
func gitVersion(dir string) string {
	if dir == "" {
		return ""
	}
	if _, err := os.Stat(dir); err != nil {
		return ""
	}
	rev, err := exec.Command("git", "-C", dir, "rev-parse", "HEAD").Output()
	if err != nil {
		return ""
	}
	v := strings.TrimSpace(string(rev))
	if len(v) > 12 {
		v = v[:12]
	}
	if st, err := exec.Command("git", "-C", dir, "status", "--porcelain", "--untracked-files=no").Output(); err == nil && len(bytes.TrimSpace(st)) > 0 {
		v += "-dirty"
	}
	return v
}

// resolveVersion returns the main module's version if it has one (a
// binary built by 'go install module@version'); otherwise the VCS
// revision, shortened to 12 digits and marked "-dirty" if the tree was
// modified; otherwise "devel".
func resolveVersion(info *debug.BuildInfo, ok bool) string {
	if !ok || info == nil {
		return "devel"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev string
	var dirty bool
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return "devel"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if dirty {
		rev += "-dirty"
	}
	return rev
}
