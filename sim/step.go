package sim

import (
	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/geo"
	"github.com/cartelsim/cartelsim/model/border"
	"github.com/cartelsim/cartelsim/model/diplomacy"
	"github.com/cartelsim/cartelsim/model/health"
	"github.com/cartelsim/cartelsim/model/market"
	"github.com/cartelsim/cartelsim/model/orgs"
	"github.com/cartelsim/cartelsim/model/routes"
	"github.com/cartelsim/cartelsim/model/supply"
	"github.com/cartelsim/cartelsim/model/violence"
)

// step advances every module by one month, in the declared order.
func (e *engine) step(t calendar.Month) error {
	lv := &e.lv
	e.plan.Step(t, lv)
	e.historyTroops(t, lv)

	// diplomacy
	strikes, labs := 0.0, 0.0
	for s := range lv.StrikesLeadership {
		strikes += lv.StrikesLeadership[s]
		labs = max(labs, lv.StrikesLabs[s])
	}
	diplomacy.Step(e.pd, diplomacy.Inputs{
		Unilateral: lv.Unilateral, UnilateralLabs: lv.UnilateralLabs,
		Strikes: strikes, StrikeLabs: labs, Intel: lv.Intel, Sanctions: lv.Sanctions,
	}, e.sd)
	coop := e.pd.Scale(e.sd.C)

	// supply
	// Production answers to last month's leadership integrity.
	e.so.IntegrityByState(e.integrity[:])
	supply.Step(t, e.ps, supply.Inputs{StrikeShare: &lv.StrikesLabs, Precursor: lv.Precursor, Integrity: e.integrity[:]}, e.ss)
	e.ledger.Produced += e.ss.Production

	// routes: traffickers weigh each port's catch probability.
	// Ports are in the embedded network's order, as scenario.PortIDs.
	for i, p := range e.w.Border.Ports {
		e.portScan[i] = lv.PortScan(i, p.Office)
	}
	bin := border.Inputs{Scan: e.portScan, Intel: lv.Intel * coop, StatusQuo: e.pb.StatusQuoScan(t), Other: e.pb.StatusQuoOther(t)}
	border.Catch(e.pb, e.w.Border, bin, e.portCatch)
	if err := routes.Step(e.pr, e.w.Routes, routes.Inputs{
		Production: &e.ss.ProductionByState, Troops: &lv.Troops, Effort: e.sd.Effort, PortCatch: e.portCatch,
	}, e.sr); err != nil {
		return err
	}
	e.ledger.Lost += e.sr.Lost
	e.ledger.InTransit = e.sr.InTransit

	// border
	bin.Arrivals = e.sr.PortArrivals
	border.Step(e.pb, e.w.Border, bin, e.sb)
	e.ledger.Seized += e.sb.Seized
	e.ledger.Delivered += e.sb.Delivered

	// market
	catch := e.catch0
	if arr := e.sr.Arrivals[0] + e.sr.Arrivals[1] + e.sr.Arrivals[2] + e.sr.Arrivals[3]; arr > 0 {
		catch = e.sb.Seized / arr
	}
	market.Step(t, e.pm, e.w.purity, market.Inputs{
		Delivered: e.sb.Delivered, Available: e.ss.Available, Catch: catch, Catch0: e.catch0,
	}, e.sm)

	// health
	health.Step(t, e.ph, health.Inputs{
		Share: e.sm.Share, Purity: e.sm.Purity, Naloxone: lv.Naloxone, MOUD: lv.MOUD, Retention: lv.Retention,
	}, e.sh)

	// orgs: enforcement and revenue set this month's multipliers.
	e.revenue = e.ps.Revenue(e.sb.Delivered, lv.Sanctions)
	troops := 0.0
	for _, x := range lv.Troops {
		troops += x
	}
	in := &e.orgsIn
	in.Recruitment = e.ps.Recruitment(e.ss, lv.Sanctions)
	in.Incapacitation = 1 + e.pv.TroopIncap*troops/1e4*e.sd.Effort +
		e.pv.ExtraditionInc*lv.Extraditions/100*coop +
		e.pv.IntelIncap*lv.Intel*coop
	in.Lethality = 1
	e.removals = e.removals[:0]
	success := e.pv.RemovalSuccess * (1 + e.pv.IntelRemoval*lv.Intel*coop)
	for s := range geo.NumStates {
		if c := lv.Captures[s]; c > 0 {
			e.removals = append(e.removals, orgs.Removal{State: s, Kind: orgs.Capture, Count: c / 12 * success * e.sd.Effort})
		}
		if c := lv.StrikesLeadership[s]; c > 0 {
			e.removals = append(e.removals, orgs.Removal{State: s, Kind: orgs.Killing, Count: c / 12 * success})
		}
	}
	if lv.Extraditions > 0 {
		// Extraditions reach the leadership of the largest trafficking
		// groups, whose home states are the producing states.
		ps := supply.ProducingStates()
		per := lv.Extraditions / 12 * e.pv.ExtraditionLead * coop / float64(len(ps))
		for _, s := range ps {
			e.removals = append(e.removals, orgs.Removal{State: s, Kind: orgs.Extradition, Count: per})
		}
	}
	for s := range geo.NumStates {
		if a := lv.Arrests[s]; a > 0 {
			e.removals = append(e.removals, orgs.Removal{State: s, Kind: orgs.MidLevelArrest, Count: a / 12 * success * e.sd.Effort})
		}
	}
	e.targetedRemovals(lv, success, coop)
	in.Splits = in.Splits[:0]
	e.historyEvents(t, in)
	in.Removals = e.removals
	if err := orgs.Step(t, e.po, *in, e.so, e.rngOrgs); err != nil {
		return err
	}

	// violence
	violence.StateThroughput(e.w.Routes.Net, e.sr.EdgeFlow, e.throughput[:])
	violence.Step(t, e.pv, violence.Inputs{
		Casualties: e.so.CasualtiesByState, Contest: e.so.ContestByState, Revenue: e.revenue, Population: e.w.population(t.Year()), Troops: &lv.Troops,
		Throughput: e.throughput[:],
	}, e.sv, e.rngViolence)
	return nil
}

