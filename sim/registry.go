package sim

import (
	"github.com/cartelsim/cartelsim/model/border"
	"github.com/cartelsim/cartelsim/model/diplomacy"
	"github.com/cartelsim/cartelsim/model/health"
	"github.com/cartelsim/cartelsim/model/market"
	"github.com/cartelsim/cartelsim/model/orgs"
	"github.com/cartelsim/cartelsim/model/routes"
	"github.com/cartelsim/cartelsim/model/supply"
	"github.com/cartelsim/cartelsim/model/violence"
	"github.com/cartelsim/cartelsim/params"
)

// Modules lists the model modules in the order the engine steps them.
func Modules() []string {
	return []string{"policy", "diplomacy", "supply", "routes", "border", "market", "health", "orgs", "violence"}
}

// Registry gathers every module's parameters into one registry.
func Registry() (*params.Registry, error) {
	return params.New(
		diplomacy.Parameters(),
		supply.Parameters(),
		routes.Parameters(),
		border.Parameters(),
		market.Parameters(),
		health.Parameters(),
		orgs.Parameters(),
		violence.Parameters(),
	)
}
