package main

// This file is the only place that decides exit codes and prints errors.
//
// # Adding a subcommand
//
// A subcommand is a value of the command interface below, in a file of its
// own (cmd_NAME.go) with a constructor newNAMECommand, listed once in
// commands(). Its Run method:
//
//   - parses args with a flag.FlagSet built by newFlagSet(c, stdout)
//     and returns parseFlags(c, fs, args, stdout)'s error as is (it turns
//     -h/--help into errHelp after printing Usage to stdout, and a bad flag
//     into a *usageError);
//   - returns usagef(c, ...) for any other misuse (a missing or conflicting
//     flag, an unexpected argument), so that run prints a "Try" hint and
//     exits 2;
//   - returns input errors (*data.Error, *model.FieldError) unwrapped or
//     wrapped with %w, so that errors.As finds them and run exits 2;
//   - writes its results to stdout and progress to stderr, never prints an
//     error itself, and never calls os.Exit;
//   - writes an output directory only through stage (outdir.go), passing
//     ctx so that an interrupt removes the half-written directory.
//
// Usage(w) prints the synopsis line "usage: shelfgap NAME [flags]", a
// paragraph of what the command does, the flags (fs.PrintDefaults) and
// "Examples:" with "$ shelfgap NAME ..." lines. Synopsis() is the one-line
// description shown by "shelfgap help".

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/shelfgap/shelfgap/data"
	"github.com/shelfgap/shelfgap/model"
)

// command is one subcommand of shelfgap.
type command interface {
	// Name is the word that selects the command: "run", "estate", ...
	Name() string
	// Synopsis is a one-line description for the command list.
	Synopsis() string
	// Usage prints the command's help, flags and examples to w.
	Usage(w io.Writer)
	// Run runs the command with the arguments that follow its name.
	// ctx is cancelled on SIGINT or SIGTERM.
	Run(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

// commands returns the subcommands in the order "shelfgap help" lists
// them.
func commands() []command {
	return []command{
		newRunCommand(),
		newEstateCommand(),
		newValidateCommand(),
		newScenariosCommand(),
		newCalibrateCommand(),
		newMergeCommand(),
		newCompareCommand(),
		newVersionCommand(),
	}
}

// Exit codes.
const (
	exitOK      = 0   // success, or help that was asked for
	exitFailure = 1   // anything that is not the user's input: I/O, the engine
	exitUsage   = 2   // bad usage, bad input files or a bad scenario, a refused --out
	exitSignal  = 130 // interrupted (SIGINT or SIGTERM): 128 + SIGINT, as shells report it
)

// interruptGrace is how long a command has to stop by itself after the
// first SIGINT or SIGTERM.
const interruptGrace = 900 * time.Millisecond

// run runs shelfgap with the arguments after the program name and returns
// the exit code. The first SIGINT or SIGTERM cancels the context passed to
// the subcommand, which stops the simulation and removes staged output; a
// second one kills the process.
func run(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// After the first signal, restore the default behaviour, so that a
	// second Ctrl-C kills a command that is slow to stop, and give the
	// command interruptGrace to stop by itself: past it (a read blocked
	// on a pipe, a long step), the staging directories are removed and
	// the process exits 130 all the same.
	done := make(chan struct{})
	defer close(done) // before stop: returning is not an interrupt
	context.AfterFunc(ctx, func() {
		stop()
		time.AfterFunc(interruptGrace, func() {
			select {
			case <-done:
				return
			default:
			}
			removeStaging()
			fmt.Fprintln(stderr, "shelfgap: interrupted; no output was written")
			os.Exit(exitSignal)
		})
	})
	return exitCode(dispatch(ctx, args, stdout, stderr), stderr)
}

// exitCode prints err (if any) once to stderr and maps it to an exit code.
func exitCode(err error, stderr io.Writer) int {
	if err == nil || errors.Is(err, errHelp) {
		return exitOK
	}
	if errors.Is(err, context.Canceled) {
		fmt.Fprintln(stderr, "shelfgap: interrupted; no output was written")
		return exitSignal
	}
	fmt.Fprintf(stderr, "shelfgap: %v\n", err)
	// A device that fails to read or write is an I/O failure even when it
	// happens in an input file.
	for _, errno := range []syscall.Errno{syscall.EIO, syscall.ENOSPC, syscall.EDQUOT} {
		if errors.Is(err, errno) {
			return exitFailure
		}
	}
	var (
		ue *usageError
		oe *outError
		le *largeError
		de *data.Error
		fe *model.FieldError
	)
	switch {
	case errors.As(err, &ue):
		if ue.hint != "" {
			fmt.Fprintln(stderr, ue.hint)
		}
		return exitUsage
	case errors.As(err, &oe), errors.As(err, &le), errors.As(err, &de), errors.As(err, &fe):
		return exitUsage
	}
	return exitFailure
}

// errHelp is returned when help was asked for and printed: exit 0.
var errHelp = flag.ErrHelp

// usageError is a misuse of the command line: exit 2 with a hint.
type usageError struct {
	msg  string
	hint string // "Try 'shelfgap help run' ..." line, or ""
}

func (e *usageError) Error() string { return e.msg }

// usagef returns a *usageError for command c (nil for the top level).
func usagef(c command, format string, args ...any) error {
	name, hint := "", "Try 'shelfgap help' for a list of commands."
	if c != nil {
		name = c.Name() + ": "
		hint = fmt.Sprintf("Try 'shelfgap help %s' for usage and examples.", c.Name())
	}
	return &usageError{msg: name + fmt.Sprintf(format, args...), hint: hint}
}

// dispatch selects the subcommand and runs it.
func dispatch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		usage(stderr)
		return &usageError{msg: "no command given"}
	}
	name, rest := args[0], args[1:]
	switch name {
	case "-h", "-help", "--help", "help":
		if name == "help" && len(rest) > 0 {
			if len(rest) > 1 {
				return usagef(nil, "help: want one command name, got %d arguments", len(rest))
			}
			c, err := lookup(rest[0])
			if err != nil {
				return err
			}
			c.Usage(stdout)
			return nil
		}
		usage(stdout)
		return nil
	case "-v", "-version", "--version":
		name = "version"
	}
	if strings.HasPrefix(name, "-") {
		return flagFirst(args)
	}
	c, err := lookup(name)
	if err != nil {
		return err
	}
	return c.Run(ctx, rest, stdout, stderr)
}

