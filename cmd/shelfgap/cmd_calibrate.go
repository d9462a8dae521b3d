package main

// This is a stub for the calibration helper to replace: it keeps the
// subcommand table in run.go compiling until 'shelfgap calibrate' exists.

import (
	"context"
	"errors"
	"fmt"
	"io"
)

type calibrateCommand struct{}

func newCalibrateCommand() command { return calibrateCommand{} }

func (calibrateCommand) Name() string { return "calibrate" }
func (calibrateCommand) Synopsis() string {
	return "fit an estate's demand to a sales history (not implemented yet)"
}

func (c calibrateCommand) Usage(w io.Writer) {
	fmt.Fprint(w, "usage: shelfgap calibrate --sales FILE --out DIR\n\nNot implemented yet.\n")
}

func (c calibrateCommand) Run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet(c)
	if err := parseFlags(c, fs, args, stdout); err != nil {
		return err
	}
	return errors.New("calibrate: not implemented yet")
}
