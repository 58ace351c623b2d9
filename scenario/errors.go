package scenario

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/cartelsim/cartelsim/internal/textdist"
)

// Problem is one thing wrong with a scenario, placed by file, line and key
// path so that the user can go straight to it.
type Problem struct {
	// File is the scenario's origin: a path, or "builtin:NAME".
	File string
	// Line is the 1-based line in File, or 0 when the problem has no place
	// in a file (a scenario built in code, an empty document).
	Line int
	// Field is the key path, e.g. "levers[1].intensity"; empty for a
	// problem with the document as a whole.
	Field string
	// Msg says what is wrong and what is wanted.
	Msg string
}

// String writes p as "file:line: field: msg", leaving out the parts p lacks.
func (p Problem) String() string {
	var b strings.Builder
	if p.File != "" {
		b.WriteString(p.File)
		if p.Line > 0 {
			fmt.Fprintf(&b, ":%d", p.Line)
		}
		b.WriteString(": ")
	} else if p.Line > 0 {
		fmt.Fprintf(&b, "line %d: ", p.Line)
	}
	if p.Field != "" {
		b.WriteString(p.Field)
		b.WriteString(": ")
	}
	b.WriteString(p.Msg)
	return b.String()
}

// Error is every problem found in one scenario. The CLI maps it to the exit
// code for bad input with errors.As.
type Error struct {
	// Problems are the errors, in file order.
	Problems []Problem
	// Warnings found alongside them, so that a fixed file does not surprise
	// the user with new complaints.
	Warnings []Problem
}

// Error writes one problem per line.
func (e *Error) Error() string {
	if len(e.Problems) == 0 {
		return "scenario: no problems"
	}
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// maxProblems caps the problems reported for one file: past it the user is
// better served by fixing the first ones, and a hostile file full of aliases
// cannot make us build millions of messages.
const maxProblems = 100

// problems collects problems and warnings for one file.
type problems struct {
	file     string
	errs     []Problem
	warnings []Problem
	dropped  int
}

func (ps *problems) add(line int, field, format string, a ...any) {
	if len(ps.errs) >= maxProblems {
		ps.dropped++
		return
	}
	ps.errs = append(ps.errs, Problem{File: ps.file, Line: line, Field: clipField(field), Msg: fmt.Sprintf(format, a...)})
}

func (ps *problems) warn(line int, field, format string, a ...any) {
	if len(ps.warnings) >= maxProblems {
		return
	}
	ps.warnings = append(ps.warnings, Problem{File: ps.file, Line: line, Field: clipField(field), Msg: fmt.Sprintf(format, a...)})
}

// clip shortens user text quoted in a message: a 100 kB key or value
// helps no one, and repeated through aliases it would make the error huge.
func clip(s string) string { return clipN(s, 40) }

// clipN cuts s to at most n bytes, at a rune boundary, marking the cut.
func clipN(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := n
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "..."
}

// quote is clip, quoted.
func quote(s string) string { return strconv.Quote(clip(s)) }

// clipField shortens a key path whose keys are absurdly long.
func clipField(f string) string { return clipN(f, 200) }

// sorted puts problems in file order; problems without a line stay first
// in the order they were found.
func sorted(ps []Problem) []Problem {
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Line < ps[j].Line })
	return ps
}

// err returns the collected errors as an *Error, or nil when there are none.
func (ps *problems) err() error {
	if len(ps.errs) == 0 {
		return nil
	}
	errs := sorted(append([]Problem(nil), ps.errs...))
	if ps.dropped > 0 {
		errs = append(errs, Problem{File: ps.file, Msg: fmt.Sprintf("%d more problems not shown", ps.dropped)})
	}
	return &Error{Problems: errs, Warnings: sorted(append([]Problem(nil), ps.warnings...))}
}

// suggest returns the candidate closest to s by edit distance, if it is
// close enough to be a likely typo, else "".
func suggest(s string, candidates []string) string {
	best, bestD := "", -1
	for _, c := range candidates {
		d := textdist.Levenshtein(strings.ToLower(s), strings.ToLower(c))
		if bestD < 0 || d < bestD {
			best, bestD = c, d
		}
	}
	// A third of the word, at least one and at most three edits: "intesity"
	// finds "intensity", "foo" finds nothing.
	limit := min(max(len(best)/3, 1), 3)
	if bestD < 0 || bestD > limit {
		return ""
	}
	return best
}

// didYouMean returns "; did you mean X?" for a close candidate, else
// "; want one of A, B, C".
func didYouMean(s string, candidates []string) string {
	if c := suggest(s, candidates); c != "" {
		return "; did you mean " + strconv.Quote(c) + "?"
	}
	return "; want one of " + strings.Join(candidates, ", ")
}
