package main

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

type versionCommand struct{}

func newVersionCommand() command { return versionCommand{} }

func (versionCommand) Name() string     { return "version" }
func (versionCommand) Synopsis() string { return "print the version of shelfgap" }

func (c versionCommand) Usage(w io.Writer) {
	fmt.Fprint(w, `usage: shelfgap version

Prints shelfgap's version: the module version when installed with
'go install', the commit when built from a git checkout (with "-dirty"
if it had uncommitted changes), or "devel" otherwise; then the Go
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

// version is shelfgap's version, from the binary's build information.
func version() string { return resolveVersion(debug.ReadBuildInfo()) }

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
