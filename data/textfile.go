package data

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"unicode/utf8"
)

// Limits of the text files shelfgap reads. A file or line beyond them is
// refused with its position before it is read into memory.
const (
	// MaxCSVBytes is the largest CSV input file: 2 GiB, about 50 million
	// rows of ranges.csv (the built-in default estate's would be about
	// 7 million).
	MaxCSVBytes = 2 << 30
	// MaxScenarioBytes is the largest scenario file: 1 MiB (the longest
	// example is under 10 KiB).
	MaxScenarioBytes = 1 << 20
	// MaxLineBytes is the longest line of a CSV or scenario file: 64 KiB.
	MaxLineBytes = 64 << 10
)

// openText opens path for reading as a text input: it must be a regular
// file (a FIFO, a device or a directory is refused, so that reading it
// cannot block or never end) of at most max bytes. A broken symbolic link
// is reported as such. name is the file's name in errors. An absent file
// returns an error wrapping fs.ErrNotExist.
func openText(path, name string, max int64) (*os.File, error) {
	fi, err := os.Stat(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			if li, lerr := os.Lstat(path); lerr == nil && li.Mode()&fs.ModeSymlink != 0 {
				target, _ := os.Readlink(path)
				return nil, &Error{File: name, Err: fmt.Errorf("broken symbolic link to %q: want a file", target)}
			}
		}
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, &Error{File: name, Err: fmt.Errorf("want a regular file, got %s", describeMode(fi.Mode()))}
	}
	if fi.Size() > max {
		return nil, &Error{File: name, Err: fmt.Errorf("want a file of at most %s, got %s", bytesText(max), sizeText(fi.Size()))}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	// Check again on the open file: the path may have changed.
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		f.Close()
		return nil, &Error{File: name, Err: errors.New("want a regular file")}
	}
	return f, nil
}

func describeMode(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}

// bytesText formats a limit of n bytes: "2 GiB", "64 KiB", "1 MiB".
func bytesText(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return sizeText(n)
}

// sizeText formats a size in bytes with thousands separators.
func sizeText(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s + " bytes"
}

// textReader passes a text file through, refusing (with the line) a line
// longer than MaxLineBytes, a NUL byte (UTF-16 without a byte-order mark,
// or a binary file) and bytes that are not UTF-8. Input that is not
// UTF-8 is refused rather than guessed at: a Windows-1252 "é" would
// otherwise reach the UTF-8 outputs as an invalid byte.
type textReader struct {
	r    io.Reader
	file string
	line int // current line, 1-based
	col  int // characters in the current line so far
	n    int // bytes in the current line so far
	// carry holds the bytes of an incomplete UTF-8 sequence at the end of
	// the last read.
	carry []byte
	err   error
}

func newTextReader(r io.Reader, file string) *textReader {
	return &textReader{r: r, file: file, line: 1}
}

func (t *textReader) Read(p []byte) (int, error) {
	if t.err != nil {
		return 0, t.err
	}
	n, err := t.r.Read(p)
	if cerr := t.check(p[:n], err == io.EOF); cerr != nil {
		t.err = cerr
		// Pass no bytes of a bad read: the error is the reader's result.
		return 0, cerr
	}
	return n, err
}

func (t *textReader) check(b []byte, eof bool) error {
	// UTF-8 validity across read boundaries: validate carry+b up to the
	// last complete rune.
	buf := b
	if len(t.carry) > 0 {
		buf = append(append([]byte(nil), t.carry...), b...)
		t.carry = t.carry[:0]
	}
	end := len(buf)
	if !eof {
		// Keep back an incomplete trailing sequence (at most 3 bytes).
		for i := 1; i <= 3 && i <= len(buf); i++ {
			c := buf[len(buf)-i]
			if c < 0x80 {
				break
			}
			if utf8.RuneStart(c) {
				if !utf8.FullRune(buf[len(buf)-i:]) {
					end = len(buf) - i
				}
				break
			}
		}
	}
	for i := 0; i < end; {
		c := buf[i]
		switch {
		case c == '\n':
			t.line++
			t.col, t.n = 0, 0
			i++
			continue
		case c == 0:
			return &Error{File: t.file, Line: t.line, Column: t.col + 1,
				Err: errors.New("NUL byte: want UTF-8 text, got a binary file or UTF-16 without a byte-order mark; save it as UTF-8")}
		case c < utf8.RuneSelf:
			i++
			t.n++
		default:
			r, size := utf8.DecodeRune(buf[i:end])
			if r == utf8.RuneError && size <= 1 {
				return &Error{File: t.file, Line: t.line, Column: t.col + 1,
					Err: fmt.Errorf("byte 0x%02x is not UTF-8: want UTF-8 text (a Windows-1252 or Latin-1 file? save it as UTF-8)", c)}
			}
			i += size
			t.n += size
		}
		t.col++
		if t.n > MaxLineBytes {
			return &Error{File: t.file, Line: t.line,
				Err: fmt.Errorf("line longer than %s: want lines of at most %s", bytesText(MaxLineBytes), bytesText(MaxLineBytes))}
		}
	}
	t.carry = append(t.carry, buf[end:]...)
	return nil
}

// looksUTF16 reports whether b, the start of a file, is UTF-16 text
// without a byte-order mark: a NUL in every other byte of its first
// characters.
func looksUTF16(b []byte) bool {
	b = b[:min(len(b), 64)]
	if len(b) < 4 {
		return false
	}
	even, odd := 0, 0
	for i, c := range b {
		if c == 0 {
			if i%2 == 0 {
				even++
			} else {
				odd++
			}
		}
	}
	return even >= len(b)/4 || odd >= len(b)/4
}

var utf16BOMs = [][]byte{[]byte("\xff\xfe"), []byte("\xfe\xff")}

// isUTF16 reports whether b starts like a UTF-16 file, with or without a
// byte-order mark.
func isUTF16(b []byte) bool {
	for _, bom := range utf16BOMs {
		if bytes.HasPrefix(b, bom) {
			return true
		}
	}
	return looksUTF16(b)
}
