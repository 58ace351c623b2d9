package market_test

import (
	"fmt"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/model/market"
	"github.com/cartelsim/cartelsim/params"
)

// ExampleStep doubles deliveries from 500 to 1,000 kg a month in 2019,
// with purity observed from 2020 (here a constant 8%); the share includes
// the last of the direct imports by mail, fading through 2020. The price falls
// while retail supply is above its slow-moving trend and recovers as the
// trend catches up.
func ExampleStep() {
	reg, err := params.New(market.Parameters())
	if err != nil {
		panic(err)
	}
	p := market.FromValues(reg.Defaults())
	obs := func(m calendar.Month) (float64, bool) { return 8, m >= calendar.Of(2020, 1) }
	s := market.Init(p, 500)
	const catch = 0.12 // status-quo share of arrivals seized (border defaults)
	for m := calendar.Of(2019, 1); m <= calendar.Of(2020, 12); m++ {
		market.Step(m, p, obs, market.Inputs{Delivered: 1000, Available: 1, Catch: catch, Catch0: catch}, s)
		if m.Num() == 12 {
			fmt.Printf("%v: retail %.0f kg, purity %.1f%%, fentanyl share %.2f, price index %.2f\n",
				m, s.Retail, s.Purity, s.Share, s.PriceIndex)
		}
	}
	// Output:
	// 2019-12: retail 1000 kg, purity 8.0%, fentanyl share 0.60, price index 0.47
	// 2020-12: retail 1000 kg, purity 8.0%, fentanyl share 0.59, price index 0.66
}