// flagFirst returns the usage error for a command line that starts with a
// flag, suggesting the same line with the command moved first if there is
// one.
func flagFirst(args []string) error {
	for i, a := range args {
		for _, c := range commands() {
			if c.Name() == a {
				fixed := append([]string{"shelfgap", a}, args[:i]...)
				fixed = append(fixed, args[i+1:]...)
				return usagef(nil, "flags go after the command: try '%s'", strings.Join(fixed, " "))
			}
		}
	}
	return usagef(nil, "unknown flag %s: flags go after the command, as in 'shelfgap run %s'", args[0], args[0])
}

// lookup returns the command called name, or a usage error that names the
// nearest command.
func lookup(name string) (command, error) {
	cmds := commands()
	names := make([]string, 0, len(cmds)+1)
	for _, c := range cmds {
		if c.Name() == name {
			return c, nil
		}
		names = append(names, c.Name())
	}
	names = append(names, "help")
	if near := nearest(name, names); near != "" {
		return nil, usagef(nil, "unknown command %q; did you mean %q?", name, near)
	}
	return nil, usagef(nil, "unknown command %q", name)
}

// usage prints the top-level help.
func usage(w io.Writer) {
	fmt.Fprint(w, `shelfgap simulates what an outage of a grocer's automatic replenishment
system does to shelf availability and sales, store by SKU by day.

usage: shelfgap <command> [flags]

Commands:
`)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.Name(), c.Synopsis())
	}
	fmt.Fprintf(w, "  %-10s %s\n", "help", "show help for a command")
	fmt.Fprint(w, `
Run 'shelfgap help <command>' for a command's flags and examples.
Start with 'shelfgap run': it runs the default scenario on the built-in estate.
`)
}

// newFlagSet returns a flag set for c that prints nothing itself: parse
// errors and help are handled by parseFlags.
func newFlagSet(c command) *flag.FlagSet {
	fs := flag.NewFlagSet("shelfgap "+c.Name(), flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// parseFlags parses args into fs. On -h or --help it prints c's usage to
// stdout and returns errHelp; a bad flag becomes a *usageError naming the
// nearest defined flag.
func parseFlags(c command, fs *flag.FlagSet, args []string, stdout io.Writer) error {
	err := fs.Parse(args)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, flag.ErrHelp):
		c.Usage(stdout)
		return errHelp
	}
	msg := err.Error()
	const undefined = "flag provided but not defined: -"
	if bad, ok := strings.CutPrefix(msg, undefined); ok {
		var names []string
		fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
		msg = fmt.Sprintf("unknown flag --%s", bad)
		if near := nearest(bad, names); near != "" {
			msg += fmt.Sprintf("; did you mean --%s?", near)
		}
	} else {
		// "invalid value "x" for flag -seed: ...", "flag needs an
		// argument: -out": name flags as the help does.
		msg = strings.Replace(msg, "flag -", "flag --", 1)
		msg = strings.Replace(msg, "argument: -", "argument: --", 1)
	}
	return usagef(c, "%s", msg)
}

// printFlags prints fs's flags as "  --name value" lines, each followed by
// its indented help text, like flag.PrintDefaults but with GNU-style
// double dashes (both forms are accepted).
func printFlags(w io.Writer, fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		name, help := flag.UnquoteUsage(f)
		line := "  --" + f.Name
		if name != "" {
			line += " " + name
		}
		fmt.Fprintln(w, line)
		help = strings.ReplaceAll(help, "\n", "\n    \t")
		fmt.Fprintf(w, "    \t%s", help)
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" {
			fmt.Fprintf(w, " (default %s)", f.DefValue)
		}
		fmt.Fprintln(w)
	})
}

// nearest returns the name in names closest to s, if it is close enough
// to be a likely typo: a name that starts with s (for s of two or more
// bytes), or else the first name within an edit distance of max(1,
// len(s)/3). It returns "" if there is none.
func nearest(s string, names []string) string {
	if len(s) >= 2 {
		for _, n := range names {
			if strings.HasPrefix(n, s) {
				return n
			}
		}
	}
	best, bestD := "", max(1, len(s)/3)+1
	for _, n := range names {
		if d := editDistance(s, n); d < bestD {
			best, bestD = n, d
		}
	}
	return best
}

// editDistance is the optimal string alignment distance between a and b,
// in bytes: insertions, deletions, substitutions and transpositions of
// adjacent bytes each cost 1, so "rnu" is 1 from "run".
func editDistance(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}
