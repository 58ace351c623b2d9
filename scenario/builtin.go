package scenario

import (
	"embed"
	"errors"
	"fmt"
	"slices"
	"strings"
)

//go:embed builtin/*.yaml
var builtinFS embed.FS

// builtinNames fixes the order the built-ins are listed and compared in:
// the status quo first, each option of the public debate, the demand-side
// levers, and the combined package last.
var builtinNames = []string{
	"baseline",
	"us-strikes-leadership",
	"us-strikes-labs",
	"fto-sanctions",
	"mexico-troops",
	"intel-sharing",
	"extraditions",
	"border-inspection",
	"unilateral-campaign",
	"precursor-controls",
	"naloxone",
	"moud",
	"combined",
}

// ErrUnknownBuiltin is returned, wrapped, by Builtin for a name that is not
// a built-in scenario.
var ErrUnknownBuiltin = errors.New("scenario: unknown built-in scenario")

// BuiltinNames lists the built-in scenarios, baseline first, combined last.
func BuiltinNames() []string { return slices.Clone(builtinNames) }

// Builtins parses every built-in scenario, in the order of BuiltinNames.
// It panics if one is invalid, which the package's tests rule out.
func Builtins() []*Scenario {
	out := make([]*Scenario, len(builtinNames))
	for i, name := range builtinNames {
		s, err := Builtin(name)
		if err != nil {
			panic(err.Error())
		}
		out[i] = s
	}
	return out
}

// Builtin parses the built-in scenario called name. Each call returns a new
// Scenario that the caller may change.
func Builtin(name string) (*Scenario, error) {
	if !isBuiltin(name) {
		return nil, fmt.Errorf("%w %q%s", ErrUnknownBuiltin, name, builtinHint(name))
	}
	b, err := builtinFS.ReadFile("builtin/" + name + ".yaml")
	if err != nil {
		return nil, fmt.Errorf("scenario: built-in %s: %w", name, err)
	}
	return Parse("builtin:"+name, b)
}

func isBuiltin(name string) bool { return slices.Contains(builtinNames, name) }

// builtinHint suggests a close built-in name and lists them all.
func builtinHint(name string) string {
	hint := ""
	if c := suggest(name, builtinNames); c != "" {
		hint = fmt.Sprintf("; did you mean %q?", c)
	}
	return hint + "; built-ins are " + strings.Join(builtinNames, ", ")
}
