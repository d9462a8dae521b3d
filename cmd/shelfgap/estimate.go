package main

import (
	"fmt"
	"io"

	"github.com/shelfgap/shelfgap/model"
)

// Limits of a run without --allow-large. A run past either is refused
// before it starts, with its estimate, so that an accepted run neither
// runs for days nor dies of memory half-way.
const (
	// maxCellDays is 2e11 store-SKU-days, about twice the default
	// scenario on the default estate at full resolution (--full, 20
	// replicates: 8.6e10 by this estimate).
	maxCellDays = 2e11
	// maxBytes is 8 GiB of estimated memory.
	maxBytes = 8 << 30
)

// largeError refuses a run past the limits: the user's choice of
// scenario, so exit 2.
type largeError struct{ msg string }

func (e *largeError) Error() string { return e.msg }

// checkSize returns a *largeError if est is past the limits and allow is
// false.
func checkSize(est model.Estimate, allow bool) error {
	if allow || est.CellDays <= maxCellDays && est.Bytes <= maxBytes {
		return nil
	}
	return &largeError{fmt.Sprintf("the run is too large: %s; the limits are %s store-SKU-days and %s of memory. "+
		"Use fewer --replicates, --days or recovery times, a smaller --sample, or give --allow-large to run it anyway",
		describeSize(est), countFloat(maxCellDays), gib(maxBytes))}
}

// describeSize describes an estimate for messages.
func describeSize(est model.Estimate) string {
	return fmt.Sprintf("about %s store-SKU-days (%s cells) and %s of memory",
		countFloat(float64(est.CellDays)), count(int(est.Cells)), gib(est.Bytes))
}

func printSize(w io.Writer, est model.Estimate) {
	fmt.Fprintf(w, "  estimate: %s\n", describeSize(est))
}

// countFloat formats a large count: 2e+11 as "200,000,000,000".
func countFloat(v float64) string {
	if v >= 1e18 {
		return fmt.Sprintf("%.3g", v)
	}
	return count(int(v))
}

// gib formats bytes in GiB (or MiB below 1 GiB).
func gib(b int64) string {
	if b < 1<<30 {
		return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20))
	}
	return fmt.Sprintf("%.1f GiB", float64(b)/(1<<30))
}
