// Package paramtest gives model tests their module's parameters at the
// registry defaults, without building the whole engine (which imports every
// module, so a module's own tests cannot import it).
package paramtest

import (
	"testing"

	"github.com/cartelsim/cartelsim/params"
)

// Defaults builds a registry from list, which must pass params.New's
// checks, and reads a module's Params from its defaults with from.
func Defaults[P any](tb testing.TB, list []params.Param, from func(params.Values) P) P {
	tb.Helper()
	reg, err := params.New(list)
	if err != nil {
		tb.Fatal(err)
	}
	return from(reg.Defaults())
}
