package health

import (
	"math"

	"github.com/cartelsim/cartelsim/calendar"
)

// Chen2019 targets: Chen et al. (2019, JAMA Netw Open 2:e187621) project
// 33,100 opioid overdose deaths in 2015 and 81,700 (95% UI 63,600–101,700)
// in 2025 under the historical trends.
const (
	Chen2015      = 33100
	Chen2025      = 81700
	Chen2025Lo    = 63600
	Chen2025Hi    = 101700
	chenStabilise = 2025 // Chen's trends stabilise (APC falls linearly to zero) by 2025

	// Chen's direct illicit initiation: 13,489 a year in 2002 growing
	// 23.5% a year (eTable 4, as ported in WhyNot; ANCHORS §3.2).
	chenIllicit2002 = 13489
	chenIllicitAPC  = 0.235
)

// ChenYear is one year of the Chen reproduction.
type ChenYear struct {
	Year                   int
	Opioid, Illicit, Share float64 // opioid deaths, illicit users (Dec), fentanyl share (Dec)
	OpioidUsers, PrescOnly float64 // N+O+I and N+O in December
}

// Chen2019 reruns the module as Chen et al. (2019) framed their
// projection: the spin-up from 1999 to 2015, then fentanyl's dynamics
// frozen to their 2015 trend (the share keeps growing at its pre-2015 rate,
// the rate falling linearly to zero by 2025 as Chen's trends do), Chen's
// own direct illicit initiation (13,489 a year in 2002, +23.5%/yr) on the
// same schedule, purity at
// the reference, and none of what Chen could not know (COVID-19, OTC
// naloxone). It returns 2015 to 2025.
func Chen2019(p Params) ([]ChenYear, error) {
	p.Covid, p.NaloxoneOTC = 0, 0
	start := calendar.Of(2015, 1)
	s, err := Init(p, start)
	if err != nil {
		return nil, err
	}
	var out []ChenYear
	share := p.Share2015
	inc := chenIllicit2002 * math.Pow(1+chenIllicitAPC, 2015-2002)
	y := ChenYear{Year: 2015}
	for t := start; t < calendar.Of(2026, 1); t++ {
		yr := float64(t-start) / 12
		decay := max(0, 1-yr/float64(chenStabilise-2015))
		Step(t, p, Inputs{Share: share}, s)
		// The trend is on the odds f/(1 − f), as the market's Hill share
		// grows with supply; the share approaches 1 without a kink.
		odds := share / (1 - share) * math.Exp(p.ShareGrowth*decay/12)
		share = odds / (1 + odds)
		p.IllicitIncidence = inc
		inc *= math.Pow(1+chenIllicitAPC*decay, 1.0/12)
		y.Opioid += s.OpioidDeaths
		if t.Num() == 12 {
			y.Illicit, y.Share = s.Y[I], share
			y.OpioidUsers, y.PrescOnly = s.Y[N]+s.Y[O]+s.Y[I], s.Y[N]+s.Y[O]
			out = append(out, y)
			y = ChenYear{Year: t.Year() + 1}
		}
	}
	return out, nil
}