// record hands the month's outputs to rec and returns how many rows it wrote.
func (e *engine) record(t calendar.Month, rec Recorder) (int, error) {
	e.collect()
	if mr, ok := rec.(MonthRecorder); ok {
		return len(e.vals), mr.RecordMonth(t, e.names, e.vals)
	}
	for i, x := range e.vals {
		if err := rec.Record(t, e.names[i].Variable, e.names[i].Region, x); err != nil {
			return i, err
		}
	}
	return len(e.vals), nil
}

// collect fills e.vals with the month's outputs and, the first time, e.names
// with their names: one list of put calls gives both, so they cannot
// disagree.
func (e *engine) collect() {
	named := e.names != nil
	vals := e.vals[:0]
	put := func(v, region string, x float64) {
		vals = append(vals, x)
		if !named {
			e.names = append(e.names, Output{v, region})
		}
	}
	const all = "all"
	put(VarDeaths, all, e.sh.Deaths)
	put(VarSynthetic, all, e.sh.SyntheticDeaths)
	put(VarOpioid, all, e.sh.OpioidDeaths)
	put(VarStimulant, all, e.sh.StimulantDeaths)
	put(VarIllicitUsers, all, e.sh.Y[health.I])
	put(VarMOUD, all, e.sh.Y[health.T]+e.sh.Y[health.TO])
	put(VarRemission, all, e.sh.Y[health.R])
	put(VarProduction, all, e.ss.Production)
	for _, s := range supply.ProducingStates() {
		put(VarProduction, e.w.states[s].Code, e.ss.ProductionByState[s])
	}
	arr := 0.0
	for _, a := range e.sr.Arrivals {
		arr += a
	}
	put(VarFlow, all, arr)
	for i, o := range e.w.offices {
		put(VarFlow, o.Short, e.sr.Arrivals[i])
	}
	for i, r := range e.w.Routes.Roads {
		put(VarRouteFlow, r, e.sr.RoadFlow[i])
	}
	for i, p := range e.w.Routes.Net.Ports {
		id := e.w.Routes.Net.Nodes[p.Node].ID
		put(VarPortCrossings, id, e.sb.Crossings[i])
		put(VarSeizedLbs, id, e.sb.SeizedPort[i]*border.LbsPerKg)
	}
	put(VarRouteGap, all, e.sr.Gap)
	put(VarLostMexico, all, e.sr.Lost)
	put(VarInTransit, all, e.sr.InTransit)
	put(VarSeizedKg, all, e.sb.Seized)
	put(VarSeizedLbs, all, e.sb.Seized*border.LbsPerKg)
	ports, between := 0.0, 0.0
	for _, x := range e.sb.SeizedPorts {
		ports += x
	}
	for _, x := range e.sb.SeizedBetween {
		between += x
	}
	put(VarSeizedLbs, "ports", ports*border.LbsPerKg)
	put(VarSeizedLbs, "between", between*border.LbsPerKg)
	for i, o := range e.w.offices {
		put(VarSeizedLbs, o.Short, e.sb.SeizedPorts[i]*border.LbsPerKg)
	}
	for i, s := range e.w.sectors {
		put(VarSeizedLbs, s.Short, e.sb.SeizedBetween[i]*border.LbsPerKg)
	}
	put(VarDelivered, all, e.sb.Delivered)
	put(VarPurity, all, e.sm.Purity)
	put(VarShare, all, e.sm.Share)
	put(VarPrice, all, e.sm.PriceIndex)
	put(VarHomicides, all, e.sv.Total)
	for i, s := range e.w.states {
		put(VarHomicides, s.Code, e.sv.Drawn[i])
	}
	members, groups := 0.0, 0
	for i, m := range e.so.Members {
		if e.so.Active[i] {
			members += m
			groups++
		}
	}
	put(VarMembers, all, members)
	put(VarGroups, all, float64(groups))
	put(VarSplits, all, float64(e.so.Splits))
	put(VarCasualties, all, e.so.Casualties)
	put(VarCooperation, all, e.sd.C)
	put(VarPrecursorAccess, all, e.ss.Available)
	e.vals = vals
}
