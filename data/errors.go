package data

import (
	"errors"
	"fmt"
)

// Error is an input error with its position: the file, the 1-based line
// and column (0 when not known) and the field (a column name or a YAML key
// path). It prints as
//
//	stores.csv:5:3: weekly_sales_gbp: want a number >= 0, got "-12"
type Error struct {
	File         string
	Line, Column int
	Field        string
	Err          error
}

func (e *Error) Error() string {
	pos := e.File
	if e.Line > 0 {
		pos = fmt.Sprintf("%s:%d", pos, e.Line)
		if e.Column > 0 {
			pos = fmt.Sprintf("%s:%d", pos, e.Column)
		}
	}
	msg := e.Err.Error()
	if e.Field != "" {
		msg = e.Field + ": " + msg
	}
	if pos == "" {
		return msg
	}
	return pos + ": " + msg
}

func (e *Error) Unwrap() error { return e.Err }

// Sentinels that an Error's Err wraps, for errors.Is.
var (
	ErrMissingFile   = errors.New("missing file")
	ErrEmpty         = errors.New("empty file")
	ErrSemicolon     = errors.New("semicolon-separated file")
	ErrMissingColumn = errors.New("missing column")
	ErrUnknownColumn = errors.New("unknown column")
	ErrUnknownKey    = errors.New("unknown key")
	ErrDuplicate     = errors.New("duplicate")
	ErrUnknownName   = errors.New("unknown")
)

// nearest returns the candidate closest to s by edit distance, or "" if
// none is close enough to be a plausible typo (distance at most half of
// the longer string).
func nearest(s string, candidates []string) string {
	best, bestD := "", -1
	for _, c := range candidates {
		d := editDistance(s, c)
		if bestD < 0 || d < bestD {
			best, bestD = c, d
		}
	}
	if bestD < 0 || 2*bestD > max(len(s), len(best)) {
		return ""
	}
	return best
}

// didYouMean returns `; did you mean "x"?` for the nearest candidate, or "".
func didYouMean(s string, candidates []string) string {
	if n := nearest(s, candidates); n != "" {
		return fmt.Sprintf("; did you mean %q?", n)
	}
	return ""
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
