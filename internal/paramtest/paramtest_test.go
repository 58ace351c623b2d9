package paramtest

import (
	"testing"

	"github.com/cartelsim/cartelsim/params"
)

func TestDefaults(t *testing.T) {
	t.Parallel()
	list := []params.Param{{Name: "m.x", Module: "m", Unit: "1", Default: 0.25,
		Prior: params.Prior{Dist: params.Uniform, Lo: 0, Hi: 1}, Source: "assumption: test", Description: "x"}}
	got := Defaults(t, list, func(v params.Values) float64 { return v.Get("m.x") })
	if got != 0.25 {
		t.Errorf("Defaults = %g, want 0.25", got)
	}
}
